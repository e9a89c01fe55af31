-- The channels of a task channel in routing order (longest idle first, then sid), so the match
-- reads them in that order and stops at the first eligible, free one instead of sorting them all.
create index worker_channel_idle_idx on worker_channel (task_channel_sid, idle_since, sid);
drop index worker_channel_channel_idx;

-- The tasks waiting in a queue, best first. On PostgreSQL it holds waiting tasks only
-- (${waitingTasksOnly} is a WHERE clause there and empty on H2, which has no partial indexes):
-- a task's every earlier row version stays in an index until VACUUM, and an index over all
-- statuses makes a worker-driven pass wade through every task that was ever reserved.
create index task_waiting_idx on task (task_queue_sid, priority desc, date_created) ${waitingTasksOnly};

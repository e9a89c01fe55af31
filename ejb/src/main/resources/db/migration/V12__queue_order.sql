-- Queue order is TaskRouter's: priority, then the virtual start time (the creation time unless
-- the task's VirtualStartTime was set), newest first in a LIFO queue. The waiting tasks' index
-- follows the column worker-driven passes now sort by.
drop index task_waiting_idx;
create index task_waiting_idx on task (task_queue_sid, priority desc, virtual_start_time) ${waitingTasksOnly};

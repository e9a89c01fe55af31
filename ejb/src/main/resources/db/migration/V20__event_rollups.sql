-- Cumulative statistics count a window's events. At 100,000 tasks a 15-minute window holds some
-- 330,000 of them, and counting them took 300-400 ms whether PostgreSQL read the table or an index
-- alone. Events are never updated, so a window's whole 10-second buckets are read from these
-- roll-ups instead (EventRollup writes them in the background), and only the partial buckets at
-- the window's two ends, and the last seconds not yet rolled up, from the events themselves.
--
-- Two levels in one table: rows with no worker_sid count every event of their bucket, type,
-- queue, workflow, channel and previous activity; rows with a worker_sid count that worker's share
-- of them (events of no worker have none), for statistics of a worker or a set of workers.
-- age_*: task_age of reservation.accepted and task.canceled, worker_time_in_previous_activity of
-- worker.activity.update; queue_age_*: task_age_in_queue of reservation.accepted.
create table event_rollup (
    workspace_sid    varchar(34)  not null references workspace (sid) on delete cascade,
    bucket           timestamp(6) with time zone not null,
    event_type       varchar(64)  not null,
    task_queue_sid   varchar(34),
    workflow_sid     varchar(34),
    worker_sid       varchar(34),
    task_channel     varchar(64),
    activity_sid     varchar(34),
    events           bigint       not null,
    age_count        bigint       not null,
    age_sum          bigint       not null,
    age_min          bigint,
    age_max          bigint,
    queue_age_count  bigint       not null,
    queue_age_sum    bigint       not null,
    queue_age_min    bigint,
    queue_age_max    bigint
);
create index event_rollup_window_idx on event_rollup (workspace_sid, worker_sid, bucket);
create index event_rollup_bucket_idx on event_rollup (bucket);

-- How far the roll-ups reach: buckets before rolled_until are rolled up; buckets before
-- final_until were rolled up again once no transaction that could still commit an event into them
-- can be running (WildFly's transaction timeout is 5 minutes).
create table event_rollup_progress (
    id            integer not null primary key,
    rolled_until  timestamp(6) with time zone,
    final_until   timestamp(6) with time zone
);
insert into event_rollup_progress (id) values (1);

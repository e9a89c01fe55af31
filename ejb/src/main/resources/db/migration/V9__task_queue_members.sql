-- Which workers belong to which queue: a queue's target_workers expression evaluated over each
-- worker's attributes, kept current when either changes (QueueMembership), so routing finds a
-- queue's available workers with one indexed query instead of evaluating every worker.
create table task_queue_member (
    task_queue_sid  varchar(34) not null references task_queue (sid) on delete cascade,
    worker_sid      varchar(34) not null references worker (sid) on delete cascade,
    primary key (task_queue_sid, worker_sid)
);
create index task_queue_member_worker_idx on task_queue_member (worker_sid);

-- false until the queue's rows above have been computed; queues that existed before this
-- migration are computed once at the next start
alter table task_queue add column members_built boolean not null default false;

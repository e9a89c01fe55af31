-- The rest of TaskRouter's model: task channels, workers and their channels, task queues,
-- workflows, tasks, reservations and events. Written for both PostgreSQL and H2 (MODE=PostgreSQL).
-- Every row of a workspace goes when the workspace goes (on delete cascade).

create table task_channel (
    sid                        varchar(34) not null primary key,
    workspace_sid              varchar(34) not null references workspace (sid) on delete cascade,
    friendly_name              varchar(64) not null,
    unique_name                varchar(64) not null,
    channel_optimized_routing  boolean,
    date_created               timestamp(6) with time zone not null,
    date_updated               timestamp(6) with time zone not null,
    version                    bigint      not null
);
create unique index task_channel_unique_name_uq on task_channel (workspace_sid, unique_name);
create index task_channel_list_idx on task_channel (workspace_sid, date_created, sid);

create table worker (
    sid                  varchar(34)   not null primary key,
    workspace_sid        varchar(34)   not null references workspace (sid) on delete cascade,
    friendly_name        varchar(64)   not null,
    attributes           varchar(4096) not null,
    activity_sid         varchar(34)   not null references activity (sid),
    -- copied from the activity (whose availability never changes) so lists filter without a join
    available            boolean       not null,
    date_status_changed  timestamp(6) with time zone not null,
    date_created         timestamp(6) with time zone not null,
    date_updated         timestamp(6) with time zone not null,
    version              bigint        not null
);
create unique index worker_name_uq on worker (workspace_sid, friendly_name);
create index worker_list_idx on worker (workspace_sid, date_created, sid);
create index worker_activity_idx on worker (workspace_sid, activity_sid);
create index worker_available_idx on worker (workspace_sid, available);

create table worker_channel (
    sid                  varchar(34) not null primary key,
    workspace_sid        varchar(34) not null references workspace (sid) on delete cascade,
    worker_sid           varchar(34) not null references worker (sid) on delete cascade,
    task_channel_sid     varchar(34) not null references task_channel (sid) on delete cascade,
    configured_capacity  integer     not null,
    available            boolean     not null,
    -- tasks holding capacity: pending reservations plus assigned and wrapping tasks
    assigned_tasks       integer     not null,
    -- when the channel last had capacity freed (or the worker last became available):
    -- the longest idle worker is offered a task first
    idle_since           timestamp(6) with time zone not null,
    date_created         timestamp(6) with time zone not null,
    date_updated         timestamp(6) with time zone not null,
    version              bigint      not null,
    constraint worker_channel_capacity_ck check (configured_capacity >= 0 and configured_capacity <= 50),
    constraint worker_channel_assigned_ck check (assigned_tasks >= 0)
);
create unique index worker_channel_uq on worker_channel (worker_sid, task_channel_sid);
create index worker_channel_list_idx on worker_channel (worker_sid, date_created, sid);
create index worker_channel_channel_idx on worker_channel (task_channel_sid, idle_since);

create table task_queue (
    sid                      varchar(34)   not null primary key,
    workspace_sid            varchar(34)   not null references workspace (sid) on delete cascade,
    friendly_name            varchar(64)   not null,
    target_workers           varchar(4096) not null,
    max_reserved_workers     integer       not null,
    task_order               varchar(8)    not null,
    reservation_activity_sid varchar(34)   references activity (sid),
    assignment_activity_sid  varchar(34)   references activity (sid),
    date_created             timestamp(6) with time zone not null,
    date_updated             timestamp(6) with time zone not null,
    version                  bigint        not null,
    constraint task_queue_max_reserved_ck check (max_reserved_workers between 1 and 50)
);
create index task_queue_list_idx on task_queue (workspace_sid, date_created, sid);
create index task_queue_name_idx on task_queue (workspace_sid, friendly_name);

create table workflow (
    sid                               varchar(34)    not null primary key,
    workspace_sid                     varchar(34)    not null references workspace (sid) on delete cascade,
    friendly_name                     varchar(64)    not null,
    configuration                     varchar(65536) not null,
    assignment_callback_url           varchar(2048),
    fallback_assignment_callback_url  varchar(2048),
    task_reservation_timeout          integer        not null,
    document_content_type             varchar(64)    not null,
    date_created                      timestamp(6) with time zone not null,
    date_updated                      timestamp(6) with time zone not null,
    version                           bigint         not null,
    constraint workflow_reservation_timeout_ck check (task_reservation_timeout between 1 and 86400)
);
create index workflow_list_idx on workflow (workspace_sid, date_created, sid);
create index workflow_name_idx on workflow (workspace_sid, friendly_name);

-- Which queues a workflow's configuration routes to, kept in step with the configuration:
-- a queue in use cannot be deleted, and a queue's workflows are found without parsing JSON.
create table workflow_queue (
    workflow_sid    varchar(34) not null references workflow (sid) on delete cascade,
    task_queue_sid  varchar(34) not null references task_queue (sid),
    primary key (workflow_sid, task_queue_sid)
);
create index workflow_queue_queue_idx on workflow_queue (task_queue_sid);

create table task (
    sid                      varchar(34)   not null primary key,
    workspace_sid            varchar(34)   not null references workspace (sid) on delete cascade,
    workflow_sid             varchar(34)   not null references workflow (sid),
    task_channel_sid         varchar(34)   not null references task_channel (sid),
    task_queue_sid           varchar(34)   references task_queue (sid),
    attributes               varchar(4096) not null,
    assignment_status        varchar(16)   not null,
    priority                 integer       not null,
    timeout                  integer       not null,
    reason                   varchar(4096),
    addons                   varchar(4096),
    routing_target           varchar(34),
    ignore_capacity          boolean       not null,
    virtual_start_time       timestamp(6) with time zone not null,
    task_queue_entered_date  timestamp(6) with time zone,
    -- routing state: the workflow filter and target the task is at, and when it moves on
    routing_filter           integer,
    routing_step             integer,
    step_deadline            timestamp(6) with time zone,
    expires_at               timestamp(6) with time zone not null,
    date_created             timestamp(6) with time zone not null,
    date_updated             timestamp(6) with time zone not null,
    version                  bigint        not null,
    constraint task_timeout_ck check (timeout between 1 and 1209600)
);
create index task_list_idx on task (workspace_sid, date_created, sid);
create index task_status_idx on task (workspace_sid, assignment_status);
create index task_workflow_idx on task (workflow_sid, assignment_status);
create index task_queue_pending_idx on task (task_queue_sid, assignment_status, priority, date_created);
create index task_expires_idx on task (assignment_status, expires_at);
create index task_step_deadline_idx on task (step_deadline);

create table reservation (
    sid                 varchar(34)   not null primary key,
    workspace_sid       varchar(34)   not null references workspace (sid) on delete cascade,
    task_sid            varchar(34)   not null references task (sid) on delete cascade,
    worker_sid          varchar(34)   not null references worker (sid) on delete cascade,
    task_queue_sid      varchar(34)   references task_queue (sid),
    task_channel_sid    varchar(34)   not null references task_channel (sid),
    reservation_status  varchar(16)   not null,
    timeout_at          timestamp(6) with time zone,
    instruction         varchar(32),
    instruction_params  varchar(8192),
    date_created        timestamp(6) with time zone not null,
    date_updated        timestamp(6) with time zone not null,
    version             bigint        not null
);
create index reservation_task_idx on reservation (task_sid, date_created, sid);
create index reservation_worker_idx on reservation (worker_sid, date_created, sid);
create index reservation_status_idx on reservation (reservation_status, timeout_at);

create sequence event_seq start with 1 increment by 50;

create table event (
    seq                bigint         not null primary key,
    sid                varchar(34)    not null,
    account_sid        varchar(34)    not null,
    workspace_sid      varchar(34)    not null references workspace (sid) on delete cascade,
    event_type         varchar(64)    not null,
    event_date         timestamp(6) with time zone not null,
    resource_type      varchar(32)    not null,
    resource_sid       varchar(34)    not null,
    actor_type         varchar(32),
    actor_sid          varchar(34),
    description        varchar(1024)  not null,
    source             varchar(32)    not null,
    source_ip_address  varchar(64),
    event_data         varchar(65536) not null,
    task_sid           varchar(34),
    worker_sid         varchar(34),
    reservation_sid    varchar(34),
    task_queue_sid     varchar(34),
    workflow_sid       varchar(34),
    task_channel       varchar(64)
);
create unique index event_sid_uq on event (sid);
create index event_list_idx on event (workspace_sid, event_date, sid);
create index event_type_idx on event (workspace_sid, event_type, event_date);
create index event_resource_idx on event (resource_sid, event_date);
create index event_task_idx on event (task_sid, event_date);
create index event_worker_idx on event (worker_sid, event_date);

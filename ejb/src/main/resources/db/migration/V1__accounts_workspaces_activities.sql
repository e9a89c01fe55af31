-- Accounts, workspaces and activities. Written for both PostgreSQL and H2 (MODE=PostgreSQL).
-- Timestamps are UTC with microseconds; sids are a 2-letter prefix and 32 hex characters.

create table account (
    sid            varchar(34)  not null primary key,
    friendly_name  varchar(64)  not null,
    auth_token     varchar(128) not null,
    date_created   timestamp(6) with time zone not null,
    date_updated   timestamp(6) with time zone not null,
    version        bigint       not null
);

create table workspace (
    sid                     varchar(34)   not null primary key,
    account_sid             varchar(34)   not null references account (sid),
    friendly_name           varchar(64)   not null,
    event_callback_url      varchar(2048),
    events_filter           varchar(4096),
    multi_task_enabled      boolean       not null,
    prioritize_queue_order  varchar(8)    not null,
    default_activity_sid    varchar(34),
    timeout_activity_sid    varchar(34),
    date_created            timestamp(6) with time zone not null,
    date_updated            timestamp(6) with time zone not null,
    version                 bigint        not null
);
create index workspace_list_idx on workspace (account_sid, date_created, sid);
create index workspace_name_idx on workspace (account_sid, friendly_name);

create table activity (
    sid            varchar(34) not null primary key,
    workspace_sid  varchar(34) not null references workspace (sid) on delete cascade,
    friendly_name  varchar(64) not null,
    available      boolean     not null,
    date_created   timestamp(6) with time zone not null,
    date_updated   timestamp(6) with time zone not null,
    version        bigint      not null
);
create index activity_list_idx on activity (workspace_sid, date_created, sid);
create unique index activity_name_uq on activity (workspace_sid, friendly_name);

alter table workspace add constraint workspace_default_activity_fk
    foreign key (default_activity_sid) references activity (sid);
alter table workspace add constraint workspace_timeout_activity_fk
    foreign key (timeout_activity_sid) references activity (sid);

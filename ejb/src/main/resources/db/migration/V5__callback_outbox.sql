-- The outbox of HTTP callbacks (event callbacks and assignment callbacks). A row is written in the
-- same transaction as the event it reports, so no committed event loses its callback, and it is
-- delivered after commit by a pump that claims rows with SKIP LOCKED, retrying with backoff.

create sequence callback_seq start with 1 increment by 50;

create table callback (
    id               bigint         not null primary key,
    workspace_sid    varchar(34)    not null references workspace (sid) on delete cascade,
    account_sid      varchar(34)    not null,
    kind             varchar(16)    not null,
    url              varchar(2048)  not null,
    fallback_url     varchar(2048),
    body             varchar(65536) not null,
    reservation_sid  varchar(34),
    status           varchar(16)    not null,
    attempts         integer        not null,
    next_attempt_at  timestamp(6) with time zone not null,
    last_error       varchar(1024),
    date_created     timestamp(6) with time zone not null,
    date_updated     timestamp(6) with time zone not null
);
create index callback_due_idx on callback (status, next_attempt_at);

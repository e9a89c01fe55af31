-- Voice (issue 14): a caller's call follows a transfer into another task and conference, the legs
-- Switchboard dialled remember when they ended (their status callback is told once), a caller may
-- wait outside the conference (announcements) or leave a voicemail, and task transfers (the SDK's
-- task.transfer()) are kept with their state.

-- The ConfBridge conference a caller's leg is in, when it is not its first task's own
-- (switchboard-<task sid>): after a warm transfer the call stays in the conference it was in.
alter table call_leg add column conference varchar(80);
-- When Switchboard learnt that a dialled leg ended or could not be set up.
alter table call_leg add column date_ended timestamp(6) with time zone;
-- Where a caller is when it is not in its conference: WAITING (the dialplan's waiting loop, with
-- announcements) or VOICEMAIL (recording a message); null in the conference.
alter table call_leg add column caller_state varchar(16);

-- A transfer of task_sid (assigned to initiating_worker_sid through initiating_reservation_sid)
-- to a worker or a queue (transfer_to), carried by the transfer task transfer_task_sid.
create table task_transfer (
    sid                         varchar(34)  not null primary key,
    account_sid                 varchar(34)  not null,
    workspace_sid               varchar(34)  not null references workspace (sid) on delete cascade,
    task_sid                    varchar(34)  not null references task (sid) on delete cascade,
    transfer_task_sid           varchar(34)  references task (sid) on delete set null,
    initiating_reservation_sid  varchar(34)  not null,
    initiating_worker_sid       varchar(34)  not null,
    initiating_queue_sid        varchar(34),
    initiating_workflow_sid     varchar(34)  not null,
    transfer_to                 varchar(34)  not null,
    transfer_type               varchar(16)  not null,
    transfer_mode               varchar(16)  not null,
    transfer_status             varchar(16)  not null,
    transfer_failed_reason      varchar(255),
    date_created                timestamp(6) with time zone not null,
    date_updated                timestamp(6) with time zone not null,
    version                     bigint       not null
);
create index task_transfer_task_idx on task_transfer (task_sid);
create index task_transfer_transfer_task_idx on task_transfer (transfer_task_sid);

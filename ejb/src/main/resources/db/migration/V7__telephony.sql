-- The phone-call legs that belong to tasks (telephony adapter). A caller leg is written with the
-- voice task its call created; a worker leg when Switchboard dials a worker into the caller's
-- conference for a reservation. unique_id is Asterisk's channel uniqueid, which AMI events carry.

create table call_leg (
    unique_id        varchar(150)  not null primary key,
    task_sid         varchar(34)   not null references task (sid) on delete cascade,
    reservation_sid  varchar(34),
    role             varchar(16)   not null,
    channel          varchar(255),
    date_created     timestamp(6) with time zone not null
);
create index call_leg_task_idx on call_leg (task_sid);

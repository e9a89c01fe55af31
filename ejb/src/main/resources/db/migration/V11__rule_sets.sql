-- Rule sets: the DRL files rule authors upload to a workspace, kept in numbered immutable versions
-- of which one is active. A workflow routes with a rule set when its configuration names one
-- (task_routing.rule_set); workflow.rule_set_sid mirrors that name so activation finds the
-- workflows to switch and a rule set in use cannot be deleted.
create table rule_set (
    sid             varchar(34)  not null primary key,
    workspace_sid   varchar(34)  not null references workspace (sid) on delete cascade,
    friendly_name   varchar(64)  not null,
    active_version  integer      not null,
    latest_version  integer      not null,
    date_created    timestamp(6) with time zone not null,
    date_updated    timestamp(6) with time zone not null,
    version         bigint       not null
);
create index rule_set_workspace_idx on rule_set (workspace_sid, date_created, sid);

create table rule_set_version (
    rule_set_sid    varchar(34)  not null references rule_set (sid) on delete cascade,
    number          integer      not null,
    sources         text         not null,
    created_by      varchar(34)  not null,
    date_created    timestamp(6) with time zone not null,
    primary key (rule_set_sid, number)
);

alter table workflow add column rule_set_sid varchar(34) references rule_set (sid);
create index workflow_rule_set_idx on workflow (rule_set_sid);

-- where a rule set placed a task, beyond its queue: the target's worker expression, order_by and
-- known worker, which worker-driven passes need without running the rules again
alter table task add column rule_target varchar(4096);

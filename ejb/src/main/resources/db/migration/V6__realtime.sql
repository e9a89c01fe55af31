-- Realtime agents (issue 8): API keys, whose secrets sign and verify Access Tokens, and the one-time
-- sign-in codes an administrator hands to an agent.

-- An API key of an account, as Twilio's /2010-04-01/Accounts/{AccountSid}/Keys resource. The secret
-- is needed in the clear to verify HS256 signatures, so it is stored encrypted (AES-GCM, see
-- docs/realtime.md); `managed` marks the key Switchboard itself signs agent tokens with.
create table api_key (
    sid              varchar(34)   not null primary key,
    account_sid      varchar(34)   not null references account (sid),
    friendly_name    varchar(64),
    secret_sealed    varchar(512)  not null,
    managed          boolean       not null,
    date_created     timestamp(6) with time zone not null,
    date_updated     timestamp(6) with time zone not null
);
create index api_key_account_idx on api_key (account_sid, date_created, sid);

-- A one-time sign-in code for the agent page. Only its SHA-256 hash is stored.
create table sign_in_code (
    code_hash        varchar(64)   not null primary key,
    account_sid      varchar(34)   not null references account (sid),
    workspace_sid    varchar(34)   not null references workspace (sid) on delete cascade,
    worker_sid       varchar(34)   not null,
    expires_at       timestamp(6) with time zone not null,
    used_at          timestamp(6) with time zone,
    date_created     timestamp(6) with time zone not null
);
create index sign_in_code_expiry_idx on sign_in_code (expires_at);

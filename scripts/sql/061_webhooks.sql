-- Webhook subscriptions and each one's delivery state (Orleans.Stock.Webhooks). One row per webhook: the
-- feed position delivered up to, the lease of the API instance delivering it now, and its failing state,
-- all here so that a restart or another instance continues where delivery was.
create table if not exists stock_webhooks (
    id              text        not null,
    url             text        not null,
    -- Event types or 'prefix.*' patterns (validated by the API).
    types           text[]      not null,
    -- The signing secret, needed to sign every delivery: shown once by the API, never returned again;
    -- sealed with Stock:Webhooks:SecretKey when one is configured.
    secret          text        not null,
    created_at      timestamptz not null,
    -- Feed position delivered up to (every matching event at or below it was delivered or dropped).
    -- Starts at the feed's end when the webhook is created: a webhook gets the events after it.
    cursor_position bigint      not null,
    last_delivered_at timestamptz,
    -- Set by the first failure of the event at the cursor, cleared by its delivery (or drop).
    failing_since   timestamptz,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz,
    last_error      text,
    -- Events given up on after Stock:Webhooks:MaxEventAge of failures.
    dropped         bigint      not null default 0,
    last_dropped_id text,
    -- The instance delivering this webhook now, until lease_until (the database's clock).
    lease_owner     text,
    lease_until     timestamptz,
    constraint stock_webhooks_pkey primary key (id)
);

-- Retention keeps every event some webhook still has to deliver: it reads the lowest cursor.
create index if not exists ix_stock_webhooks_cursor on stock_webhooks (cursor_position);
-- The feed by type, for the dashboard's last threshold events.
create index if not exists ix_stock_events_type_position on stock_events (type, position) where position is not null;
-- Retention's scan: old, stamped rows.
create index if not exists ix_stock_events_occurred on stock_events (occurred_at) where position is not null;

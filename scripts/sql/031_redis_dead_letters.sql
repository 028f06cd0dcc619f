-- Changes of the redis engine's stream that PostgreSQL refused for their data (SQLSTATE class 22
-- "data exception", or an integrity violation of class 23): set aside here so that the rest of their
-- batch commits and the write-behind moves on. Each row keeps the raw stream entry, to be repaired
-- and replayed by hand. Idempotent: a batch retried after a crash records its entry once.
create table if not exists redis_sync_dead_letters (
    instance    text        not null,  -- the data set's id, Redis key stock:sync:instance
    entry_id    text        not null,  -- the stream entry id, e.g. 1732800000000-0
    sku         text,                  -- null when the SKU itself is not clean text
    -- The raw entry as a JSON object (field -> value), every character outside printable ASCII
    -- escaped as \uXXXX: text, not jsonb, because jsonb cannot hold the U+0000 that may be the cause.
    change      text        not null,
    sql_state   text        not null,
    error       text        not null,
    recorded_at timestamptz not null default now(),
    constraint redis_sync_dead_letters_pkey primary key (instance, entry_id)
);

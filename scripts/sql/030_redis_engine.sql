-- The redis engine keeps its products in Redis and writes every change behind into the sql
-- engine's tables (sql_stock, sql_reservations). This is how far each Redis data set's change
-- stream has been applied: the id of the last applied entry.
create table if not exists redis_sync_watermark (
    instance   text        not null,  -- the data set's id, Redis key stock:sync:instance
    last_ms    bigint      not null,  -- last applied stream entry id: milliseconds part
    last_seq   bigint      not null,  -- ... and sequence part
    updated_at timestamptz not null,
    constraint redis_sync_watermark_pkey primary key (instance)
);

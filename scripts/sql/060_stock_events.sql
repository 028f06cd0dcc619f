-- The outbox: every committed change of stock, on every engine, is one row here (plus one per threshold it
-- crossed), written in the same commit as the change: the grain's ledger append, the sql engine's
-- transaction, the redis engine's write-behind batch. No row for what did not commit; (sku, version, type)
-- unique, so never two for one change.
create table if not exists stock_events (
    id          bigint      generated always as identity,
    sku         text        not null,
    version     bigint      not null,
    type        text        not null,
    occurred_at timestamptz not null,
    data        jsonb       not null,
    -- The feed's order, given after commit by one stamper at a time (Orleans.Stock.Events): rows are
    -- numbered in id order once they are visible, so a reader that has seen position p will never see a
    -- new row below p (an id taken by a transaction that commits later would be, if the feed ran on ids).
    -- One SKU's versions commit one after another, so their ids, and positions, are in version order.
    position    bigint,
    constraint stock_events_pkey primary key (id),
    constraint stock_events_change_key unique (sku, version, type)
);

create index if not exists ix_stock_events_unstamped on stock_events (id) where position is null;
create unique index if not exists ux_stock_events_position on stock_events (position) where position is not null;

-- Product settings that change no counter (PATCH /api/products/{sku}), the same for every engine.
alter table stock_products add column if not exists max_per_user integer;
alter table stock_products add column if not exists low_stock_threshold integer;

-- History of the sql engine's products (and of the redis engine's, written behind): one row per durable
-- change, written in the change's own transaction. The grain engine's history is its ledger.
create table if not exists stock_movements (
    sku            text        not null,
    version        bigint      not null,
    kind           text        not null,
    quantity       bigint      not null,
    reservation_id text,
    user_id        text,
    reason         text,
    actor          text,
    occurred_at    timestamptz not null,
    constraint stock_movements_pkey primary key (sku, version),
    constraint stock_movements_kind_check check (kind in ('created', 'restocked', 'adjusted', 'reserved', 'confirmed', 'cancelled', 'expired'))
);

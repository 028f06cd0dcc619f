-- Issue 16 for the redis engine's copy in the sql engine's tables: the write-behind stores the
-- adjusted counter and the product's low-stock threshold. The sql engine adds the same columns and
-- owns the conservation check; both files say the same, so whichever runs first wins and the other
-- changes nothing.
alter table sql_stock add column if not exists adjusted bigint not null default 0;
alter table sql_stock add column if not exists low_stock_threshold integer;

-- With adjustments, conservation reads initial + restocked + adjusted = on hand + sold.
alter table sql_stock drop constraint if exists sql_stock_conservation_check;
alter table sql_stock add constraint sql_stock_conservation_check
    check (initial_stock + restocked + adjusted = available + reserved + sold);

-- The Idempotency-Keys of the redis engine's adjustments, written behind with the change they made:
-- a product loaded back into Redis (after a flush or a crash) still answers their replays. Only keys
-- of the Idempotency-Key TTL are loaded; older rows are history.
create table if not exists redis_adjustment_keys (
    sku             text        not null,
    idempotency_key text        not null,  -- scoped to the caller (StockAdjustment.ScopedIdempotencyKey)
    fingerprint     bigint      not null,  -- StockAdjustment.Fingerprint() of the body
    created_at      timestamptz not null,
    constraint redis_adjustment_keys_pkey primary key (sku, idempotency_key)
);

-- The redis engine's copy in the sql engine's tables also holds the adjusted counter and the low-stock
-- threshold: 020_sql_engine.sql adds those columns and owns the conservation check with adjustments.

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

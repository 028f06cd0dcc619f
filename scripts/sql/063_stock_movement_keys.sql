-- Idempotency of stock adjustments (docs/api.md, "Stock adjustments"): the Idempotency-Key an adjustment came
-- with (StockAdjustment.ScopedIdempotencyKey) and the digest of its body, stored on the history row it wrote,
-- so a replay is recognised for as long as the history is kept, across restarts. Null for every other change.
alter table stock_movements add column if not exists idempotency_key text;
alter table stock_movements add column if not exists request_hash bigint;

-- Exactly once per key and SKU.
create unique index if not exists ux_stock_movements_idempotency
    on stock_movements (sku, idempotency_key) where idempotency_key is not null;

-- The product catalog: one row per SKU, naming the one engine that owns its stock.
create table if not exists stock_products (
    sku           text        not null,
    name          text        not null,
    engine        text        not null,
    initial_stock bigint      not null,
    created_at    timestamptz not null default now(),
    constraint stock_products_pkey primary key (sku),
    constraint stock_products_engine_check check (engine in ('grain', 'sql', 'redis')),
    constraint stock_products_initial_stock_check check (initial_stock >= 0)
);

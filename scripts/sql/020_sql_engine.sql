-- The sql engine: a product's stock in ordinary rows, served by the guide's pessimistic
-- (SELECT ... FOR UPDATE) and optimistic (version column + retry) strategies.
create table if not exists sql_stock (
    id            bigint generated always as identity,
    sku           text        not null,
    name          text        not null,
    initial_stock bigint      not null,
    available     bigint      not null,
    reserved      bigint      not null default 0,
    sold          bigint      not null default 0,
    restocked     bigint      not null default 0,
    version       bigint      not null default 1,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    constraint sql_stock_pkey primary key (id),
    constraint sql_stock_sku_key unique (sku),
    constraint sql_stock_product_fkey foreign key (sku) references stock_products (sku),
    -- The invariants hold in the database too: no oversell can commit.
    constraint sql_stock_available_check check (available >= 0),
    constraint sql_stock_reserved_check check (reserved >= 0),
    constraint sql_stock_conservation_check check (initial_stock + restocked = available + reserved + sold)
);

-- A product's per-user limit (docs/api.md, "Limits"); null: none.
alter table sql_stock add column if not exists max_per_user integer;

-- The guide's indexes: products that still have stock, and recent changes first.
create index if not exists ix_sql_stock_available on sql_stock (sku, available) where available > 0;
create index if not exists ix_sql_stock_updated_at on sql_stock (updated_at desc);

create table if not exists sql_reservations (
    id              text        not null,
    stock_id        bigint      not null,
    quantity        integer     not null,
    user_id         text        not null,
    status          text        not null,
    idempotency_key text,
    request_hash    bigint,
    created_at      timestamptz not null,
    expires_at      timestamptz not null,
    updated_at      timestamptz not null,
    constraint sql_reservations_pkey primary key (id),
    constraint sql_reservations_stock_fkey foreign key (stock_id) references sql_stock (id),
    constraint sql_reservations_status_check check (status in ('pending', 'confirmed', 'cancelled', 'expired')),
    constraint sql_reservations_quantity_check check (quantity > 0)
);

-- The guide's expiry-sweep index: due pending reservations of one stock row, oldest first.
create index if not exists ix_sql_reservations_sweep on sql_reservations (stock_id, status, expires_at);

-- Exactly once per Idempotency-Key and SKU.
create unique index if not exists ux_sql_reservations_idempotency
    on sql_reservations (stock_id, idempotency_key) where idempotency_key is not null;

-- Drives the expiry sweep to the stock rows that hold reservations at all.
create index if not exists ix_sql_stock_reserved on sql_stock (id) where reserved > 0;

-- What a user holds on a limited product (pending plus confirmed), summed under the stock row's lock.
create index if not exists ix_sql_reservations_user_holding
    on sql_reservations (stock_id, user_id) include (quantity) where status in ('pending', 'confirmed');

-- Who made a reservation (the API key id); null: made before ownership existed. Its Idempotency-Key
-- is stored scoped to the owner (ReservationOwner.ScopeKey), so the unique index above is per owner.
alter table sql_reservations add column if not exists owner text;

-- Stock adjustments (docs/api.md, "Stock adjustments"): the signed sum of every adjustment's delta. With it
-- the conservation invariant counts what an ERP or a cycle count added or removed.
alter table sql_stock add column if not exists adjusted bigint not null default 0;

-- At or below this many available units the product is low (stock.low); null: never.
alter table sql_stock add column if not exists low_stock_threshold integer;

-- The conservation check, now with adjustments. Replaced only while it still has its old form, so applying
-- the scripts again does not re-validate every row.
do $$
begin
    if not exists (
        select 1 from pg_constraint
        where conrelid = 'sql_stock'::regclass and conname = 'sql_stock_conservation_check'
          and pg_get_constraintdef(oid) like '%adjusted%') then
        alter table sql_stock drop constraint if exists sql_stock_conservation_check;
        alter table sql_stock add constraint sql_stock_conservation_check
            check (initial_stock + restocked + adjusted = available + reserved + sold);
    end if;
end
$$;

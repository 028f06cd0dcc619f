-- The grain engine's append-only ledger. (sku, version) is the ETag: a batch appends
-- versions v+1..v+n, and a writer whose view is stale collides on the key instead of overwriting.
create table if not exists stock_ledger (
    sku             text        not null,
    version         bigint      not null,
    kind            text        not null,
    quantity        bigint      not null,
    occurred_at     timestamptz not null,
    reservation_id  text,
    user_id         text,
    name            text,
    idempotency_key text,
    request_hash    bigint,
    expires_at      timestamptz,
    constraint stock_ledger_pkey primary key (sku, version),
    constraint stock_ledger_kind_check check (kind in ('Created', 'Restocked', 'Reserved', 'Confirmed', 'Cancelled', 'Expired'))
);

-- A product's per-user limit (docs/api.md, "Limits"), on its Created row; null: none.
alter table stock_ledger add column if not exists max_per_user integer;

-- Who made a reservation (the API key id), on its Reserved row; null: made before ownership existed.
-- Its Idempotency-Key is stored scoped to the owner (ReservationOwner.ScopeKey).
alter table stock_ledger add column if not exists owner text;

-- Reads of reservations that have left the grain's memory.
create index if not exists ix_stock_ledger_reservation
    on stock_ledger (sku, reservation_id) where reservation_id is not null;

-- Exactly once per Idempotency-Key and SKU, even across activations.
create unique index if not exists ux_stock_ledger_idempotency
    on stock_ledger (sku, idempotency_key) where idempotency_key is not null;

-- Who may write each SKU's ledger: every activation of a stock grain takes the next epoch before it
-- reads, and an append commits only while its epoch is still the SKU's. So an activation that was
-- replaced (its silo frozen, then declared dead) can never commit again, even on a version nobody
-- has taken yet, for instance when its successor has only refused requests so far.
create table if not exists stock_ledger_owners (
    sku   text   not null,
    epoch bigint not null,
    constraint stock_ledger_owners_pkey primary key (sku)
);

-- Who made each change (the caller's API key id): on every row but Reserved (its owner is its actor)
-- and Expired (the service's own). The reason an Adjusted row gives (docs/api.md, "Stock adjustments").
alter table stock_ledger add column if not exists actor text;
alter table stock_ledger add column if not exists reason text;

-- Adjusted: a change of on hand by the signed delta in quantity. The kind check is replaced only while it
-- lacks the kind, so a script run on a ledger that already has it neither locks nor rescans the table.
do $$
begin
    if not exists (
        select 1 from pg_constraint
        where conname = 'stock_ledger_kind_check' and conrelid = 'stock_ledger'::regclass
          and pg_get_constraintdef(oid) like '%''Adjusted''%') then
        alter table stock_ledger drop constraint if exists stock_ledger_kind_check;
        alter table stock_ledger add constraint stock_ledger_kind_check
            check (kind in ('Created', 'Restocked', 'Adjusted', 'Reserved', 'Confirmed', 'Cancelled', 'Expired'));
    end if;
end
$$;

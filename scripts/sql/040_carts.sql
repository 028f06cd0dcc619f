-- Carts: several SKUs reserved all or nothing (API.md, "Multi-line reservations"). The API's
-- cart coordinator records a cart and its lines here before it reserves anything, and every
-- step of its state machine after that, so that any API instance can finish a cart whose
-- coordinator died (src/Api/Carts/CartRecoveryService.cs).
create table if not exists carts (
    id                text        not null,
    user_id           text        not null,
    ttl_seconds       integer     not null,
    status            text        not null,
    -- The cart's Idempotency-Key (global, not per SKU) and the digest of the body it came with.
    idempotency_key   text,
    request_hash      bigint      not null,
    -- X-Stock-Strategy as asked, so a recovery re-reserves lines the way the request would have.
    strategy          text,
    -- Why a failed cart failed: the first failing line in line order.
    failure_code      text,
    failure_sku       text,
    failure_available bigint,
    created_at        timestamptz not null,
    expires_at        timestamptz not null,
    updated_at        timestamptz not null,
    -- Who is acting on the cart and until when (database time). A lapsed lease on an
    -- in-progress status means its coordinator died: the recovery takes the cart over.
    lease_owner       text,
    lease_until       timestamptz,
    constraint carts_pkey primary key (id),
    constraint carts_status_check check (status in
        ('reserving', 'pending', 'failed', 'compensating', 'confirming', 'confirmed', 'cancelling', 'cancelled')),
    constraint carts_ttl_check check (ttl_seconds > 0)
);

-- A cart refused for a line's per-user limit (limit-exceeded): the product's maxPerUser and what
-- the user held on it.
alter table carts add column if not exists failure_max_per_user integer;
alter table carts add column if not exists failure_held bigint;

-- Who made the cart (the API key id); null: made before ownership existed. Its Idempotency-Key is
-- stored scoped to the owner (ReservationOwner.ScopeKey), so the unique index below is per owner.
alter table carts add column if not exists owner text;

-- One live cart per Idempotency-Key. A failed cart was never acknowledged and holds no stock, so
-- it lets go of its key: a retry after a 404, 409 or 503 tries again, as a refused single-line
-- reservation does.
create unique index if not exists ux_carts_idempotency
    on carts (idempotency_key) where idempotency_key is not null and status <> 'failed';

-- The recovery scan: in-progress carts whose lease has lapsed.
create index if not exists ix_carts_recovery
    on carts (status, lease_until) where status in ('reserving', 'compensating', 'confirming', 'cancelling');

create table if not exists cart_lines (
    cart_id        text    not null,
    line_no        integer not null,
    sku            text    not null,
    quantity       integer not null,
    engine         text    not null,
    -- Null until the coordinator knows it; the line's own Idempotency-Key (cart:{id}:{line_no})
    -- finds the reservation in its engine whatever happened in between.
    reservation_id text,
    constraint cart_lines_pkey primary key (cart_id, line_no),
    constraint cart_lines_cart_fkey foreign key (cart_id) references carts (id),
    constraint cart_lines_quantity_check check (quantity > 0)
);

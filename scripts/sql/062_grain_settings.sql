-- The grain engine keeps a product's settings in stock_products (060) from issue 16 on; before, its per-user
-- limit was only on the ledger's Created row. Copied over exactly once per database: after that a null in
-- stock_products can be a limit a PATCH cleared, which the Created row must not bring back.
create table if not exists stock_schema_migrations (
    name       text        not null,
    applied_at timestamptz not null default now(),
    constraint stock_schema_migrations_pkey primary key (name)
);

do $$
begin
    if not exists (select 1 from stock_schema_migrations where name = 'grain-max-per-user-to-catalog') then
        update stock_products p
        set max_per_user = l.max_per_user
        from stock_ledger l
        where p.engine = 'grain' and p.max_per_user is null
          and l.sku = p.sku and l.version = 1 and l.kind = 'Created' and l.max_per_user is not null;
        insert into stock_schema_migrations (name) values ('grain-max-per-user-to-catalog');
    end if;
end
$$;

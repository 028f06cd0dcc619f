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

-- GET /api/products pages the catalog in ordinal SKU order (docs/api.md): this index serves that order,
-- whatever collation the database was made with, so a page is one index range scan.
create index if not exists ix_stock_products_sku_ordinal on stock_products (sku collate "C");

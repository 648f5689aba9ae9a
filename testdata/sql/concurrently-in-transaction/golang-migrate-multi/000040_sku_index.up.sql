-- golang-migrate sends this whole file in one query: one implicit transaction
SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY order_items_sku ON order_items (sku);

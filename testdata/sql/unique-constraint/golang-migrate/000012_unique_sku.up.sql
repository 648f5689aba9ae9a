ALTER TABLE order_items ADD CONSTRAINT order_items_sku_key UNIQUE (sku);

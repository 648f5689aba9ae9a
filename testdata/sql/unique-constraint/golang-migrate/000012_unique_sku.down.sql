ALTER TABLE order_items DROP CONSTRAINT order_items_sku_key;

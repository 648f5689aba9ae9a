-- +goose Up
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
    FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE orders ADD CHECK (amount_cents >= 0);

-- +goose Down
ALTER TABLE orders DROP CONSTRAINT orders_customer_fk;

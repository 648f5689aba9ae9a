-- +goose Up
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
    FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;

-- +goose Down
ALTER TABLE orders DROP CONSTRAINT orders_customer_fk;

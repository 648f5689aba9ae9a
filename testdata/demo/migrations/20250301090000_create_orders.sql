-- +goose Up
CREATE TABLE customers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  bigint NOT NULL REFERENCES customers (id),
    status       text NOT NULL DEFAULT 'pending',
    total_cents  bigint NOT NULL CHECK (total_cents >= 0),
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_items (
    order_id  bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    sku       text NOT NULL,
    quantity  integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, sku)
);

-- new, empty tables: a plain CREATE INDEX locks nobody out
CREATE INDEX orders_customer_idx ON orders (customer_id);

-- +goose Down
DROP TABLE order_items;
DROP TABLE orders;
DROP TABLE customers;

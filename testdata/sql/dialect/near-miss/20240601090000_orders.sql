-- +goose Up
-- PostgreSQL, although AUTOINCREMENT, `backquotes` and ENGINE=InnoDB appear in comments
COMMENT ON TABLE orders IS 'imported from `legacy` (AUTO_INCREMENT ids, ENGINE=InnoDB)';
CREATE INDEX orders_customer ON orders (customer_id);

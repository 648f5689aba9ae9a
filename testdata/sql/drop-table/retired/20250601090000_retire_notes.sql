-- +goose Up
-- the contract step of the help text: order_notes moves aside first (the running version no
-- longer uses it: a release came in between)
-- infralint:ignore[sql/rename-table] the app stopped using order_notes in v4.2
ALTER TABLE order_notes RENAME TO order_notes_deprecated;

-- +goose Down
ALTER TABLE order_notes_deprecated RENAME TO order_notes;

-- migrate:up transaction:false
-- Built without blocking writes: CONCURRENTLY cannot run in a transaction, hence transaction:false. dbmate sends
-- the section as one query, and PostgreSQL runs a query of several statements in a transaction of its own, so the
-- index build is the section's only statement.
CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY orders_created_at_idx;

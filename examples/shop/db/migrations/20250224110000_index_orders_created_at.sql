-- migrate:up transaction:false
SET lock_timeout = '3s';
-- Built without blocking writes: CONCURRENTLY cannot run in a transaction, hence transaction:false.
CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY orders_created_at_idx;

-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_coupon_id_idx ON orders (coupon_id);

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY IF EXISTS orders_coupon_id_idx;

-- migrate:up
-- NOT VALID: only new rows are checked now; the next migration validates the old ones without blocking writes.
SET lock_timeout = '3s';
ALTER TABLE orders ADD CONSTRAINT orders_coupon_id_fkey FOREIGN KEY (coupon_id) REFERENCES coupons (id) NOT VALID;

-- migrate:down
SET lock_timeout = '3s';
ALTER TABLE orders DROP CONSTRAINT orders_coupon_id_fkey;

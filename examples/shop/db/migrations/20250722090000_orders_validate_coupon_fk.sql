-- migrate:up
SET lock_timeout = '3s';
ALTER TABLE orders VALIDATE CONSTRAINT orders_coupon_id_fkey;

-- migrate:down
-- Nothing to undo: validating changes no data.

-- migrate:up
-- Nullable, no default: a catalog-only change, no table rewrite.
SET lock_timeout = '3s';
ALTER TABLE orders ADD COLUMN coupon_id bigint;

-- migrate:down
-- mwb:phase contract
SET lock_timeout = '3s';
ALTER TABLE orders DROP COLUMN coupon_id;

-- migrate:up
SET lock_timeout = '3s';
-- A constant default: no table rewrite on PostgreSQL 11+.
ALTER TABLE products ADD COLUMN stock integer NOT NULL DEFAULT 0;

-- migrate:down
-- mwb:phase contract
ALTER TABLE products DROP COLUMN stock;

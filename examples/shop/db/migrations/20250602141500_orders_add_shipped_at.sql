-- migrate:up
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
ALTER TABLE orders ADD COLUMN tracking_code text;

-- migrate:down
-- mwb:phase contract
ALTER TABLE orders DROP COLUMN tracking_code;
ALTER TABLE orders DROP COLUMN shipped_at;

-- migrate:up
ALTER TABLE products ADD COLUMN weight_grams integer;
ALTER TABLE products ADD COLUMN discontinued boolean NOT NULL DEFAULT false;

-- migrate:down
-- mwb:phase contract
ALTER TABLE products DROP COLUMN discontinued;
ALTER TABLE products DROP COLUMN weight_grams;

-- migrate:up
-- Rename full_name → display_name, step 1 of 4 (expand): the new column, nullable, no rewrite.
SET lock_timeout = '3s';
ALTER TABLE customers ADD COLUMN display_name text;

-- migrate:down
-- mwb:phase contract
ALTER TABLE customers DROP COLUMN display_name;

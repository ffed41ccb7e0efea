-- migrate:up
-- Rename full_name → display_name, step 2 of 4 (migrate): copy the data.
-- Flagged: one UPDATE over the whole table holds row locks on every customer until it commits;
-- a batched backfill is what the rollout plan uses on the large production table.
UPDATE customers SET display_name = full_name WHERE display_name IS NULL;

-- migrate:down
UPDATE customers SET display_name = NULL WHERE display_name IS NOT NULL;

-- Up Migration
ALTER TABLE users ADD COLUMN email text;

-- Down Migration
ALTER TABLE users DROP COLUMN email;

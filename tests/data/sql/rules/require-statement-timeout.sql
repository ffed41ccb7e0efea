-- case: fire
ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0);
-- case: fire
CREATE INDEX i ON users (email);
-- case: fire
SET lock_timeout = '5s';
ALTER TABLE t ALTER COLUMN id TYPE bigint;
-- case: pass
SET statement_timeout = '5min';
ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0);
-- case: pass
ALTER TABLE users ADD COLUMN note text;
-- case: pass
SET LOCAL statement_timeout = '1h';
CREATE INDEX i ON users (email);

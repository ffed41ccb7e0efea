-- case: fire
ALTER TABLE users ADD COLUMN note text;
-- case: fire
CREATE INDEX i ON users (email);
-- case: fire
SET statement_timeout = '5min';
DROP TABLE old_things;
-- case: pass
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN note text;
-- case: pass
CREATE TABLE t (id bigint);
ALTER TABLE t ADD COLUMN c int;
-- case: pass
CREATE INDEX CONCURRENTLY i ON users (email);
-- case: pass
DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;

-- case: fire
CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (c);
-- case: fire
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (lower(email));
-- case: fire
create index concurrently if not exists "Mixed" on "T" ("C");
-- case: pass
CREATE INDEX CONCURRENTLY i ON t (c);
-- case: pass
CREATE INDEX IF NOT EXISTS i ON t (c);
-- case: pass
DROP INDEX CONCURRENTLY IF EXISTS i;
CREATE INDEX CONCURRENTLY i ON t (c);

-- case: fire
DROP INDEX users_email_idx;
-- case: fire
DROP INDEX IF EXISTS public.users_email_idx;
-- case: fire
-- given: CREATE TABLE users (id bigint, email text);
-- given: CREATE INDEX users_email_idx ON users (email);
DROP INDEX users_email_idx CASCADE;
-- case: pass
DROP INDEX CONCURRENTLY users_email_idx;
-- case: pass
CREATE TABLE t (id bigint);
CREATE INDEX t_id ON t (id);
DROP INDEX t_id;
-- case: pass
DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;

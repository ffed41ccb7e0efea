-- case: fire
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
-- case: fire
ALTER TABLE users ADD UNIQUE (email, tenant_id);
-- case: fire
ALTER TABLE public.users ADD CONSTRAINT u UNIQUE NULLS NOT DISTINCT (email);
-- case: pass
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;
-- case: pass
CREATE TABLE t (email text);
ALTER TABLE t ADD CONSTRAINT t_email_key UNIQUE (email);
-- case: pass
CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);

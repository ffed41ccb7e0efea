-- case: fire
CREATE INDEX users_email_idx ON users (email);
-- case: fire
CREATE UNIQUE INDEX IF NOT EXISTS orders_ref ON public.orders USING btree (ref) WHERE ref IS NOT NULL;
-- case: fire
CREATE TABLE audit (id bigint);
CREATE INDEX ON events (created_at);
-- case: pass
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
-- case: pass
CREATE TABLE things (id bigint, name text);
CREATE INDEX things_name_idx ON things (name);
-- case: pass
CREATE INDEX measurements_ts_idx ON ONLY measurements (ts);

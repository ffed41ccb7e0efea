-- case: fire
ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;
-- case: fire
ALTER TABLE users ADD COLUMN IF NOT EXISTS tenant_id bigint NOT NULL REFERENCES tenants (id);
-- case: fire
ALTER TABLE app.users ADD tenant_id bigint NOT NULL, ADD COLUMN note text;
-- case: pass
ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 0;
-- case: pass
ALTER TABLE users ADD COLUMN tenant_id bigint;
-- case: pass
CREATE TABLE t (id bigint);
ALTER TABLE t ADD COLUMN c int NOT NULL;

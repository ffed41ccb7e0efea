-- case: fire
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
-- case: fire
ALTER TABLE events ADD COLUMN seen_at timestamptz NOT NULL DEFAULT clock_timestamp();
-- case: fire target=10
ALTER TABLE users ADD COLUMN active boolean DEFAULT true;
-- case: pass
ALTER TABLE users ADD COLUMN active boolean DEFAULT true;
-- case: pass
ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT now();
-- case: pass
CREATE TABLE t (id bigint);
ALTER TABLE t ADD COLUMN token uuid DEFAULT gen_random_uuid();

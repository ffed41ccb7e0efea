-- case: fire
CREATE TABLE t (payload json);
-- case: fire
ALTER TABLE t ADD COLUMN payload json NOT NULL DEFAULT '{}';
-- case: fire
ALTER TABLE t ALTER COLUMN payload TYPE json;
-- case: pass
CREATE TABLE t (payload jsonb);
-- case: pass dialect=mysql
CREATE TABLE t (payload json);
-- case: pass
CREATE TABLE t (payload_json text);

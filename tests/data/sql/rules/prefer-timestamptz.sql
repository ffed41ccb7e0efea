-- case: fire
CREATE TABLE t (created_at timestamp);
-- case: fire
ALTER TABLE t ADD COLUMN at timestamp without time zone;
-- case: fire
CREATE TABLE t (at timestamp(3));
-- case: pass
CREATE TABLE t (created_at timestamptz);
-- case: pass
CREATE TABLE t (at timestamp with time zone);
-- case: pass dialect=mysql
CREATE TABLE t (at timestamp);

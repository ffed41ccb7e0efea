-- case: fire
CREATE TABLE t (id int PRIMARY KEY);
-- case: fire
ALTER TABLE t ADD COLUMN n integer;
-- case: fire
CREATE TABLE t (id serial);
-- case: pass
CREATE TABLE t (id bigint PRIMARY KEY);
-- case: pass
CREATE TABLE t (n int8, m bigserial);
-- case: pass
CREATE TABLE t (internal_code text);

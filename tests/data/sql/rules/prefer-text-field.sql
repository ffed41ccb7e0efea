-- case: fire
CREATE TABLE t (name varchar(100));
-- case: fire
ALTER TABLE t ADD COLUMN name character varying(20);
-- case: fire
ALTER TABLE t ALTER COLUMN name TYPE varchar(255);
-- case: pass
CREATE TABLE t (name text);
-- case: pass
CREATE TABLE t (name varchar);
-- case: pass dialect=mysql
CREATE TABLE t (name varchar(100));

-- case: fire
ALTER TABLE t ALTER COLUMN id TYPE bigint;
-- case: fire
-- given: CREATE TABLE t (id int, name varchar(50));
ALTER TABLE t ALTER COLUMN name TYPE varchar(20);
-- case: fire
-- given: CREATE TABLE t (id int, price numeric(10,2));
ALTER TABLE t ALTER COLUMN price SET DATA TYPE numeric(12,4);
-- case: fire
-- given: CREATE TABLE t (id int, name text);
ALTER TABLE t ALTER COLUMN name TYPE varchar(100) USING name::varchar(100);
-- case: pass
-- given: CREATE TABLE t (id int, name varchar(50));
ALTER TABLE t ALTER COLUMN name TYPE varchar(100);
-- case: pass
-- given: CREATE TABLE t (id int, name varchar(50));
ALTER TABLE t ALTER COLUMN name TYPE text;
-- case: pass
-- given: CREATE TABLE t (id int, price numeric(10,2));
ALTER TABLE t ALTER COLUMN price TYPE numeric(14,2);
-- case: pass
CREATE TABLE t (id int);
ALTER TABLE t ALTER COLUMN id TYPE bigint;

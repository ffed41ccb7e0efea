-- case: fire
CREATE TABLE t (n smallint);
-- case: fire
ALTER TABLE t ADD COLUMN n int2;
-- case: fire
CREATE TABLE t (id smallserial);
-- case: pass
CREATE TABLE t (n bigint);
-- case: pass
CREATE TABLE t (n int);
-- case: pass dialect=mysql
CREATE TABLE t (flag tinyint(1));

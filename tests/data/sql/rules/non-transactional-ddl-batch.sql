-- dialect: mysql
-- case: fire
ALTER TABLE a ADD COLUMN x int;
ALTER TABLE b ADD COLUMN y int;
-- case: fire dialect=mariadb
CREATE TABLE t (id bigint);
CREATE INDEX i ON t (id);
-- case: fire
ALTER TABLE a ADD COLUMN x int;
INSERT INTO a (x) VALUES (1);
DROP TABLE c;
-- case: pass
ALTER TABLE a ADD COLUMN x int;
-- case: pass
ALTER TABLE a ADD COLUMN x int, ADD COLUMN y int;
-- case: pass dialect=postgresql
ALTER TABLE a ADD COLUMN x int;
ALTER TABLE b ADD COLUMN y int;

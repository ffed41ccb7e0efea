-- case: fire
ALTER TABLE users RENAME COLUMN name TO full_name;
-- case: fire
ALTER TABLE users RENAME name TO full_name;
-- case: fire dialect=mysql
ALTER TABLE users CHANGE COLUMN name full_name varchar(100);
-- case: pass
ALTER TABLE users ADD COLUMN full_name text;
-- case: pass
CREATE TABLE t (a int);
ALTER TABLE t RENAME COLUMN a TO b;
-- case: pass dialect=mysql
ALTER TABLE users CHANGE COLUMN name name varchar(200);

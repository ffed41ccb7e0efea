-- dialect: mysql
-- case: fire
ALTER TABLE users MODIFY COLUMN age bigint;
-- case: fire
-- given: CREATE TABLE users (id bigint, age int);
ALTER TABLE users MODIFY age bigint NOT NULL;
-- case: fire
ALTER TABLE users DROP PRIMARY KEY;
-- case: fire dialect=mariadb target=10.11
ALTER TABLE t ADD COLUMN total decimal(10,2) AS (price * qty) STORED;
-- case: pass
ALTER TABLE users ADD COLUMN note text;
-- case: pass
-- given: CREATE TABLE users (id bigint, name varchar(20));
ALTER TABLE users MODIFY name varchar(40);
-- case: pass
CREATE TABLE t (id bigint, age int);
ALTER TABLE t MODIFY age bigint;

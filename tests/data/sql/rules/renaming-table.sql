-- case: fire
ALTER TABLE users RENAME TO accounts;
-- case: fire dialect=mysql
RENAME TABLE users TO accounts;
-- case: fire dialect=mariadb
ALTER TABLE users RENAME AS accounts;
-- case: pass
CREATE VIEW accounts AS SELECT * FROM users;
-- case: pass
CREATE TABLE tmp (id bigint);
ALTER TABLE tmp RENAME TO things;
-- case: pass
ALTER TABLE users RENAME COLUMN a TO a2;

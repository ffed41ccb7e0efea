-- dialect: mysql
-- case: fire
ALTER TABLE users ADD COLUMN note text;
-- case: fire
CREATE INDEX idx_email ON users (email);
-- case: fire dialect=mariadb
ALTER TABLE users ADD INDEX idx_name (name), ALGORITHM=INPLACE;
-- case: pass
ALTER TABLE users ADD COLUMN note text, ALGORITHM=INSTANT;
-- case: pass
ALTER TABLE users ADD INDEX idx_email (email), ALGORITHM=INPLACE, LOCK=NONE;
-- case: pass
CREATE TABLE t (id bigint);
ALTER TABLE t ADD COLUMN x int;

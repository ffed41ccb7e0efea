-- dialect: mysql
-- case: fire
ALTER TABLE users ADD PRIMARY KEY (id);
-- case: fire
ALTER TABLE users FORCE;
-- case: fire dialect=mariadb
ALTER TABLE users ROW_FORMAT=DYNAMIC;
-- case: pass
ALTER TABLE users ADD INDEX idx_email (email);
-- case: pass
ALTER TABLE users ADD COLUMN note text;
-- case: pass
ALTER TABLE users RENAME COLUMN a TO b;

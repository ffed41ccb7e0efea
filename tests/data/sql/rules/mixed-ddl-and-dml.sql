-- case: fire
ALTER TABLE users ADD COLUMN plan text;
UPDATE users SET plan = 'free' WHERE plan IS NULL;
-- case: fire
CREATE INDEX CONCURRENTLY i ON t (c);
DELETE FROM t WHERE c = 0;
-- case: fire dialect=mysql
ALTER TABLE users ADD COLUMN plan varchar(10);
INSERT INTO plans (name) VALUES ('free');
-- case: pass
UPDATE users SET plan = 'free' WHERE id = 1;
-- case: pass
CREATE TABLE plans (name text);
INSERT INTO plans VALUES ('free'), ('pro');
-- case: pass
ALTER TABLE users ADD COLUMN plan text;

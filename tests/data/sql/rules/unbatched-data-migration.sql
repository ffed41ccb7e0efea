-- case: fire
UPDATE users SET plan = 'free' WHERE plan IS NULL;
-- case: fire
DELETE FROM sessions;
-- case: fire
UPDATE users SET active = true WHERE true;
-- case: pass
UPDATE users SET plan = 'free' WHERE id BETWEEN 1 AND 10000 AND plan IS NULL;
-- case: pass
DELETE FROM sessions WHERE expires_at < now();
-- case: pass
CREATE TABLE t (a int);
UPDATE t SET a = 1;

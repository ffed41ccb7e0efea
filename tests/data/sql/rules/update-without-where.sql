-- case: fire
UPDATE users SET active = true;
-- case: fire
UPDATE ONLY public.users SET n = n + 1 RETURNING id;
-- case: fire
WITH x AS (SELECT 1) UPDATE users SET a = (SELECT * FROM x);
-- case: pass
UPDATE users SET active = true WHERE id = 42;
-- case: pass
UPDATE users SET a = 1 FROM (SELECT id FROM t WHERE b) s WHERE s.id = users.id;
-- case: pass
CREATE TABLE t (a int);
UPDATE t SET a = 1;

-- case: fire
DELETE FROM sessions;
-- case: fire
DELETE FROM ONLY app.sessions RETURNING *;
-- case: fire dialect=mysql
DELETE FROM sessions;
-- case: pass
DELETE FROM sessions WHERE expires_at < now();
-- case: pass dialect=mysql
DELETE FROM sessions ORDER BY id LIMIT 1000;
-- case: pass
SELECT * FROM sessions;

-- case: fire
TRUNCATE users;
-- case: fire
TRUNCATE TABLE a, b;
-- case: fire dialect=mysql
TRUNCATE TABLE sessions;
-- case: pass
CREATE TABLE t (id bigint);
TRUNCATE t;
-- case: pass
DELETE FROM users WHERE id < 100;
-- case: pass
SELECT 'TRUNCATE users';

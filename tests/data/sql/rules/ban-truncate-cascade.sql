-- case: fire
TRUNCATE users CASCADE;
-- case: fire
TRUNCATE TABLE ONLY a, b RESTART IDENTITY CASCADE;
-- case: fire
CREATE TABLE t (id bigint);
TRUNCATE t CASCADE;
-- case: pass
TRUNCATE users;
-- case: pass
TRUNCATE users RESTRICT;
-- case: pass
DELETE FROM users WHERE id < 100;

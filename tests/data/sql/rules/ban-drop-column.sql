-- case: fire
ALTER TABLE users DROP COLUMN legacy;
-- case: fire
ALTER TABLE users DROP COLUMN IF EXISTS legacy CASCADE;
-- case: fire dialect=mysql
ALTER TABLE users DROP legacy;
-- case: pass
-- mwb:phase contract
ALTER TABLE users DROP COLUMN legacy;
-- case: pass
CREATE TABLE t (a int, b int);
ALTER TABLE t DROP COLUMN b;
-- case: pass
ALTER TABLE users DROP CONSTRAINT users_legacy_check;

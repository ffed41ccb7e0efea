-- case: fire
BEGIN;
ALTER TABLE t ADD COLUMN c int;
-- case: fire
START TRANSACTION;
-- case: fire
BEGIN;
COMMIT;
BEGIN;
UPDATE t SET a = 1 WHERE id = 2;
-- case: pass
BEGIN;
ALTER TABLE t ADD COLUMN c int;
COMMIT;
-- case: pass
BEGIN;
ROLLBACK;
-- case: pass
ALTER TABLE t ADD COLUMN c int;

-- case: fire
-- mwb:transaction on
BEGIN;
ALTER TABLE t ADD COLUMN c int;
COMMIT;
-- case: fire
BEGIN;
BEGIN;
COMMIT;
-- case: fire transaction=on
ALTER TABLE t ADD COLUMN c int;
COMMIT;
-- case: pass
BEGIN;
ALTER TABLE t ADD COLUMN c int;
COMMIT;
-- case: pass transaction=on
ALTER TABLE t ADD COLUMN c int;
-- case: pass transaction=off
BEGIN;
ALTER TABLE t ADD COLUMN c int;
COMMIT;

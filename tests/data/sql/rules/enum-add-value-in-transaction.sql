-- case: fire
BEGIN;
ALTER TYPE mood ADD VALUE 'meh';
UPDATE t SET m = 'meh' WHERE id = 1;
COMMIT;
-- case: fire target=11 transaction=on
ALTER TYPE mood ADD VALUE 'meh';
-- case: fire transaction=on
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok' AFTER 'sad';
INSERT INTO t (m) VALUES ('ok');
-- case: pass
ALTER TYPE mood ADD VALUE 'meh';
-- case: pass transaction=on
ALTER TYPE mood ADD VALUE 'meh';
-- case: pass
BEGIN;
ALTER TYPE mood ADD VALUE 'meh';
COMMIT;
UPDATE t SET m = 'meh' WHERE id = 1;

-- case: fire
BEGIN;
ALTER TABLE users ADD COLUMN note text;
UPDATE orders SET x = 1 WHERE id = 1;
COMMIT;
-- case: fire transaction=on
DROP TABLE a;
CREATE INDEX i ON b (c);
-- case: fire transaction=on
ALTER TABLE a RENAME COLUMN x TO y;
INSERT INTO log VALUES (1);
-- case: pass
BEGIN;
ALTER TABLE users ADD COLUMN note text;
COMMIT;
BEGIN;
UPDATE orders SET x = 1 WHERE id = 1;
COMMIT;
-- case: pass transaction=on
CREATE INDEX i ON b (c);
ALTER TABLE a ADD COLUMN x int;
-- case: pass transaction=on
CREATE TABLE n (id bigint);
INSERT INTO n VALUES (1);

-- Revert demo:users from pg

BEGIN;

DROP TABLE users;

COMMIT;

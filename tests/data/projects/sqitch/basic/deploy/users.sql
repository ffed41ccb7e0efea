-- Deploy demo:users to pg

BEGIN;

CREATE TABLE users (id int PRIMARY KEY);

COMMIT;

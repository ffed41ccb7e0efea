-- case: fire transaction=off
CREATE INDEX CONCURRENTLY i ON t (c);
-- case: fire
-- +goose NO TRANSACTION
CREATE TABLE t (id bigint);
-- case: fire
-- migrate:up transaction:false
ALTER TABLE t ADD COLUMN c int;
-- case: pass transaction=off
DROP INDEX CONCURRENTLY IF EXISTS i;
CREATE INDEX CONCURRENTLY i ON t (c);
-- case: pass transaction=on
CREATE TABLE t (id bigint);
-- case: pass transaction=off
CREATE TABLE IF NOT EXISTS t (id bigint);
ALTER TABLE t ADD COLUMN IF NOT EXISTS c int;
DROP TABLE IF EXISTS old;

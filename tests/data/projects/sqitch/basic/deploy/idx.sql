-- Deploy demo:idx to pg
-- requires: users

CREATE INDEX CONCURRENTLY users_id_idx ON users (id);

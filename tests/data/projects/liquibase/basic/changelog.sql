--liquibase formatted sql

--changeset alice:1
CREATE TABLE users (id int PRIMARY KEY);
--rollback DROP TABLE users;

--changeset bob:2 runInTransaction:false
CREATE INDEX CONCURRENTLY users_id ON users (id);
--rollback DROP INDEX users_id;

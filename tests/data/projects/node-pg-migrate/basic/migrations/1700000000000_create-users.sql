-- Up Migration
CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);

-- Down Migration
DROP TABLE users;

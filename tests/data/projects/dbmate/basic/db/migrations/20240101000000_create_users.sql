-- migrate:up
CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);

-- migrate:down
DROP TABLE users;

-- case: fire
ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
-- case: fire
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
-- case: fire
ALTER TABLE orders ADD COLUMN user_id bigint REFERENCES users (id);
-- case: pass
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
CREATE INDEX orders_user_id_idx ON orders (user_id);
-- case: pass
-- given: CREATE TABLE orders (id bigint, user_id bigint);
-- given: CREATE INDEX orders_user_idx ON orders (user_id, id);
ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
-- case: pass
CREATE TABLE memberships (user_id bigint REFERENCES users (id), group_id bigint, PRIMARY KEY (user_id, group_id));

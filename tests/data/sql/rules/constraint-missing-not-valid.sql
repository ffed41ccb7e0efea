-- case: fire
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
-- case: fire
ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0);
-- case: fire target=18
ALTER TABLE users ADD CONSTRAINT email_nn NOT NULL email;
-- case: pass
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
-- case: pass
CREATE TABLE orders2 (id bigint, user_id bigint);
ALTER TABLE orders2 ADD CONSTRAINT o2_fk FOREIGN KEY (user_id) REFERENCES users (id);
-- case: pass
ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT age_positive;

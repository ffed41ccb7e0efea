-- case: fire
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- case: fire target=11
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- case: fire
ALTER TABLE users ADD CONSTRAINT users_name_nn CHECK (name IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_name_nn;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- case: pass
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- case: pass
-- given: CREATE TABLE users (id bigint, email text, CONSTRAINT users_email_nn CHECK (email IS NOT NULL));
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- case: pass
CREATE TABLE t (id bigint, c text);
ALTER TABLE t ALTER COLUMN c SET NOT NULL;

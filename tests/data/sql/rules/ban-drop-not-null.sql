-- case: fire
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
-- case: fire
ALTER TABLE users ALTER email DROP NOT NULL, ALTER name DROP NOT NULL;
-- case: fire dialect=mysql
-- given: CREATE TABLE users (id bigint, email varchar(100) NOT NULL);
ALTER TABLE users MODIFY email varchar(100) NULL;
-- case: pass
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- case: pass
CREATE TABLE t (c int NOT NULL);
ALTER TABLE t ALTER COLUMN c DROP NOT NULL;
-- case: pass dialect=mysql
-- given: CREATE TABLE users (id bigint, email varchar(100));
ALTER TABLE users MODIFY email varchar(100) NULL;

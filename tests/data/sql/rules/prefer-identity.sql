-- case: fire
CREATE TABLE t (id bigserial PRIMARY KEY);
-- case: fire
CREATE TABLE t (id serial);
-- case: fire
ALTER TABLE t ADD COLUMN n smallserial;
-- case: pass
CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
-- case: pass
CREATE TABLE t (id bigint);
-- case: pass dialect=mysql
CREATE TABLE t (id bigint AUTO_INCREMENT PRIMARY KEY);

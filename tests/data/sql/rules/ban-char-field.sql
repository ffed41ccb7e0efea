-- case: fire
CREATE TABLE t (code char(3));
-- case: fire
CREATE TABLE t (code character(10));
-- case: fire
ALTER TABLE t ADD COLUMN c char;
-- case: pass
CREATE TABLE t (code text);
-- case: pass
CREATE TABLE t (code varchar(3));
-- case: pass
CREATE TABLE t (code character varying(3));

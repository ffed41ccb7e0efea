-- case: fire
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
-- case: fire
CREATE DOMAIN email AS text NOT NULL;
-- case: fire
CREATE DOMAIN app.code AS varchar(3) CONSTRAINT c CHECK (length(VALUE) = 3);
-- case: pass
CREATE DOMAIN positive AS int;
-- case: pass
CREATE DOMAIN label AS text DEFAULT '';
-- case: pass
CREATE TABLE t (n int CHECK (n > 0));

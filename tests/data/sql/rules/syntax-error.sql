-- case: fire
SELECT 'unterminated;
-- case: fire
\connect other_db
SELECT 1;
-- case: fire
CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1;
-- case: pass
SELECT 'terminated';
-- case: pass
CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1 $body$ LANGUAGE sql;
-- case: pass
SELECT E'it\'s fine', U&'\0041';

SELECT "a
\connect x
SELECT 1;

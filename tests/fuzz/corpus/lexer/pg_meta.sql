\set ON_ERROR_STOP on
\connect mydb
SELECT 1;
\i other.sql
SELECT :v, :'s';

-- case: fire
-- mwb:ignore ban-drop-table
SELECT 1;
-- case: fire
-- mwb:ignore-file ban-drop-column
DROP TABLE IF EXISTS t_created_nowhere_but_allowed;
-- case: fire
-- squawk-ignore ban-drop-column
ALTER TABLE users ADD COLUMN x bigint;
-- case: pass
-- mwb:ignore ban-drop-table, require-lock-timeout
DROP TABLE old;
-- case: pass
-- squawk-ignore ban-drop-table
DROP TABLE old; -- mwb:ignore require-lock-timeout
-- case: pass
SELECT 1; -- an ordinary comment

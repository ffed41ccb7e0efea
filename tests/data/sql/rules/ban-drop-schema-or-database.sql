-- case: fire
DROP SCHEMA billing CASCADE;
-- case: fire
DROP DATABASE IF EXISTS legacy;
-- case: fire dialect=mysql
DROP SCHEMA old_app;
-- case: pass
DROP TABLE billing_items;
-- case: pass
CREATE SCHEMA billing;
-- case: pass
ALTER SCHEMA billing RENAME TO finance;

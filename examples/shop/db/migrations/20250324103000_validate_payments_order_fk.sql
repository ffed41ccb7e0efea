-- migrate:up
SET lock_timeout = '3s';
-- VALIDATE takes SHARE UPDATE EXCLUSIVE: reads and writes go on while it checks the rows.
ALTER TABLE payments VALIDATE CONSTRAINT payments_order_fk;

-- migrate:down
SELECT 1;

-- case: fire
ALTER TABLE t ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) STORED;
-- case: fire target=18
ALTER TABLE t ADD COLUMN lower_email text GENERATED ALWAYS AS (lower(email)) STORED;
-- case: fire target=12
ALTER TABLE app.t ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED;
-- case: pass target=18
ALTER TABLE t ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) VIRTUAL;
-- case: pass
ALTER TABLE t ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
-- case: pass
CREATE TABLE t2 (price numeric, qty int);
ALTER TABLE t2 ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) STORED;

-- case: fire
BEGIN;
CREATE INDEX CONCURRENTLY i ON t (c);
COMMIT;
-- case: fire transaction=on
DROP INDEX CONCURRENTLY i;
-- case: fire
-- mwb:transaction on
ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;
-- case: pass
CREATE INDEX CONCURRENTLY i ON t (c);
-- case: pass transaction=off
REINDEX INDEX CONCURRENTLY i;
-- case: pass
BEGIN;
CREATE INDEX i ON t (c);
COMMIT;
CREATE INDEX CONCURRENTLY j ON t (d);

-- case: fire
-- given: CREATE TABLE measurements (ts timestamptz, v int) PARTITION BY RANGE (ts);
CREATE INDEX CONCURRENTLY m_ts ON measurements (ts);
-- case: fire
CREATE TABLE logs (ts timestamptz) PARTITION BY RANGE (ts);
CREATE INDEX CONCURRENTLY logs_ts ON logs (ts);
-- case: fire
-- given: CREATE TABLE app.metrics (ts timestamptz, k text) PARTITION BY LIST (k);
CREATE UNIQUE INDEX CONCURRENTLY metrics_k ON app.metrics (k, ts);
-- case: pass
-- given: CREATE TABLE measurements (ts timestamptz, v int) PARTITION BY RANGE (ts);
CREATE INDEX m_ts ON ONLY measurements (ts);
-- case: pass
-- given: CREATE TABLE measurements_2024 (ts timestamptz, v int);
CREATE INDEX CONCURRENTLY m24_ts ON measurements_2024 (ts);
-- case: pass
CREATE INDEX CONCURRENTLY m_ts ON unknown_table (ts);

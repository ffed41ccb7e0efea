-- dialect: mysql
-- case: fire
-- stats: t rows=1000 versions=63
ALTER TABLE t ADD COLUMN c int, ALGORITHM=INSTANT;
-- case: fire
-- stats: t rows=1000 versions=64
ALTER TABLE t DROP COLUMN c;
-- case: fire
-- stats: t rows=1000 versions=60
ALTER TABLE t ADD COLUMN d int;
-- case: pass
-- stats: t rows=1000 versions=3
ALTER TABLE t ADD COLUMN c int;
-- case: pass
ALTER TABLE t ADD COLUMN c int;
-- case: pass
-- stats: t rows=1000 versions=63
ALTER TABLE t ADD INDEX i (c);

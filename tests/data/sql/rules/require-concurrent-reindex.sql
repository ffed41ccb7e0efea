-- case: fire
REINDEX INDEX users_email_idx;
-- case: fire
REINDEX TABLE users;
-- case: fire
REINDEX (VERBOSE) SCHEMA public;
-- case: pass
REINDEX INDEX CONCURRENTLY users_email_idx;
-- case: pass
REINDEX (CONCURRENTLY) TABLE users;
-- case: pass
REINDEX SYSTEM mydb;

-- case: fire
VACUUM FULL users;
-- case: fire
VACUUM (FULL, ANALYZE) users;
-- case: fire
CLUSTER users USING users_pkey;
-- case: pass
VACUUM users;
-- case: pass
VACUUM (FULL false, ANALYZE) users;
-- case: pass
ANALYZE users;

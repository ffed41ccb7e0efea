-- case: fire
ALTER TABLE t ADD PRIMARY KEY (id);
-- case: fire
ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id, tenant_id);
-- case: fire
ALTER TABLE IF EXISTS ONLY app.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);
-- case: pass
ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey_idx;
-- case: pass
CREATE TABLE t (id bigint);
ALTER TABLE t ADD PRIMARY KEY (id);
-- case: pass
CREATE TABLE t (id bigint PRIMARY KEY);

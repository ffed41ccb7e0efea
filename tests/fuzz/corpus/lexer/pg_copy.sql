COPY public.t (id, name) FROM stdin;
1	it's
2	\N
\.
\copy t from stdin with csv
a,"b;c"
\.
SELECT 1;

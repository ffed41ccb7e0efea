-- case: fire
ALTER TABLE events DETACH PARTITION events_2020;
-- case: fire target=14
ALTER TABLE public.events DETACH PARTITION public.events_2021;
-- case: fire target=18
ALTER TABLE events DETACH PARTITION events_2022, SET (fillfactor = 90);
-- case: pass
ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;
-- case: pass target=13
ALTER TABLE events DETACH PARTITION events_2020;
-- case: pass
ALTER TABLE events DETACH PARTITION events_2020 FINALIZE;

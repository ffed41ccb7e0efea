alter table location_history add column valid_until timestamp with time zone;


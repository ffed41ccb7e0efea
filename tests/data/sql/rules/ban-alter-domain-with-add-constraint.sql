-- case: fire
ALTER DOMAIN positive ADD CONSTRAINT p CHECK (VALUE > 0);
-- case: fire
ALTER DOMAIN app.email ADD CHECK (VALUE ~ '@');
-- case: fire
alter domain d add constraint c check (value is not null);
-- case: pass
ALTER DOMAIN positive ADD CONSTRAINT p CHECK (VALUE > 0) NOT VALID;
-- case: pass
ALTER DOMAIN positive VALIDATE CONSTRAINT p;
-- case: pass
ALTER DOMAIN positive DROP CONSTRAINT p;

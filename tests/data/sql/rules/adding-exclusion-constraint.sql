-- case: fire
ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);
-- case: fire
ALTER TABLE bookings ADD EXCLUDE USING gist (during WITH &&);
-- case: fire
ALTER TABLE app.bookings ADD CONSTRAINT x EXCLUDE (room WITH =) WHERE (active);
-- case: pass
CREATE TABLE bookings (room int, during tstzrange, EXCLUDE USING gist (room WITH =, during WITH &&));
-- case: pass
CREATE TABLE b (room int);
ALTER TABLE b ADD CONSTRAINT x EXCLUDE (room WITH =);
-- case: pass
ALTER TABLE bookings ADD CONSTRAINT c CHECK (room > 0) NOT VALID;

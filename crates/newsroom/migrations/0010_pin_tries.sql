-- Wrong PIN tries (workflow::actor): after the second wrong try in a row, each further try waits
-- longer (1 s, 2 s, 4 s … at most 5 minutes). A right PIN resets both.
ALTER TABLE users ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN pin_wait_until TEXT; -- UTC, RFC 3339; NULL: no wait

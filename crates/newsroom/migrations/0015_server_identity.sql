-- 0015: which newsroom a folder is joined to, and the one it left. Shipped migrations are never
-- edited.

-- The newsroom's own id, as its server says it (`newsroom.newsroom_id()`): a folder moved to a new
-- address checks it is the same newsroom. NULL: joined before this was recorded (taken at the
-- next sync).
ALTER TABLE sync_server ADD COLUMN newsroom_id TEXT;

-- The server this folder left (at most one): its work stays here, and it may join again only as
-- the same person, to the same newsroom (two people's or two newsrooms' work never mix).
CREATE TABLE sync_left (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    url          TEXT NOT NULL,
    user         TEXT NOT NULL,
    newsroom_id  TEXT,
    left_at      TEXT NOT NULL
) STRICT;

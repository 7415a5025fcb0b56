-- 0013: the newsroom keys a desk trusts to sign a keys file. Shipped migrations are never edited.

-- A keys file (format 3) is signed by one of its newsroom's admin keys. A folder that checks
-- packages against such a file (`verify --keys`) trusts the list only when the key that signed it
-- is one pinned here: pinned once, by its fingerprint read aloud by the newsroom's admin
-- (`verify --newsroom-key`), and trusted for every later list it signs.
CREATE TABLE newsroom_pins (
    key_id     TEXT PRIMARY KEY NOT NULL,
    person     TEXT NOT NULL,
    pinned_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

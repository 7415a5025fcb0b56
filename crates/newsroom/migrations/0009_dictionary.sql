-- 0009: the newsroom's own words for the spelling check (names, places, terms), shared by everyone
-- using this data folder. Shipped migrations are never edited.
CREATE TABLE dictionary (
    word      TEXT PRIMARY KEY NOT NULL,   -- NFC, as added ("Đồ Sơn" is two entries: "Đồ", "Sơn")
    folded    TEXT NOT NULL,               -- lowercase, for matching any capitalisation
    added_by  TEXT NOT NULL DEFAULT '',
    added_at  TEXT NOT NULL
) STRICT;
CREATE INDEX dictionary_by_folded ON dictionary (folded);

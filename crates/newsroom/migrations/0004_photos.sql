-- 0004: photos, their renditions, and their uses in articles. Shipped migrations are never edited.

-- The library: one row per original file, named by the SHA-256 of its bytes (stored once under
-- media/originals/). Width and height are as the photo is seen (EXIF orientation applied).
CREATE TABLE photos (
    hash          TEXT PRIMARY KEY NOT NULL,   -- SHA-256 of the original, lowercase hex
    format        TEXT NOT NULL,               -- jpeg, png, webp
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    bytes         INTEGER NOT NULL,
    original_name TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',    -- stays with the photo in the library
    credit        TEXT NOT NULL DEFAULT '',    -- "Hoàng Tùng" (shown as "Ảnh: Hoàng Tùng")
    copyright     TEXT NOT NULL DEFAULT '',
    imported_at   TEXT NOT NULL,               -- UTC, RFC 3339
    imported_by   TEXT NOT NULL DEFAULT ''
) STRICT;

-- Renditions made from a photo for a rendition spec ("w1600-q82", "w800-png"), cached under
-- media/renditions/. Files are written whole (temporary file, then rename) before their row.
CREATE TABLE renditions (
    hash    TEXT NOT NULL REFERENCES photos (hash) ON DELETE CASCADE,
    spec    TEXT NOT NULL,
    path    TEXT NOT NULL,                     -- relative to the data folder, '/'-separated
    width   INTEGER NOT NULL,
    height  INTEGER NOT NULL,
    bytes   INTEGER NOT NULL,
    mime    TEXT NOT NULL,
    sha256  TEXT NOT NULL,
    PRIMARY KEY (hash, spec)
) STRICT;

-- A photo's use in one article: figure number N is written in the body as ![alt](anh:N "caption")
-- (the body holds alt and caption, so they are revisioned with the text); the credit for this use
-- (empty: the photo's own) and the lead flag live here.
CREATE TABLE figures (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    n          INTEGER NOT NULL,
    photo      TEXT NOT NULL REFERENCES photos (hash),
    credit     TEXT NOT NULL DEFAULT '',
    lead       INTEGER NOT NULL DEFAULT 0,
    added_at   TEXT NOT NULL,
    PRIMARY KEY (article_id, n)
) STRICT;
CREATE INDEX figures_by_photo ON figures (photo);

-- Captions typed before, offered again (most used and most recent first).
CREATE TABLE captions (
    caption   TEXT PRIMARY KEY NOT NULL,
    uses      INTEGER NOT NULL DEFAULT 1,
    last_used TEXT NOT NULL
) STRICT;

-- 0005: stored portal profiles, app settings, and the archive of exports. Shipped migrations are never edited.

-- Portal profiles edited in Settings or imported (JSON as `profile::Profile` serialises it). The
-- built-in Hải Phòng profile is not stored until someone changes it.
CREATE TABLE profiles (
    id          TEXT PRIMARY KEY NOT NULL,   -- "hai-phong"
    body        TEXT NOT NULL,               -- the profile, JSON
    updated_at  TEXT NOT NULL                -- UTC, RFC 3339
) STRICT;

-- Small settings shared by everyone using this data folder ("default_profile" → a profile id).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY NOT NULL,
    value  TEXT NOT NULL
) STRICT;

-- One row per article and profile, replaced at each export: the local archive that lists
-- "Các tin cũ hơn" (earlier articles of the same category) on an exported page.
CREATE TABLE exports (
    article_id    TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    profile_id    TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    slug          TEXT NOT NULL,
    title         TEXT NOT NULL,
    category      TEXT NOT NULL,
    published_at  TEXT NOT NULL,             -- UTC, RFC 3339: the time line of the page
    exported_at   TEXT NOT NULL,
    folder        TEXT NOT NULL,             -- where the package was written
    PRIMARY KEY (article_id, profile_id)
) STRICT;

CREATE INDEX exports_by_category ON exports (profile_id, category, published_at DESC);

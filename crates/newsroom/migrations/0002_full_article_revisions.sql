-- 0002: the full article (authors, tags, source line, slug, schedule), revisions with parents, trash.
-- Shipped migrations are never edited: add a new file instead.

-- One or more authors, as a JSON array of names; the skeleton's single byline becomes the first.
ALTER TABLE articles ADD COLUMN authors TEXT NOT NULL DEFAULT '[]';
UPDATE articles SET authors = CASE WHEN trim(byline) = '' THEN '[]' ELSE json_array(trim(byline)) END;
ALTER TABLE articles DROP COLUMN byline;

ALTER TABLE articles ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';      -- JSON array
ALTER TABLE articles ADD COLUMN source TEXT NOT NULL DEFAULT '';      -- "Nguồn: …" line
ALTER TABLE articles ADD COLUMN slug TEXT NOT NULL DEFAULT '';        -- filled by the migration hook
ALTER TABLE articles ADD COLUMN slug_manual INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN scheduled_at TEXT;                   -- UTC, RFC 3339, or NULL
ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;  -- number of the current revision
ALTER TABLE articles ADD COLUMN spiked_from TEXT;                    -- status before the trash, or NULL

-- Every saved state of every article. Numbers grow by one per save; an autosave that continues an
-- editing burst replaces the burst's previous autosave row (so numbers may have gaps), keeping its
-- parent and its start time.
CREATE TABLE revisions (
    article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    parent       INTEGER,                 -- number of the revision this one was made from
    kind         TEXT NOT NULL,           -- create | save | autosave | restore
    author       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,           -- start of the save (or of the burst, for autosaves)
    saved_at     TEXT NOT NULL,           -- last write into this revision
    title        TEXT NOT NULL,
    lead         TEXT NOT NULL,
    body         TEXT NOT NULL,
    authors      TEXT NOT NULL,
    category     TEXT NOT NULL,
    tags         TEXT NOT NULL,
    source       TEXT NOT NULL,
    slug         TEXT NOT NULL,
    scheduled_at TEXT,
    PRIMARY KEY (article_id, number)
) STRICT;

-- 0001: the walking skeleton's drafts. Shipped: never edit, add a new file instead.
CREATE TABLE articles (
    id          TEXT PRIMARY KEY NOT NULL,   -- ULID
    title       TEXT NOT NULL,
    lead        TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',    -- Markdown
    byline      TEXT NOT NULL DEFAULT '',
    category    TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'draft',
    created_at  TEXT NOT NULL,               -- UTC, RFC 3339 with milliseconds and Z
    updated_at  TEXT NOT NULL
) STRICT;

CREATE INDEX articles_by_updated ON articles (updated_at DESC);

-- 0007: comments on an article, anchored to the text. Shipped migrations are never edited.

-- A comment names the phrase it is about (`quote`, with a little text on each side to tell equal
-- phrases apart), or a paragraph (its text when commented), or nothing (the whole article). The anchor
-- is found again in the current text when shown; a comment whose text is gone stays, marked.
CREATE TABLE comments (
    id           INTEGER PRIMARY KEY,
    article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    reply_to     INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    author       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    revision     INTEGER NOT NULL,            -- the article's revision when written
    kind         TEXT NOT NULL DEFAULT 'article', -- phrase | paragraph | article
    field        TEXT NOT NULL DEFAULT 'body', -- title | lead | body
    quote        TEXT NOT NULL DEFAULT '',     -- the phrase, or the paragraph's text
    before       TEXT NOT NULL DEFAULT '',     -- up to 32 characters before it
    after        TEXT NOT NULL DEFAULT '',     -- up to 32 characters after it
    body         TEXT NOT NULL,
    resolved_at  TEXT,
    resolved_by  TEXT
) STRICT;
CREATE INDEX comments_by_article ON comments (article_id, id);

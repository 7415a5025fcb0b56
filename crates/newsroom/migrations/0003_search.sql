-- 0003: full-text search over folded text. Shipped migrations are never edited.

-- FTS5 rows need integer ids; articles have ULIDs. One row here per indexed article.
CREATE TABLE search_docs (
    doc        INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE
) STRICT;

-- *_f: folded (no marks, đ → d, lowercase) for matching what people type;
-- *_x: the same text with its marks, to rank exact matches first when the query has marks.
-- Filled by the core (crate::search::index) in the transaction that saves the article.
-- Contentless: the text lives in `articles`; the index keeps only what ranking needs, so a save
-- writes the postings once and a delete leaves a cheap tombstone.
CREATE VIRTUAL TABLE search_index USING fts5 (
    title_f, lead_f, body_f, meta_f, title_x, lead_x, body_x,
    tokenize = 'unicode61 remove_diacritics 0',
    content = '',
    contentless_delete = 1
);

-- Articles saved since they were last indexed. A save only marks its article here (cheap, in the
-- save's transaction); the index catches up before the next search (crate::search::catch_up).
CREATE TABLE search_pending (
    article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE
) STRICT;

CREATE TRIGGER search_docs_gone AFTER DELETE ON search_docs BEGIN
    DELETE FROM search_index WHERE rowid = old.doc;
END;

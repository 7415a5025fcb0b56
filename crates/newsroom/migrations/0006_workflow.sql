-- 0006: people and roles, the review workflow, approvals and the audit log. Shipped migrations are never edited.

-- Local profiles: who is working. While this table is empty the newsroom is used by one person
-- (every action allowed, attributed to the name given); the first profile must be an admin.
CREATE TABLE users (
    name        TEXT PRIMARY KEY NOT NULL,   -- NFC, as shown ("Hoàng Tùng")
    role        TEXT NOT NULL,               -- reporter | editor | staff | admin
    pin_salt    TEXT,                        -- hex, with pin_hash; NULL: no PIN
    pin_hash    TEXT,                        -- SHA-256 of salt and PIN, hex
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL DEFAULT ''
) STRICT;

-- Who created an article (nobody approves their own) and which editor holds it in review.
ALTER TABLE articles ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN claimed_by TEXT;
UPDATE articles SET created_by = coalesce(
    (SELECT author FROM revisions r WHERE r.article_id = articles.id ORDER BY number LIMIT 1), '');

-- Every approval given: who, when, which revision, and the SHA-256 of the approved content in its
-- canonical form (workflow::content_hash). The last one holds while the article is approved or exported.
CREATE TABLE approvals (
    id              INTEGER PRIMARY KEY,
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    revision        INTEGER NOT NULL,
    approver        TEXT NOT NULL,
    approved_at     TEXT NOT NULL,
    content_sha256  TEXT NOT NULL
) STRICT;
CREATE INDEX approvals_by_article ON approvals (article_id, id DESC);

-- Every workflow step (submit, claim, approve, export, spike…) and every edit that changed the
-- state. Edits themselves are in `revisions` (who, when, parent); `workflow::log` merges both.
CREATE TABLE audit (
    id           INTEGER PRIMARY KEY,
    article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    role         TEXT NOT NULL,
    action       TEXT NOT NULL,
    from_status  TEXT NOT NULL,
    to_status    TEXT NOT NULL,
    revision     INTEGER NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_by_article ON audit (article_id, id);

-- What each export wrote: the manifest's SHA-256, so `verify` can tell a package this newsroom made.
ALTER TABLE exports ADD COLUMN manifest_sha256 TEXT NOT NULL DEFAULT '';

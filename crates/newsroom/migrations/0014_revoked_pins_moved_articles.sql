-- 0014: a desk's newsroom keys can be revoked, a desk never goes back to an older keys list, and an
-- article whose id someone else took first on the server moves to one of its own.
-- Shipped migrations are never edited.

-- A key pinned here stops being trusted when a keys list this desk trusts says it is revoked, or no
-- longer an admin's: `revoked_at` is then set and never cleared (a stolen key could sign any list,
-- so a revoked key is never pinned again, not even by its fingerprint). `vouched_by` is the pinned
-- key whose list named this one an admin in force (pinned with no call); NULL: pinned by the
-- fingerprint the admin read aloud.
ALTER TABLE newsroom_pins ADD COLUMN revoked_at TEXT;
ALTER TABLE newsroom_pins ADD COLUMN vouched_by TEXT;

-- The newest keys list this desk trusted: an older one (replayed, where a since-revoked key still
-- counted) is refused.
CREATE TABLE newsroom_list_seen (
    only_row     INTEGER PRIMARY KEY CHECK (only_row = 1),
    exported_at  TEXT NOT NULL,
    signer       TEXT NOT NULL,
    trusted_at   TEXT NOT NULL
) STRICT;

-- Articles moved to a new id because someone else pushed first under their id (a colleague holding
-- a copy of a new article): the server refuses the owner's pushes under it, so her laptop gives the
-- article (and its unsent revisions, steps, approvals and comments) ids of its own and sends it
-- again (`sync::rekey`). A window still holding the old id saves and reads through this table.
CREATE TABLE article_moves (
    old_id    TEXT PRIMARY KEY NOT NULL,
    new_id    TEXT NOT NULL,
    moved_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

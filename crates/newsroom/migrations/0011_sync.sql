-- 0011: a data folder joined to a newsroom server, and merges with two parents. Shipped
-- migrations are never edited.

-- A merge's other parent: the version merged in (`bundle::merge`), so the merge descends from
-- both sides and neither sees two versions again.
ALTER TABLE revisions ADD COLUMN merged_uid TEXT;

-- The newsroom server this folder syncs with (at most one), as whom, and how far it has read:
-- `cursor` is the server's transaction horizon of the last pull (`newsroom.pull_horizon()`).
CREATE TABLE sync_server (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    url           TEXT NOT NULL,
    user          TEXT NOT NULL,
    connected_at  TEXT NOT NULL,
    cursor        TEXT NOT NULL DEFAULT '0',
    synced_at     TEXT,
    error         TEXT
) STRICT;

-- Rows the server has (sent, or received from it), by uid: revisions, audit steps, approvals.
CREATE TABLE sync_sent (uid TEXT PRIMARY KEY NOT NULL) STRICT, WITHOUT ROWID;

-- Revisions the server refused, kept here and not sent again, with its reason.
CREATE TABLE sync_held (
    uid     TEXT PRIMARY KEY NOT NULL,
    reason  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- What syncing did that a person should know: steps the server refused, revisions held.
CREATE TABLE sync_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    message  TEXT NOT NULL
) STRICT;

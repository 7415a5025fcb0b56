-- 0016: whether the person asked to keep their server password in the OS's own store (Secret
-- Service, Credential Manager). The password itself is never in this file: only that it was kept,
-- so the app asks the OS store at start only for a folder whose person asked. Shipped migrations
-- are never edited.
ALTER TABLE sync_server ADD COLUMN password_kept INTEGER NOT NULL DEFAULT 0 CHECK (password_kept IN (0, 1));

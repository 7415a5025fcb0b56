-- 0012: approvals signed by their editor. Shipped migrations are never edited.

-- An approval's signature (Ed25519, base64) by the key `key_id`, over `signing::approval_message`,
-- and the form of content its hash covers: 1, the text and figures (approvals made before this
-- migration, unsigned); 2, everything the exported page shows (`workflow::canonical_content`).
ALTER TABLE approvals ADD COLUMN scheme INTEGER NOT NULL DEFAULT 1;
ALTER TABLE approvals ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE approvals ADD COLUMN signature TEXT NOT NULL DEFAULT '';

-- The public keys this folder trusts, each for one person. A folder joined to a newsroom server
-- holds exactly the server's (replaced at each pull); a folder on its own, the keys made here.
-- The secret halves are files in `<data>/keys/`, never in this database.
CREATE TABLE signing_keys (
    key_id         TEXT PRIMARY KEY NOT NULL,
    person         TEXT NOT NULL,
    public_key     TEXT NOT NULL,
    registered_at  TEXT NOT NULL,
    revoked_at     TEXT
) STRICT, WITHOUT ROWID;

-- 0008: ids that are the same on every machine, for bundles carried between laptops. Shipped
-- migrations are never edited.

-- Revision numbers are counted on each machine; `uid` names a revision everywhere, `parent_uid` its
-- parent. Rows made before this migration get random ids.
ALTER TABLE revisions ADD COLUMN uid TEXT;
ALTER TABLE revisions ADD COLUMN parent_uid TEXT;
UPDATE revisions SET uid = lower(hex(randomblob(16)));
UPDATE revisions SET parent_uid = (
    SELECT p.uid FROM revisions p WHERE p.article_id = revisions.article_id AND p.number = revisions.parent);
CREATE UNIQUE INDEX revisions_by_uid ON revisions (uid);

ALTER TABLE comments ADD COLUMN uid TEXT;
UPDATE comments SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX comments_by_uid ON comments (uid);

ALTER TABLE audit ADD COLUMN uid TEXT;
UPDATE audit SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX audit_by_uid ON audit (uid);

ALTER TABLE approvals ADD COLUMN uid TEXT;
UPDATE approvals SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX approvals_by_uid ON approvals (uid);

-- After a bundle import found that both sides changed the article since they last exchanged it:
-- the other side's head revision (imported beside ours), until someone merges.
ALTER TABLE articles ADD COLUMN diverged_uid TEXT;

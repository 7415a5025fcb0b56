-- 0002: articles, their revisions, the review steps and approvals, synced with the laptops.
-- Shipped migrations are never edited (migrations/SHA256SUMS).
--
-- What never changes once written (revisions, audit steps, approvals) is known everywhere by its
-- uid: a row sent twice is the same row. Each row keeps the id of the transaction that wrote it
-- (`txid`, and an article's row the last one that changed it); a pull reads the rows written by
-- transactions below its snapshot's xmin that it has not read yet, so a transaction that commits
-- late is never skipped (the server's transaction order, not clocks).
SET LOCAL ROLE newsroom_owner;

CREATE TABLE newsroom.articles (
    id          text PRIMARY KEY CHECK (id ~ '^[0-9A-HJKMNP-TV-Z]{26}$'),
    created_by  text NOT NULL,
    status      text NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'submitted', 'in_review', 'changes_requested', 'approved', 'exported')),
    claimed_by  text,
    head_uid    text NOT NULL,      -- the revision the article stands at on the server
    shared      boolean NOT NULL DEFAULT false,   -- submitted once: the whole newsroom sees it
    created_at  timestamptz NOT NULL DEFAULT now(),
    txid        xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX articles_by_txid ON newsroom.articles (txid);

CREATE TABLE newsroom.revisions (
    uid           text PRIMARY KEY,
    article_id    text NOT NULL REFERENCES newsroom.articles (id),
    parent_uid    text REFERENCES newsroom.revisions (uid),
    merged_uid    text REFERENCES newsroom.revisions (uid),   -- a merge's other parent
    kind          text NOT NULL CHECK (kind IN ('create', 'save', 'autosave', 'restore')),
    author        text NOT NULL,    -- who pushed it: always the session's person
    created_at    text NOT NULL,
    saved_at      text NOT NULL,
    title         text NOT NULL,
    lead          text NOT NULL,
    body          text NOT NULL,
    authors       text NOT NULL,
    category      text NOT NULL,
    tags          text NOT NULL,
    source        text NOT NULL,
    slug          text NOT NULL,
    scheduled_at  text,
    pushed_at     timestamptz NOT NULL DEFAULT now(),
    txid          xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX revisions_by_article ON newsroom.revisions (article_id);

CREATE TABLE newsroom.audit (
    uid           text PRIMARY KEY,
    article_id    text NOT NULL REFERENCES newsroom.articles (id),
    at            text NOT NULL,
    actor         text NOT NULL,
    role          text NOT NULL,
    action        text NOT NULL,
    from_status   text NOT NULL,
    to_status     text NOT NULL,
    revision_uid  text REFERENCES newsroom.revisions (uid),
    note          text NOT NULL DEFAULT '',
    txid          xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX audit_by_article ON newsroom.audit (article_id);

CREATE TABLE newsroom.approvals (
    uid             text PRIMARY KEY,
    article_id      text NOT NULL REFERENCES newsroom.articles (id),
    revision_uid    text NOT NULL REFERENCES newsroom.revisions (uid),
    approver        text NOT NULL,
    approved_at     text NOT NULL,
    content_sha256  text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    txid            xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX approvals_by_article ON newsroom.approvals (article_id);

-- Now, as the app writes instants: RFC 3339, UTC, milliseconds.
CREATE FUNCTION newsroom.now_text() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- Whether the session's person may see article `a`: its creator, an admin, or anyone once it
-- was submitted.
CREATE FUNCTION newsroom.can_see(a text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (
        SELECT FROM newsroom.articles x
        WHERE x.id = a AND (x.shared OR x.created_by = session_user
                            OR newsroom.role_of(session_user) = 'admin'))
$$;

ALTER TABLE newsroom.articles ENABLE ROW LEVEL SECURITY;
ALTER TABLE newsroom.revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE newsroom.audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE newsroom.approvals ENABLE ROW LEVEL SECURITY;
CREATE POLICY seen ON newsroom.articles FOR SELECT TO newsroom_member USING (newsroom.can_see(id));
CREATE POLICY seen ON newsroom.revisions FOR SELECT TO newsroom_member USING (newsroom.can_see(article_id));
CREATE POLICY seen ON newsroom.audit FOR SELECT TO newsroom_member USING (newsroom.can_see(article_id));
CREATE POLICY seen ON newsroom.approvals FOR SELECT TO newsroom_member USING (newsroom.can_see(article_id));

CREATE FUNCTION newsroom.status_vi(s text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE s WHEN 'draft' THEN 'Nháp' WHEN 'submitted' THEN 'Chờ duyệt'
        WHEN 'in_review' THEN 'Đang biên tập' WHEN 'changes_requested' THEN 'Yêu cầu sửa'
        WHEN 'approved' THEN 'Đã duyệt' WHEN 'exported' THEN 'Đã xuất' ELSE s END
$$;

CREATE FUNCTION newsroom.status_en(s text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE s WHEN 'draft' THEN 'Draft' WHEN 'submitted' THEN 'Submitted'
        WHEN 'in_review' THEN 'In review' WHEN 'changes_requested' THEN 'Changes requested'
        WHEN 'approved' THEN 'Approved' WHEN 'exported' THEN 'Exported' ELSE s END
$$;

CREATE FUNCTION newsroom.article_for_change(p_article text, action text) RETURNS newsroom.articles
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    a newsroom.articles;
BEGIN
    IF newsroom.role_of(session_user) IS NULL THEN
        PERFORM newsroom.refuse(action, 'bạn không thuộc tòa soạn', 'you are not one of the newsroom''s people');
    END IF;
    SELECT * INTO a FROM newsroom.articles WHERE id = p_article FOR UPDATE;
    IF NOT FOUND OR NOT newsroom.can_see(p_article) THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = 'bài viết', DETAIL = 'article', HINT = p_article;
    END IF;
    RETURN a;
END
$$;

-- Adds a revision written on a laptop (idempotent: a uid the server has is left as it is and
-- 'known' returned). The author is the session's person. An article's first revision creates it
-- (its creator is the session's person). The rule of an edit is checked here, as the core's
-- rule table does: no one edits an article in the trash or someone else's review, staff do not
-- edit, a reporter edits only their own articles. An edit of an approved or exported article
-- sends it back to "submitted", recorded in the audit log under `p_audit_uid` (the laptop's own
-- record of the same step; 'added+edit' is returned then). The revision becomes the article's head when it is made from the
-- head (its parent, or the other parent of a merge); else it is kept beside it: two versions.
CREATE FUNCTION newsroom.push_revision(
    p_article text, p_uid text, p_parent text, p_merged text, p_kind text, p_created_at text,
    p_saved_at text, p_title text, p_lead text, p_body text, p_authors text, p_category text,
    p_tags text, p_source text, p_slug text, p_scheduled_at text, p_audit_uid text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    a newsroom.articles;
    me text := session_user;
    r text := newsroom.role_of(session_user);
    next_status text;
BEGIN
    IF EXISTS (SELECT FROM newsroom.revisions WHERE uid = p_uid) THEN
        RETURN 'known';
    END IF;
    IF r IS NULL THEN
        PERFORM newsroom.refuse('edit', 'bạn không thuộc tòa soạn', 'you are not one of the newsroom''s people');
    END IF;
    IF r = 'staff' THEN
        PERFORM newsroom.refuse('edit', 'cán bộ đăng tin không sửa bài', 'publishing staff do not edit articles');
    END IF;
    IF p_uid IS NULL OR length(p_uid) NOT BETWEEN 16 AND 64 THEN
        PERFORM newsroom.invalid('mã bản sửa không hợp lệ', 'invalid revision id');
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext(p_article));
    IF NOT EXISTS (SELECT FROM newsroom.articles WHERE id = p_article) THEN
        IF p_parent IS NOT NULL OR p_merged IS NOT NULL THEN
            PERFORM newsroom.invalid('máy chủ chưa có bản trước của bản sửa này (gửi bản trước trước)',
                                     'the server lacks the revision this one was made from (send that first)');
        END IF;
        INSERT INTO newsroom.articles (id, created_by, head_uid) VALUES (p_article, me, p_uid);
        INSERT INTO newsroom.revisions (uid, article_id, parent_uid, merged_uid, kind, author, created_at, saved_at,
                                        title, lead, body, authors, category, tags, source, slug, scheduled_at)
        VALUES (p_uid, p_article, NULL, NULL, p_kind, me, p_created_at, p_saved_at, p_title, p_lead, p_body,
                p_authors, p_category, p_tags, p_source, p_slug, p_scheduled_at);
        PERFORM pg_notify('newsroom', p_article);
        RETURN 'added';
    END IF;
    a := newsroom.article_for_change(p_article, 'edit');
    IF a.status = 'in_review' AND r <> 'admin' AND a.claimed_by IS DISTINCT FROM me THEN
        PERFORM newsroom.refuse('edit', format('bài đang do “%s” biên tập', a.claimed_by),
                                format('“%s” is reviewing the article', a.claimed_by));
    END IF;
    IF r = 'reporter' AND a.created_by <> me THEN
        PERFORM newsroom.refuse('edit', 'phóng viên chỉ sửa bài của mình', 'reporters edit only their own articles');
    END IF;
    IF p_parent IS NULL
       OR NOT EXISTS (SELECT FROM newsroom.revisions WHERE uid = p_parent AND article_id = p_article)
       OR (p_merged IS NOT NULL AND NOT EXISTS (SELECT FROM newsroom.revisions WHERE uid = p_merged AND article_id = p_article)) THEN
        PERFORM newsroom.invalid('máy chủ chưa có bản trước của bản sửa này (gửi bản trước trước)',
                                 'the server lacks the revision this one was made from (send that first)');
    END IF;
    INSERT INTO newsroom.revisions (uid, article_id, parent_uid, merged_uid, kind, author, created_at, saved_at,
                                    title, lead, body, authors, category, tags, source, slug, scheduled_at)
    VALUES (p_uid, p_article, p_parent, p_merged, p_kind, me, p_created_at, p_saved_at, p_title, p_lead, p_body,
            p_authors, p_category, p_tags, p_source, p_slug, p_scheduled_at);
    next_status := CASE WHEN a.status IN ('approved', 'exported') THEN 'submitted' ELSE a.status END;
    UPDATE newsroom.articles
    SET head_uid = CASE WHEN a.head_uid IN (p_parent, p_merged) THEN p_uid ELSE head_uid END,
        status = next_status,
        claimed_by = CASE WHEN next_status <> a.status THEN NULL ELSE claimed_by END,
        txid = pg_current_xact_id()
    WHERE id = p_article;
    IF next_status <> a.status THEN
        INSERT INTO newsroom.audit (uid, article_id, at, actor, role, action, from_status, to_status, revision_uid, note)
        VALUES (coalesce(p_audit_uid, md5(random()::text || clock_timestamp()::text)), p_article,
                newsroom.now_text(), me, r, 'edit', a.status, next_status, p_uid,
                'sửa sau khi duyệt: cần duyệt lại');
    END IF;
    PERFORM pg_notify('newsroom', p_article);
    RETURN CASE WHEN next_status <> a.status THEN 'added+edit' ELSE 'added' END;
END
$$;

-- A review step on article `p_article` as the session's person, recorded under `p_uid` (the
-- laptop's own record of it; idempotent). The rules are the core's rule table's
-- (crates/newsroom/src/rules.rs), checked here in one transaction with the state, the review
-- lock, "nobody approves their own article" and the content hash:
--   submit           draft | changes_requested → submitted   reporter (own), editor, admin
--   claim            submitted → in_review                   editor, admin
--   release          in_review → submitted                   the editor holding it, admin
--   request_changes  in_review → changes_requested           the editor holding it, admin
--   approve          in_review → approved                    the editor holding it, admin; not the creator;
--                                                              of the server's head revision, with its content hash
--   export           approved | exported → exported          staff, admin; the content hash approved
CREATE FUNCTION newsroom.step(p_article text, p_uid text, p_action text, p_revision_uid text,
                              p_note text, p_content_sha256 text, p_approval_uid text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    a newsroom.articles;
    me text := session_user;
    r text := newsroom.role_of(session_user);
    to_status text;
    mine boolean;
    holder boolean;
    approved_hash text;
BEGIN
    IF EXISTS (SELECT FROM newsroom.audit WHERE uid = p_uid) THEN
        RETURN (SELECT status FROM newsroom.articles WHERE id = p_article);
    END IF;
    IF p_action NOT IN ('submit', 'claim', 'release', 'request_changes', 'approve', 'export') THEN
        PERFORM newsroom.invalid(format('bước “%s” không có', p_action), format('there is no step “%s”', p_action));
    END IF;
    a := newsroom.article_for_change(p_article, p_action);
    to_status := CASE
        WHEN p_action = 'submit' AND a.status IN ('draft', 'changes_requested') THEN 'submitted'
        WHEN p_action = 'claim' AND a.status = 'submitted' THEN 'in_review'
        WHEN p_action = 'release' AND a.status = 'in_review' THEN 'submitted'
        WHEN p_action = 'request_changes' AND a.status = 'in_review' THEN 'changes_requested'
        WHEN p_action = 'approve' AND a.status = 'in_review' THEN 'approved'
        WHEN p_action = 'export' AND a.status IN ('approved', 'exported') THEN 'exported'
    END;
    IF to_status IS NULL THEN
        IF p_action = 'export' THEN
            PERFORM newsroom.refuse(p_action, format('bài chưa được duyệt (đang “%s”)', newsroom.status_vi(a.status)),
                                    format('the article is not approved (it is “%s”)', newsroom.status_en(a.status)));
        END IF;
        PERFORM newsroom.refuse(p_action, format('bài đang ở trạng thái “%s”', newsroom.status_vi(a.status)),
                                format('the article is “%s”', newsroom.status_en(a.status)));
    END IF;
    mine := a.created_by = me;
    holder := a.claimed_by IS NOT DISTINCT FROM me;
    IF p_action = 'submit' THEN
        IF r = 'staff' THEN
            PERFORM newsroom.refuse(p_action, 'cán bộ đăng tin không gửi duyệt bài', 'publishing staff do not submit articles');
        ELSIF r = 'reporter' AND NOT mine THEN
            PERFORM newsroom.refuse(p_action, 'phóng viên chỉ gửi duyệt bài của mình', 'reporters submit only their own articles');
        END IF;
    ELSIF p_action = 'claim' THEN
        IF r NOT IN ('editor', 'admin') THEN
            PERFORM newsroom.refuse(p_action, 'chỉ biên tập viên hoặc quản trị nhận biên tập',
                                    'only editors and admins take up articles for review');
        END IF;
    ELSIF p_action IN ('release', 'request_changes') THEN
        IF r = 'editor' AND NOT holder THEN
            PERFORM newsroom.refuse(p_action, format('bài đang do “%s” biên tập', a.claimed_by),
                                    format('“%s” is reviewing the article', a.claimed_by));
        ELSIF r NOT IN ('editor', 'admin') THEN
            PERFORM newsroom.refuse(p_action, 'chỉ biên tập viên hoặc quản trị', 'only editors and admins');
        END IF;
    ELSIF p_action = 'approve' THEN
        IF r IN ('editor', 'admin') AND mine THEN
            PERFORM newsroom.refuse(p_action, 'không ai được duyệt bài của chính mình', 'nobody approves their own article');
        ELSIF r = 'editor' AND NOT holder THEN
            PERFORM newsroom.refuse(p_action, format('bài đang do “%s” biên tập', a.claimed_by),
                                    format('“%s” is reviewing the article', a.claimed_by));
        ELSIF r NOT IN ('editor', 'admin') THEN
            PERFORM newsroom.refuse(p_action, 'chỉ biên tập viên hoặc quản trị được duyệt', 'only editors and admins approve');
        END IF;
        IF p_revision_uid IS DISTINCT FROM a.head_uid THEN
            PERFORM newsroom.refuse(p_action, 'bản được duyệt không phải bản mới nhất trên máy chủ',
                                    'the version approved is not the newest on the server');
        END IF;
        IF p_content_sha256 IS NULL OR p_content_sha256 !~ '^[0-9a-f]{64}$' THEN
            PERFORM newsroom.invalid('thiếu mã băm nội dung được duyệt', 'the approved content''s hash is missing');
        END IF;
    ELSIF p_action = 'export' THEN
        IF r NOT IN ('staff', 'admin') THEN
            PERFORM newsroom.refuse(p_action, 'chỉ cán bộ đăng tin hoặc quản trị được xuất bản',
                                    'only publishing staff and admins publish');
        END IF;
        SELECT content_sha256 INTO approved_hash FROM newsroom.approvals
        WHERE article_id = p_article ORDER BY txid DESC, approved_at DESC LIMIT 1;
        IF approved_hash IS NULL THEN
            PERFORM newsroom.refuse(p_action, 'bài chưa có bản duyệt', 'the article has no approval');
        ELSIF approved_hash IS DISTINCT FROM p_content_sha256 THEN
            PERFORM newsroom.refuse(p_action, 'nội dung đã khác bản được duyệt; hãy gửi duyệt lại',
                                    'the content differs from the approved version; submit it again');
        END IF;
    END IF;
    UPDATE newsroom.articles
    SET status = to_status,
        claimed_by = CASE WHEN to_status = 'in_review' THEN me END,
        shared = shared OR p_action = 'submit',
        txid = pg_current_xact_id()
    WHERE id = p_article;
    INSERT INTO newsroom.audit (uid, article_id, at, actor, role, action, from_status, to_status, revision_uid, note)
    VALUES (p_uid, p_article, newsroom.now_text(), me, r, p_action, a.status, to_status,
            CASE WHEN EXISTS (SELECT FROM newsroom.revisions WHERE uid = p_revision_uid AND article_id = p_article)
                 THEN p_revision_uid END,
            left(coalesce(p_note, ''), 2000));
    IF p_action = 'approve' THEN
        INSERT INTO newsroom.approvals (uid, article_id, revision_uid, approver, approved_at, content_sha256)
        VALUES (coalesce(p_approval_uid, p_uid), p_article, p_revision_uid, me, newsroom.now_text(), p_content_sha256);
    END IF;
    PERFORM pg_notify('newsroom', p_article);
    RETURN to_status;
END
$$;

-- The pull's window: everything written by transactions in [since, upto), upto being the
-- snapshot's xmin (no transaction below it is still running).
CREATE FUNCTION newsroom.pull_horizon() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_snapshot_xmin(pg_current_snapshot())::text
$$;

RESET ROLE;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA newsroom FROM PUBLIC;
GRANT SELECT ON newsroom.articles, newsroom.revisions, newsroom.audit, newsroom.approvals TO newsroom_member;
GRANT EXECUTE ON FUNCTION newsroom.push_revision(text, text, text, text, text, text, text, text, text, text,
                                                 text, text, text, text, text, text, text),
    newsroom.step(text, text, text, text, text, text, text), newsroom.pull_horizon(),
    newsroom.can_see(text) TO newsroom_member;

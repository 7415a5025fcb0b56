-- 0004: comments travel too. Shipped migrations are never edited (migrations/SHA256SUMS).
--
-- A comment is written once (known everywhere by its uid, its author the session's person); only
-- whether it is resolved changes, by its writer, an editor or an admin. Either bumps the
-- article's txid, so the next pull of everyone who sees the article reads it.
SET LOCAL ROLE newsroom_owner;

CREATE TABLE newsroom.comments (
    uid           text PRIMARY KEY,
    article_id    text NOT NULL REFERENCES newsroom.articles (id),
    reply_to_uid  text REFERENCES newsroom.comments (uid),
    author        text NOT NULL,
    created_at    text NOT NULL,
    revision_uid  text REFERENCES newsroom.revisions (uid),
    kind          text NOT NULL CHECK (kind IN ('phrase', 'paragraph', 'article')),
    field         text NOT NULL CHECK (field IN ('title', 'lead', 'body')),
    quote         text NOT NULL,
    before        text NOT NULL,
    after         text NOT NULL,
    body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    resolved_at   text,
    resolved_by   text,
    txid          xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX comments_by_article ON newsroom.comments (article_id);
ALTER TABLE newsroom.comments ENABLE ROW LEVEL SECURITY;
CREATE POLICY seen ON newsroom.comments FOR SELECT TO newsroom_member USING (newsroom.can_see(article_id));

-- Adds a comment written on a laptop (idempotent by uid: 'known' for one the server has).
CREATE FUNCTION newsroom.push_comment(p_article text, p_uid text, p_reply_to text, p_created_at text,
    p_revision_uid text, p_kind text, p_field text, p_quote text, p_before text, p_after text,
    p_body text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT FROM newsroom.comments WHERE uid = p_uid) THEN
        RETURN 'known';
    END IF;
    PERFORM newsroom.article_for_change(p_article, 'comment');
    IF p_reply_to IS NOT NULL AND NOT EXISTS (
        SELECT FROM newsroom.comments WHERE uid = p_reply_to AND article_id = p_article) THEN
        PERFORM newsroom.invalid('máy chủ chưa có lời bình được trả lời (gửi lời bình đó trước)',
                                 'the server lacks the comment this one answers (send that first)');
    END IF;
    INSERT INTO newsroom.comments (uid, article_id, reply_to_uid, author, created_at, revision_uid, kind,
                                   field, quote, before, after, body)
    VALUES (p_uid, p_article, p_reply_to, session_user, p_created_at,
            CASE WHEN EXISTS (SELECT FROM newsroom.revisions WHERE uid = p_revision_uid AND article_id = p_article)
                 THEN p_revision_uid END,
            p_kind, p_field, p_quote, p_before, p_after, p_body);
    UPDATE newsroom.articles SET txid = pg_current_xact_id() WHERE id = p_article;
    PERFORM pg_notify('newsroom', p_article);
    RETURN 'added';
END
$$;

-- Marks a comment resolved (or open again): by its writer, an editor or an admin.
CREATE FUNCTION newsroom.resolve_comment(p_uid text, p_resolved boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    c newsroom.comments;
    r text := newsroom.role_of(session_user);
BEGIN
    SELECT * INTO c FROM newsroom.comments WHERE uid = p_uid;
    IF NOT FOUND OR NOT newsroom.can_see(c.article_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = 'lời bình', DETAIL = 'comment', HINT = p_uid;
    END IF;
    PERFORM newsroom.article_for_change(c.article_id, 'resolve');
    IF c.author <> session_user AND r NOT IN ('editor', 'admin') THEN
        PERFORM newsroom.refuse('resolve', 'chỉ người viết lời bình, biên tập viên hoặc quản trị',
                                'only its writer, editors and admins');
    END IF;
    UPDATE newsroom.comments
    SET resolved_at = CASE WHEN p_resolved THEN newsroom.now_text() END,
        resolved_by = CASE WHEN p_resolved THEN session_user::text END,
        txid = pg_current_xact_id()
    WHERE uid = p_uid;
    UPDATE newsroom.articles SET txid = pg_current_xact_id() WHERE id = c.article_id;
    PERFORM pg_notify('newsroom', c.article_id);
END
$$;

RESET ROLE;

REVOKE EXECUTE ON FUNCTION newsroom.push_comment(text, text, text, text, text, text, text, text, text, text, text),
    newsroom.resolve_comment(text, boolean) FROM PUBLIC;
GRANT SELECT ON newsroom.comments TO newsroom_member;
GRANT EXECUTE ON FUNCTION newsroom.push_comment(text, text, text, text, text, text, text, text, text, text, text),
    newsroom.resolve_comment(text, boolean) TO newsroom_member;

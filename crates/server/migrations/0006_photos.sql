-- 0006: photos and figures travel too. Shipped migrations are never edited (migrations/SHA256SUMS).
--
-- A photo is known everywhere by the SHA-256 of its original file: its bytes are sent once, and
-- the server checks they hash to that name. An article's figures (which photo is figure N, its
-- credit, the lead flag) are the article's state, set as a whole by whoever may edit the article
-- (the rules of an edit, as push_revision checks them); each change bumps the article's txid, so
-- the next pull of everyone who sees the article reads it.
SET LOCAL ROLE newsroom_owner;

CREATE TABLE newsroom.photos (
    hash           text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
    bytes          bytea NOT NULL,
    original_name  text NOT NULL,
    description    text NOT NULL,
    credit         text NOT NULL,
    copyright      text NOT NULL,
    added_by       text NOT NULL,
    added_at       text NOT NULL,
    CHECK (encode(sha256(bytes), 'hex') = hash)
);

CREATE TABLE newsroom.figures (
    article_id  text NOT NULL REFERENCES newsroom.articles (id),
    n           integer NOT NULL CHECK (n > 0),
    photo       text NOT NULL REFERENCES newsroom.photos (hash),
    credit      text NOT NULL,
    lead        boolean NOT NULL,
    added_at    text NOT NULL,
    PRIMARY KEY (article_id, n)
);
CREATE INDEX figures_by_photo ON newsroom.figures (photo);

ALTER TABLE newsroom.figures ENABLE ROW LEVEL SECURITY;
CREATE POLICY seen ON newsroom.figures FOR SELECT TO newsroom_member USING (newsroom.can_see(article_id));
ALTER TABLE newsroom.photos ENABLE ROW LEVEL SECURITY;
CREATE POLICY seen ON newsroom.photos FOR SELECT TO newsroom_member USING (
    added_by = session_user
    OR EXISTS (SELECT FROM newsroom.figures f WHERE f.photo = hash AND newsroom.can_see(f.article_id)));

-- Adds a photo's original file (idempotent: 'known' for one the server has). At most 64 MiB.
CREATE FUNCTION newsroom.push_photo(p_hash text, p_bytes bytea, p_name text, p_description text,
                                    p_credit text, p_copyright text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT FROM newsroom.photos WHERE hash = p_hash) THEN
        RETURN 'known';
    END IF;
    IF newsroom.role_of(session_user) IS NULL THEN
        PERFORM newsroom.refuse('photo', 'bạn không thuộc tòa soạn', 'you are not one of the newsroom''s people');
    END IF;
    IF p_bytes IS NULL OR length(p_bytes) > 64 * 1024 * 1024 THEN
        PERFORM newsroom.invalid('ảnh quá lớn (tối đa 64 MiB)', 'the photo is too large (64 MiB at most)');
    END IF;
    IF p_hash IS NULL OR encode(sha256(p_bytes), 'hex') IS DISTINCT FROM p_hash THEN
        PERFORM newsroom.invalid('nội dung ảnh không khớp mã băm của nó', 'the photo''s bytes do not match its hash');
    END IF;
    INSERT INTO newsroom.photos (hash, bytes, original_name, description, credit, copyright, added_by, added_at)
    VALUES (p_hash, p_bytes, left(coalesce(p_name, ''), 255), left(coalesce(p_description, ''), 2000),
            left(coalesce(p_credit, ''), 255), left(coalesce(p_copyright, ''), 255), session_user,
            newsroom.now_text());
    RETURN 'added';
END
$$;

-- Sets article `p_article`'s figures to `p_figures` (a JSON array of {n, photo, credit, lead,
-- added_at}), as the session's person, with the rules of an edit.
CREATE FUNCTION newsroom.set_figures(p_article text, p_figures jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    a newsroom.articles;
    me text := session_user;
    r text := newsroom.role_of(session_user);
BEGIN
    IF r = 'staff' THEN
        PERFORM newsroom.refuse('edit', 'cán bộ đăng tin không sửa bài', 'publishing staff do not edit articles');
    END IF;
    a := newsroom.article_for_change(p_article, 'edit');
    IF a.status = 'in_review' AND r <> 'admin' AND a.claimed_by IS DISTINCT FROM me THEN
        PERFORM newsroom.refuse('edit', format('bài đang do “%s” biên tập', a.claimed_by),
                                format('“%s” is reviewing the article', a.claimed_by));
    END IF;
    IF r = 'reporter' AND a.created_by <> me THEN
        PERFORM newsroom.refuse('edit', 'phóng viên chỉ sửa bài của mình', 'reporters edit only their own articles');
    END IF;
    IF jsonb_typeof(p_figures) IS DISTINCT FROM 'array' OR jsonb_array_length(p_figures) > 200 THEN
        PERFORM newsroom.invalid('danh sách ảnh của bài không hợp lệ', 'invalid list of the article''s figures');
    END IF;
    IF EXISTS (SELECT FROM jsonb_array_elements(p_figures) f
               WHERE NOT EXISTS (SELECT FROM newsroom.photos p WHERE p.hash = f ->> 'photo')) THEN
        PERFORM newsroom.invalid('máy chủ chưa có ảnh của bài (gửi ảnh trước)',
                                 'the server lacks a photo of the article (send it first)');
    END IF;
    DELETE FROM newsroom.figures WHERE article_id = p_article;
    INSERT INTO newsroom.figures (article_id, n, photo, credit, lead, added_at)
    SELECT p_article, (f ->> 'n')::integer, f ->> 'photo', coalesce(f ->> 'credit', ''),
           coalesce((f ->> 'lead')::boolean, false), coalesce(f ->> 'added_at', newsroom.now_text())
    FROM jsonb_array_elements(p_figures) f;
    UPDATE newsroom.articles SET txid = pg_current_xact_id() WHERE id = p_article;
    PERFORM pg_notify('newsroom', p_article);
END
$$;

RESET ROLE;

REVOKE EXECUTE ON FUNCTION newsroom.push_photo(text, bytea, text, text, text, text),
    newsroom.set_figures(text, jsonb) FROM PUBLIC;
GRANT SELECT ON newsroom.photos, newsroom.figures TO newsroom_member;
GRANT EXECUTE ON FUNCTION newsroom.push_photo(text, bytea, text, text, text, text),
    newsroom.set_figures(text, jsonb) TO newsroom_member;

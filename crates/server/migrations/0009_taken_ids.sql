-- 0009: an id someone else took first is said as such. Shipped migrations are never edited
-- (migrations/SHA256SUMS).
--
-- Whoever holds a copy of a colleague's new article (a bundle) can push first under its article id
-- or its revision ids. The server keeps refusing her pushes under those ids (0007), and now names
-- the refusal `taken` (the hint's action) instead of `edit`, so her laptop knows to move her
-- article to ids of its own and send it again, rather than hold it for ever. The function is
-- 0007's with those two refusals changed.

-- See 0007.
CREATE OR REPLACE FUNCTION newsroom.push_revision(
    p_article text, p_uid text, p_parent text, p_merged text, p_kind text, p_created_at text,
    p_saved_at text, p_title text, p_lead text, p_body text, p_authors text, p_category text,
    p_tags text, p_source text, p_slug text, p_scheduled_at text, p_audit_uid text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s' AS $$
DECLARE
    a newsroom.articles;
    me text := session_user;
    r text := newsroom.role_of(session_user);
    known newsroom.revisions;
    edited boolean;
BEGIN
    IF r IS NULL THEN
        PERFORM newsroom.refuse('edit', 'bạn không thuộc tòa soạn', 'you are not one of the newsroom''s people');
    END IF;
    PERFORM newsroom.check_uid('revision', p_uid);
    SELECT * INTO known FROM newsroom.revisions WHERE uid = p_uid;
    IF FOUND THEN
        IF known.article_id IS DISTINCT FROM p_article OR known.author IS DISTINCT FROM me
           OR (known.parent_uid, known.merged_uid, known.kind, known.title, known.lead, known.body, known.authors,
               known.category, known.tags, known.source, known.slug, known.scheduled_at)
              IS DISTINCT FROM
              (p_parent, p_merged, p_kind, p_title, p_lead, p_body, p_authors, p_category, p_tags, p_source,
               p_slug, p_scheduled_at) THEN
            PERFORM newsroom.refuse('taken',
                'mã bản sửa này đã có trên máy chủ với nội dung khác (của bài khác hoặc người khác); bài của bạn sẽ được gửi dưới mã mới',
                'the server already has this revision id with other content (another article''s or person''s); yours will be sent under a new id');
        END IF;
        RETURN 'known';
    END IF;
    IF r = 'staff' THEN
        PERFORM newsroom.refuse('edit', 'cán bộ đăng tin không sửa bài', 'publishing staff do not edit articles');
    END IF;
    IF p_article IS NULL OR p_article !~ '^[0-9A-HJKMNP-TV-Z]{26}$' THEN
        PERFORM newsroom.invalid('mã bài không hợp lệ', 'invalid article id');
    END IF;
    IF p_kind IS NULL OR p_kind NOT IN ('create', 'save', 'autosave', 'restore') THEN
        PERFORM newsroom.invalid('loại bản sửa không hợp lệ', 'invalid kind of revision');
    END IF;
    IF p_parent IS NOT NULL THEN PERFORM newsroom.check_uid('parent', p_parent); END IF;
    IF p_merged IS NOT NULL THEN PERFORM newsroom.check_uid('merged', p_merged); END IF;
    IF p_audit_uid IS NOT NULL THEN PERFORM newsroom.check_uid('audit', p_audit_uid); END IF;
    PERFORM newsroom.check_instant('created_at', p_created_at);
    PERFORM newsroom.check_instant('saved_at', p_saved_at);
    IF p_scheduled_at IS NOT NULL THEN PERFORM newsroom.check_instant('scheduled_at', p_scheduled_at); END IF;
    PERFORM newsroom.check_text('title', p_title, 500);
    PERFORM newsroom.check_text('lead', p_lead, 5000);
    PERFORM newsroom.check_text('body', p_body, 5 * 1024 * 1024, 5 * 1024 * 1024);
    PERFORM newsroom.check_text('category', p_category, 5000);
    PERFORM newsroom.check_text('source', p_source, 5000);
    PERFORM newsroom.check_text('slug', p_slug, 500);
    PERFORM newsroom.check_names('authors', p_authors);
    PERFORM newsroom.check_names('tags', p_tags);
    IF p_parent IS NULL AND p_merged IS NULL THEN
        -- An article's first revision creates it; an id someone else has is refused below.
        INSERT INTO newsroom.articles (id, created_by, head_uid) VALUES (p_article, me, p_uid)
        ON CONFLICT (id) DO NOTHING;
        IF FOUND THEN
            INSERT INTO newsroom.revisions (uid, article_id, parent_uid, merged_uid, kind, author, created_at, saved_at,
                                            title, lead, body, authors, category, tags, source, slug, scheduled_at)
            VALUES (p_uid, p_article, NULL, NULL, p_kind, me, p_created_at, p_saved_at, p_title, p_lead, p_body,
                    p_authors, p_category, p_tags, p_source, p_slug, p_scheduled_at);
            PERFORM pg_notify('newsroom', '');
            RETURN 'added';
        END IF;
        PERFORM newsroom.refuse('taken',
            'mã bài này đã có trên máy chủ (bài của người khác); bài của bạn sẽ được gửi dưới mã mới',
            'the server already has an article with this id (someone else''s); yours will be sent under a new id');
    END IF;
    a := newsroom.article_for_change(p_article, 'edit');
    PERFORM newsroom.check_edit(a, r);
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
    UPDATE newsroom.articles
    SET head_uid = CASE WHEN a.head_uid IN (p_parent, p_merged) THEN p_uid ELSE head_uid END,
        txid = pg_current_xact_id()
    WHERE id = p_article;
    edited := newsroom.back_to_review(a, r, p_uid, p_audit_uid);
    PERFORM pg_notify('newsroom', '');
    RETURN CASE WHEN edited THEN 'added+edit' ELSE 'added' END;
END
$$;

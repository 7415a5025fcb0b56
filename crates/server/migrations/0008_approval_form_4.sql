-- 0008: approvals of form 4, whose content names the article's creator (so an approval of one's
-- own article shows at any desk, from the package alone). Shipped migrations are never edited
-- (migrations/SHA256SUMS).
--
-- The forms a step takes are one function, `approval_form_ok`, so the next form replaces it
-- alone; `step` is 0007's with that call in place of its list.

CREATE FUNCTION newsroom.approval_form_ok(p_scheme integer) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT p_scheme IS NOT NULL AND p_scheme IN (2, 3, 4)
$$;
ALTER FUNCTION newsroom.approval_form_ok(integer) OWNER TO newsroom_owner;
REVOKE EXECUTE ON FUNCTION newsroom.approval_form_ok(integer) FROM PUBLIC;

-- See 0007.
CREATE OR REPLACE FUNCTION newsroom.step(p_article text, p_uid text, p_action text, p_revision_uid text,
                              p_note text, p_content_sha256 text, p_approval_uid text,
                              p_approved_at text, p_scheme integer, p_key_id text, p_signature text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    prior newsroom.audit;
    result text;
BEGIN
    IF newsroom.role_of(session_user) IS NULL THEN
        PERFORM newsroom.refuse(p_action, 'bạn không thuộc tòa soạn', 'you are not one of the newsroom''s people');
    END IF;
    SELECT * INTO prior FROM newsroom.audit WHERE uid = p_uid;
    IF FOUND THEN
        IF prior.article_id IS DISTINCT FROM p_article OR prior.actor IS DISTINCT FROM session_user
           OR prior.action IS DISTINCT FROM p_action OR NOT newsroom.can_see(p_article) THEN
            RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = 'bài viết', DETAIL = 'article', HINT = p_article;
        END IF;
        RETURN (SELECT status FROM newsroom.articles WHERE id = p_article);
    END IF;
    IF p_action = 'approve' THEN
        IF NOT newsroom.approves(newsroom.role_of(session_user)) OR NOT EXISTS (
                SELECT FROM newsroom.signing_keys
                WHERE key_id = p_key_id AND person = session_user AND revoked_at IS NULL) THEN
            PERFORM newsroom.refuse(p_action,
                'bản duyệt phải được ký bằng khóa của chính người duyệt, đã được quản trị đăng ký và chưa bị thu hồi',
                'an approval must be signed with the approver''s own key, registered by an admin and not revoked');
        END IF;
        IF p_signature IS NULL OR p_signature !~ '^[A-Za-z0-9+/]{86}==$' THEN
            PERFORM newsroom.invalid('chữ ký phải là 64 byte base64', 'a signature is 64 bytes in base64');
        END IF;
        IF NOT newsroom.approval_form_ok(p_scheme) THEN
            PERFORM newsroom.invalid('dạng nội dung được duyệt phải là 2, 3 hoặc 4', 'the approved content''s form must be 2, 3 or 4');
        END IF;
        IF NOT newsroom.is_instant(p_approved_at) THEN
            PERFORM newsroom.invalid('thiếu thời điểm duyệt', 'the approval''s time is missing');
        END IF;
    END IF;
    result := newsroom.step_checked(p_article, p_uid, p_action, p_revision_uid, p_note,
                                    p_content_sha256, p_approval_uid);
    IF p_action = 'approve' THEN
        UPDATE newsroom.approvals
        SET approved_at = p_approved_at, scheme = p_scheme, key_id = p_key_id, signature = p_signature
        WHERE uid = coalesce(p_approval_uid, p_uid);
    END IF;
    RETURN result;
END
$$;

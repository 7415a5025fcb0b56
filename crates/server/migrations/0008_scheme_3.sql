-- 0008: approvals of content form 3 (the slug and the lead picture covered too). Shipped
-- migrations are never edited (migrations/SHA256SUMS).
--
-- The step function of 0007, taking an approval of form 2 (made before) or 3.
SET LOCAL ROLE newsroom_owner;

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
        IF p_scheme IS NULL OR p_scheme NOT IN (2, 3) THEN
            PERFORM newsroom.invalid('dạng nội dung được duyệt phải là 2 hoặc 3', 'the approved content''s form must be 2 or 3');
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

RESET ROLE;

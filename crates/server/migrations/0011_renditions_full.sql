-- 0011: a photo with all its sizes says so instead of refusing, and a size larger than any honest
-- laptop makes is refused. Shipped migrations are never edited (migrations/SHA256SUMS).
--
-- 0010 refused a 13th rendition of a photo. A laptop holding renditions of one photo under three
-- profiles (other widths, another quality) then failed the whole push of that article's figures
-- at every sync. Now the 13th answers 'full': the laptop stops sending that photo's sizes (it
-- sends its active profile's first) and the figures go on. And a rendition may be at most twice
-- its original's size or 2 MiB, whichever is larger (a rendition is made smaller than its
-- original; 0010 let a sender put 16 MiB per size, 12 sizes a photo, on every laptop).
-- step()'s refusal of an unknown approval form names the form it got instead of a fixed list.
SET LOCAL ROLE newsroom_owner;

CREATE OR REPLACE FUNCTION newsroom.push_rendition(p_photo text, p_spec text, p_width integer, p_height integer,
                                                   p_bytes bytea) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s' AS $$
DECLARE
    original_size bigint;
BEGIN
    IF newsroom.role_of(session_user) IS NULL THEN
        PERFORM newsroom.refuse('photo', 'bạn không thuộc tòa soạn', 'you are not one of the newsroom''s people');
    END IF;
    SELECT length(bytes) INTO original_size FROM newsroom.photos
    WHERE hash = p_photo AND added_by = session_user;
    IF NOT FOUND THEN
        PERFORM newsroom.refuse('photo', 'chỉ người đưa ảnh lên máy chủ gửi các cỡ ảnh của nó',
                                'only the person who sent a photo sends its sizes');
    END IF;
    IF p_spec IS NULL OR p_spec !~ '^w[1-9][0-9]{0,4}-(q[1-9][0-9]{0,2}|png)$'
       OR p_width IS NULL OR p_width NOT BETWEEN 1 AND 20000
       OR p_height IS NULL OR p_height NOT BETWEEN 1 AND 20000 THEN
        PERFORM newsroom.invalid('cỡ ảnh không hợp lệ', 'invalid photo size');
    END IF;
    IF p_bytes IS NULL
       OR NOT (substr(p_bytes, 1, 3) = '\xffd8ff'::bytea OR substr(p_bytes, 1, 8) = '\x89504e470d0a1a0a'::bytea) THEN
        PERFORM newsroom.invalid('một cỡ ảnh phải là tệp JPEG hoặc PNG',
                                 'a photo size must be a JPEG or PNG file');
    END IF;
    IF length(p_bytes) > greatest(2 * original_size, 2 * 1024 * 1024) THEN
        PERFORM newsroom.invalid('một cỡ ảnh lớn hơn hai lần ảnh gốc',
                                 'a photo size is more than twice its original');
    END IF;
    -- One at a time per photo, so the count below holds.
    PERFORM FROM newsroom.photos WHERE hash = p_photo FOR UPDATE;
    IF EXISTS (SELECT FROM newsroom.renditions WHERE photo = p_photo AND spec = p_spec) THEN
        RETURN 'known';
    END IF;
    IF (SELECT count(*) FROM newsroom.renditions WHERE photo = p_photo) >= 12 THEN
        RETURN 'full';
    END IF;
    INSERT INTO newsroom.renditions (photo, spec, width, height, bytes, sha256)
    VALUES (p_photo, p_spec, p_width, p_height, p_bytes, encode(sha256(p_bytes), 'hex'));
    RETURN 'added';
END
$$;

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
            PERFORM newsroom.invalid(
                format('máy chủ không nhận bản duyệt dạng %s: máy này và máy chủ cần cùng một phiên bản ứng dụng',
                       coalesce(p_scheme::text, '(trống)')),
                format('the server does not take approvals of form %s: this laptop and the server need the same version of the app',
                       coalesce(p_scheme::text, '(none)')));
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

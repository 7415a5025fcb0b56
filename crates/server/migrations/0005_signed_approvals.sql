-- 0005: approvals signed by their editor. Shipped migrations are never edited (migrations/SHA256SUMS).
--
-- Each person signs approvals with an Ed25519 key made on their own machine; an admin registers
-- its public half here. An approval step now carries its signature, the key that made it and the
-- time it signs: the server takes it only from the key's own person, with a key registered and
-- not revoked. PostgreSQL cannot check an Ed25519 signature; every laptop checks each approval it
-- pulls against these keys, and `newsroom verify --keys` checks a package against their export.
SET LOCAL ROLE newsroom_owner;

CREATE TABLE newsroom.signing_keys (
    key_id         text PRIMARY KEY CHECK (key_id ~ '^[0-9a-f]{32}$'),
    person         text NOT NULL REFERENCES newsroom.people (name),
    public_key     text NOT NULL UNIQUE CHECK (public_key ~ '^ed25519:[A-Za-z0-9+/]{43}=$'),
    registered_at  text NOT NULL,
    registered_by  text NOT NULL,
    revoked_at     text,
    revoked_by     text
);

ALTER TABLE newsroom.approvals
    ADD COLUMN scheme integer NOT NULL DEFAULT 1,
    ADD COLUMN key_id text REFERENCES newsroom.signing_keys (key_id),
    ADD COLUMN signature text;

-- Registers `p_public_key` (`ed25519:` and 32 bytes in base64) as `p_person`'s; admins only. The
-- key id is the first 16 bytes of the key's SHA-256, in hex.
CREATE FUNCTION newsroom.add_key(p_person text, p_public_key text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    raw bytea;
    id text;
BEGIN
    PERFORM newsroom.require_admin('keys');
    PERFORM newsroom.require_person(p_person);
    IF p_public_key IS NULL OR p_public_key !~ '^ed25519:[A-Za-z0-9+/]{43}=$' THEN
        PERFORM newsroom.invalid('khóa công khai phải có dạng “ed25519:” và 32 byte base64',
                                 'a public key is “ed25519:” and 32 bytes in base64');
    END IF;
    raw := decode(substr(p_public_key, 9), 'base64');
    IF length(raw) <> 32 THEN
        PERFORM newsroom.invalid('khóa công khai phải dài 32 byte', 'a public key is 32 bytes long');
    END IF;
    id := left(encode(sha256(raw), 'hex'), 32);
    IF EXISTS (SELECT FROM newsroom.signing_keys WHERE key_id = id AND person <> p_person) THEN
        PERFORM newsroom.refuse('keys', 'khóa này đã được đăng ký cho người khác',
                                'this key is registered to someone else');
    END IF;
    IF EXISTS (SELECT FROM newsroom.signing_keys WHERE key_id = id AND revoked_at IS NOT NULL) THEN
        PERFORM newsroom.refuse('keys', 'khóa này đã bị thu hồi; hãy tạo khóa mới',
                                'this key was revoked; make a new one');
    END IF;
    INSERT INTO newsroom.signing_keys (key_id, person, public_key, registered_at, registered_by)
    VALUES (id, p_person, p_public_key, newsroom.now_text(), session_user)
    ON CONFLICT (key_id) DO NOTHING;
    PERFORM pg_notify('newsroom', '');
    RETURN id;
END
$$;

-- Revokes key `p_key_id`; admins only. Every signature by it is void from then on, whatever time
-- it claims (a stolen key could claim any).
CREATE FUNCTION newsroom.revoke_key(p_key_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM newsroom.require_admin('keys');
    IF NOT EXISTS (SELECT FROM newsroom.signing_keys WHERE key_id = p_key_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = 'khóa ký', DETAIL = 'signing key', HINT = p_key_id;
    END IF;
    UPDATE newsroom.signing_keys SET revoked_at = newsroom.now_text(), revoked_by = session_user
    WHERE key_id = p_key_id AND revoked_at IS NULL;
    PERFORM pg_notify('newsroom', '');
END
$$;

-- Removing a person revokes their keys too.
CREATE OR REPLACE FUNCTION newsroom.remove_person(p_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM newsroom.require_admin('people');
    PERFORM newsroom.require_person(p_name);
    IF p_name = session_user THEN
        PERFORM newsroom.refuse('people', 'không tự xoá mình', 'you cannot remove yourself');
    END IF;
    PERFORM newsroom.keep_an_admin(p_name);
    EXECUTE format('DROP ROLE %I', p_name);
    UPDATE newsroom.people SET removed_at = now() WHERE name = p_name;
    UPDATE newsroom.signing_keys SET revoked_at = newsroom.now_text(), revoked_by = session_user
    WHERE person = p_name AND revoked_at IS NULL;
    INSERT INTO newsroom.people_log (by_name, name, what) VALUES (session_user, p_name, 'remove');
END
$$;

-- The step function of 0002 checks the rules; it is no longer called by people directly: every
-- step goes through the signed one below, which for an approval also takes its signature.
ALTER FUNCTION newsroom.step(text, text, text, text, text, text, text) RENAME TO step_checked;

-- A review step (see step_checked in 0002); an approval also carries the time it signs, the form
-- of content (2), the key and the Ed25519 signature (base64). The key must be the caller's own,
-- registered and not revoked.
CREATE FUNCTION newsroom.step(p_article text, p_uid text, p_action text, p_revision_uid text,
                              p_note text, p_content_sha256 text, p_approval_uid text,
                              p_approved_at text, p_scheme integer, p_key_id text, p_signature text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    known boolean := EXISTS (SELECT FROM newsroom.audit WHERE uid = p_uid);
    result text;
BEGIN
    IF p_action = 'approve' AND NOT known THEN
        IF NOT EXISTS (SELECT FROM newsroom.signing_keys
                       WHERE key_id = p_key_id AND person = session_user AND revoked_at IS NULL) THEN
            PERFORM newsroom.refuse(p_action,
                'bản duyệt phải được ký bằng khóa của chính người duyệt, đã được quản trị đăng ký và chưa bị thu hồi',
                'an approval must be signed with the approver''s own key, registered by an admin and not revoked');
        END IF;
        IF p_signature IS NULL OR p_signature !~ '^[A-Za-z0-9+/]{86}==$' THEN
            PERFORM newsroom.invalid('chữ ký phải là 64 byte base64', 'a signature is 64 bytes in base64');
        END IF;
        IF p_scheme IS DISTINCT FROM 2 THEN
            PERFORM newsroom.invalid('dạng nội dung được duyệt phải là 2', 'the approved content''s form must be 2');
        END IF;
        IF p_approved_at IS NULL OR p_approved_at !~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$' THEN
            PERFORM newsroom.invalid('thiếu thời điểm duyệt', 'the approval''s time is missing');
        END IF;
    END IF;
    result := newsroom.step_checked(p_article, p_uid, p_action, p_revision_uid, p_note,
                                    p_content_sha256, p_approval_uid);
    IF p_action = 'approve' AND NOT known THEN
        UPDATE newsroom.approvals
        SET approved_at = p_approved_at, scheme = p_scheme, key_id = p_key_id, signature = p_signature
        WHERE uid = coalesce(p_approval_uid, p_uid);
    END IF;
    RETURN result;
END
$$;

RESET ROLE;

REVOKE EXECUTE ON FUNCTION newsroom.step_checked(text, text, text, text, text, text, text) FROM newsroom_member;
REVOKE EXECUTE ON FUNCTION newsroom.step_checked(text, text, text, text, text, text, text),
    newsroom.step(text, text, text, text, text, text, text, text, integer, text, text),
    newsroom.add_key(text, text), newsroom.revoke_key(text) FROM PUBLIC;
GRANT SELECT ON newsroom.signing_keys TO newsroom_member;
GRANT EXECUTE ON FUNCTION newsroom.step(text, text, text, text, text, text, text, text, integer, text, text),
    newsroom.add_key(text, text), newsroom.revoke_key(text) TO newsroom_member;

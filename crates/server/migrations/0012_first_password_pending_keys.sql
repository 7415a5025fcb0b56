-- 0012: running the newsroom from the window. Shipped migrations are never edited
-- (migrations/SHA256SUMS).
--
--   * A first password: an admin may add a person with a password they must replace before
--     anything else. Until they do, their login is only in `newsroom_newcomer`: it may connect,
--     say who it is and set its own password, nothing more (every other function asks `role_of`,
--     which names no role for it, and the tables are read only by `newsroom_member`). The role
--     they will have waits in `people.first_role`; `change_password` gives it to them.
--     `reset_password` (an admin) puts a person back there with a new first password.
--   * Keys without copying: a person whose role approves offers their own public key
--     (`offer_key`; their login proves whose it is); it waits as pending until an admin registers
--     it (`register_key`) once the fingerprints read aloud on both machines match. One pending key
--     a person (a newer offer replaces it); a key offered by two people (one copied the
--     other's public key) is registered for neither.
--   * A lost laptop in one click: revoking a key also ends its person's open sessions.
--   * Who synced when: each laptop says at its syncs which version of the app it runs (`seen`);
--     `people_overview` (admins) lists the people with their role, a first password still
--     unchanged, the last sync and that version.
--   * Upgrades spread over days: `newsroom.client_floor` (read with `compat()`) says the oldest
--     laptop schema this server still serves (the functions it calls keep their signatures) and
--     the app version that has it;
--     a laptop newer than the server keeps to what the server speaks, one older than the server
--     syncs while the server serves it, and one too old is told which version it needs.
--     Migrations after this one raise the row only when they drop what an older laptop calls.
--   * The newsroom's own id (`newsroom_id()`), made once here: a laptop whose server moves to a new
--     address checks it still speaks to the same newsroom, and a folder that left one newsroom
--     is not joined to another.

DO $roles$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'newsroom_newcomer') THEN
        CREATE ROLE newsroom_newcomer NOLOGIN;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO newsroom_newcomer', current_database());
END
$roles$;
GRANT USAGE ON SCHEMA newsroom TO newsroom_newcomer;
GRANT newsroom_newcomer TO newsroom_people WITH ADMIN OPTION;

SET LOCAL ROLE newsroom_owner;

ALTER TABLE newsroom.people
    ADD COLUMN first_role   text CHECK (first_role IN ('reporter', 'editor', 'staff', 'admin')),
    ADD COLUMN last_seen_at timestamptz,
    ADD COLUMN app_version  text CHECK (length(app_version) <= 40);

CREATE TABLE newsroom.identity (
    id   text PRIMARY KEY DEFAULT gen_random_uuid()::text,
    one  boolean NOT NULL DEFAULT true UNIQUE CHECK (one)
);
INSERT INTO newsroom.identity DEFAULT VALUES;

CREATE TABLE newsroom.client_floor (
    one                   boolean PRIMARY KEY DEFAULT true CHECK (one),
    oldest_client_schema  integer NOT NULL,
    oldest_client_app     text NOT NULL
);
-- A laptop of schema 11 calls nothing this migration changed the signature of.
INSERT INTO newsroom.client_floor (oldest_client_schema, oldest_client_app) VALUES (11, '0.1.0');

CREATE FUNCTION newsroom.compat()
RETURNS TABLE (oldest_client_schema integer, oldest_client_app text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT oldest_client_schema, oldest_client_app FROM newsroom.client_floor
$$;

CREATE FUNCTION newsroom.newsroom_id() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT id FROM newsroom.identity
$$;

CREATE TABLE newsroom.pending_keys (
    person      text NOT NULL REFERENCES newsroom.people (name),
    key_id      text NOT NULL CHECK (key_id ~ '^[0-9a-f]{32}$'),
    public_key  text NOT NULL CHECK (public_key ~ '^ed25519:[A-Za-z0-9+/]{43}=$'),
    offered_at  text NOT NULL,
    PRIMARY KEY (person, key_id)
);

-- The role a person waits for while their first password stands (NULL: none; they have theirs).
CREATE FUNCTION newsroom.first_role_of(who text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT first_role FROM newsroom.people WHERE name = who AND removed_at IS NULL
$$;

-- Who is connected, with the role they wait for when they still have their first password.
CREATE FUNCTION newsroom.me_first(OUT name text, OUT role text, OUT first_role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT session_user::text, newsroom.role_of(session_user), newsroom.first_role_of(session_user)
$$;

-- The caller says they synced, and with which version of the app (at most once a minute written).
CREATE FUNCTION newsroom.seen(p_app_version text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_app_version IS NULL OR length(p_app_version) > 40 OR p_app_version ~ '[[:cntrl:]]' THEN
        PERFORM newsroom.invalid('phiên bản ứng dụng không đọc được', 'the app''s version cannot be read');
    END IF;
    UPDATE newsroom.people SET last_seen_at = now(), app_version = p_app_version
    WHERE name = session_user AND removed_at IS NULL
      AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute'
           OR app_version IS DISTINCT FROM p_app_version);
END
$$;

-- A public key as the server takes it, and its id (the first 16 bytes of its SHA-256, in hex).
CREATE FUNCTION newsroom.key_id_of(p_public_key text) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    raw bytea;
BEGIN
    IF p_public_key IS NULL OR p_public_key !~ '^ed25519:[A-Za-z0-9+/]{43}=$' THEN
        PERFORM newsroom.invalid('khóa công khai phải có dạng “ed25519:” và 32 byte base64',
                                 'a public key is “ed25519:” and 32 bytes in base64');
    END IF;
    raw := decode(substr(p_public_key, 9), 'base64');
    IF length(raw) <> 32 THEN
        PERFORM newsroom.invalid('khóa công khai phải dài 32 byte', 'a public key is 32 bytes long');
    END IF;
    RETURN left(encode(sha256(raw), 'hex'), 32);
END
$$;

-- The caller offers their own public key; it waits for an admin. Its id.
CREATE FUNCTION newsroom.offer_key(p_public_key text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s' AS $$
DECLARE
    r text := newsroom.role_of(session_user);
    id text;
    k record;
BEGIN
    IF r IS NULL THEN
        PERFORM newsroom.refuse('keys', 'bạn không thuộc tòa soạn', 'you are not one of the newsroom''s people');
    END IF;
    IF NOT newsroom.approves(r) THEN
        PERFORM newsroom.refuse('keys',
            format('chỉ biên tập viên và quản trị có khóa duyệt bài; “%s” là %s', session_user, r),
            format('only editors and admins hold approving keys; “%s” is a %s', session_user, r));
    END IF;
    id := newsroom.key_id_of(p_public_key);
    SELECT * INTO k FROM newsroom.signing_keys WHERE key_id = id;
    IF FOUND THEN
        IF k.person <> session_user THEN
            PERFORM newsroom.refuse('keys', 'khóa này đã được đăng ký cho người khác',
                                    'this key is registered to someone else');
        END IF;
        IF k.revoked_at IS NOT NULL THEN
            PERFORM newsroom.refuse('keys', 'khóa này đã bị thu hồi; hãy tạo khóa mới',
                                    'this key was revoked; make a new one');
        END IF;
        RETURN id;
    END IF;
    IF EXISTS (SELECT FROM newsroom.pending_keys WHERE person = session_user AND key_id = id) THEN
        RETURN id;
    END IF;
    DELETE FROM newsroom.pending_keys WHERE person = session_user;
    INSERT INTO newsroom.pending_keys (person, key_id, public_key, offered_at)
    VALUES (session_user, id, p_public_key, newsroom.now_text());
    PERFORM pg_notify('newsroom', '');
    RETURN id;
END
$$;

-- Keys waiting for an admin: every one for an admin, the caller's own for anyone else.
CREATE FUNCTION newsroom.pending_keys_list()
RETURNS TABLE (person text, key_id text, public_key text, offered_at text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT k.person, k.key_id, k.public_key, k.offered_at
    FROM newsroom.pending_keys k JOIN newsroom.people p ON p.name = k.person AND p.removed_at IS NULL
    WHERE (newsroom.role_of(session_user) = 'admin' OR k.person = session_user)
      AND NOT EXISTS (SELECT FROM newsroom.signing_keys s WHERE s.key_id = k.key_id)
    ORDER BY k.offered_at, k.person
$$;

-- An admin registers `p_person`'s pending key `p_key_id` (add_key's checks apply). A key offered
-- by more than one person is refused: someone copied another's public key (it would block its
-- owner, who could then never register it). Its id.
CREATE FUNCTION newsroom.register_key(p_person text, p_key_id text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pk text;
    id text;
BEGIN
    PERFORM newsroom.require_admin('keys');
    SELECT public_key INTO pk FROM newsroom.pending_keys WHERE person = p_person AND key_id = p_key_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = 'khóa đang chờ', DETAIL = 'pending key', HINT = p_key_id;
    END IF;
    IF EXISTS (SELECT FROM newsroom.pending_keys WHERE key_id = p_key_id AND person <> p_person) THEN
        PERFORM newsroom.refuse('keys',
            'khóa này được nhiều người cùng gửi: có người đã chép khóa công khai của người khác; hãy bỏ các khóa chờ này và nhờ từng người đọc dấu vân tay của mình',
            'this key was offered by more than one person: someone copied another''s public key; turn these pending keys away and have each person read out their fingerprint');
    END IF;
    id := newsroom.add_key(p_person, pk);
    DELETE FROM newsroom.pending_keys WHERE person = p_person AND key_id = p_key_id;
    RETURN id;
END
$$;

-- An admin turns a pending key away (not this person's, read aloud wrong).
CREATE FUNCTION newsroom.dismiss_key(p_person text, p_key_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM newsroom.require_admin('keys');
    DELETE FROM newsroom.pending_keys WHERE person = p_person AND key_id = p_key_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = 'khóa đang chờ', DETAIL = 'pending key', HINT = p_key_id;
    END IF;
END
$$;

-- People, for an admin: role (or the one waiting for a first password to be changed), when they
-- were added, their last sync and the app's version then.
CREATE FUNCTION newsroom.people_overview()
RETURNS TABLE (name text, role text, first_password boolean, added_at timestamptz,
               last_seen_at timestamptz, app_version text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM newsroom.require_admin('people');
    RETURN QUERY
        SELECT p.name, coalesce(newsroom.role_of(p.name), p.first_role), p.first_role IS NOT NULL,
               p.added_at, p.last_seen_at, p.app_version
        FROM newsroom.people p
        WHERE p.removed_at IS NULL AND EXISTS (SELECT FROM pg_roles WHERE rolname = p.name)
        ORDER BY p.name;
END
$$;

RESET ROLE;

-- Ends every session of `p_name` but the caller's own. The number ended. Called only from the
-- functions below (no person may call it).
CREATE FUNCTION newsroom.end_sessions_of(p_name text) RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT count(*)::integer FROM (
        SELECT pg_terminate_backend(s.pid) AS ended
        FROM pg_stat_activity s JOIN pg_roles u ON u.oid = s.usesysid
        WHERE s.datname = current_database() AND s.pid <> pg_backend_pid()
          AND u.rolname = p_name AND NOT u.rolsuper
    ) t WHERE ended
$$;
ALTER FUNCTION newsroom.end_sessions_of(text) OWNER TO newsroom_reaper;
REVOKE EXECUTE ON FUNCTION newsroom.end_sessions_of(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION newsroom.end_sessions_of(text) TO newsroom_owner, newsroom_people;

SET LOCAL ROLE newsroom_owner;

-- Revoking a key (a lost laptop) also ends its person's open sessions: a sync running on that
-- laptop stops now, not at its next connection.
CREATE OR REPLACE FUNCTION newsroom.revoke_key(p_key_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    who text;
BEGIN
    PERFORM newsroom.require_admin('keys');
    SELECT person INTO who FROM newsroom.signing_keys WHERE key_id = p_key_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = 'khóa ký', DETAIL = 'signing key', HINT = p_key_id;
    END IF;
    UPDATE newsroom.signing_keys SET revoked_at = newsroom.now_text(), revoked_by = session_user
    WHERE key_id = p_key_id AND revoked_at IS NULL;
    PERFORM newsroom.end_sessions_of(who);
    PERFORM pg_notify('newsroom', '');
END
$$;

RESET ROLE;

-- People management, owned by newsroom_people (made here as the superuser, then given to it).

-- A person of the newsroom, or one still waiting with their first password.
CREATE FUNCTION newsroom.require_known(p_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM newsroom.people WHERE name = p_name AND removed_at IS NULL)
       OR NOT EXISTS (SELECT FROM pg_roles WHERE rolname = p_name)
       OR coalesce(newsroom.role_of(p_name), newsroom.first_role_of(p_name)) IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = 'người dùng', DETAIL = 'person', HINT = p_name;
    END IF;
END
$$;

-- Adds a person; with `first`, their password is a first one they must change before anything
-- else (they wait in newsroom_newcomer).
CREATE FUNCTION newsroom.add_person(p_name text, p_role text, verifier text, first boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM newsroom.require_admin('people');
    PERFORM newsroom.add_person_unchecked(p_name, p_role, verifier, session_user);
    IF first THEN
        EXECUTE format('REVOKE %I FROM %I', 'newsroom_' || p_role, p_name);
        EXECUTE format('GRANT newsroom_newcomer TO %I', p_name);
        UPDATE newsroom.people SET first_role = p_role WHERE name = p_name;
    END IF;
END
$$;

-- The caller sets their own password (SCRAM verifier); a first password's person gets their role.
CREATE FUNCTION newsroom.change_password(verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    waiting text;
BEGIN
    PERFORM newsroom.require_known(session_user);
    IF verifier IS NULL OR verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        PERFORM newsroom.invalid('mật khẩu phải được gửi dưới dạng SCRAM-SHA-256', 'the password must be sent as a SCRAM-SHA-256 verifier');
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', session_user, verifier);
    waiting := newsroom.first_role_of(session_user);
    IF waiting IS NOT NULL THEN
        EXECUTE format('REVOKE newsroom_newcomer FROM %I', session_user);
        EXECUTE format('GRANT %I TO %I', 'newsroom_' || waiting, session_user);
        UPDATE newsroom.people SET first_role = NULL WHERE name = session_user;
    END IF;
    INSERT INTO newsroom.people_log (by_name, name, what, role) VALUES (session_user, session_user, 'password', waiting);
    PERFORM pg_notify('newsroom', '');
END
$$;

-- An admin gives `p_name` a new first password (a forgotten password, a lost laptop): until they
-- set their own they can do nothing, and their open sessions end now.
CREATE FUNCTION newsroom.reset_password(p_name text, verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r text;
    g text;
BEGIN
    PERFORM newsroom.require_admin('people');
    PERFORM newsroom.require_known(p_name);
    IF p_name = session_user THEN
        PERFORM newsroom.refuse('people', 'hãy đổi mật khẩu của chính bạn trong phần máy chủ',
                                'change your own password in the server section');
    END IF;
    IF verifier IS NULL OR verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        PERFORM newsroom.invalid('mật khẩu phải được gửi dưới dạng SCRAM-SHA-256', 'the password must be sent as a SCRAM-SHA-256 verifier');
    END IF;
    r := coalesce(newsroom.role_of(p_name), newsroom.first_role_of(p_name));
    IF newsroom.role_of(p_name) IS NOT NULL THEN
        PERFORM newsroom.keep_an_admin(p_name);
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', p_name, verifier);
    FOREACH g IN ARRAY ARRAY['reporter', 'editor', 'staff', 'admin'] LOOP
        EXECUTE format('REVOKE %I FROM %I', 'newsroom_' || g, p_name);
    END LOOP;
    EXECUTE format('GRANT newsroom_newcomer TO %I', p_name);
    UPDATE newsroom.people SET first_role = r WHERE name = p_name;
    INSERT INTO newsroom.people_log (by_name, name, what, role) VALUES (session_user, p_name, 'reset', r);
    PERFORM newsroom.end_sessions_of(p_name);
END
$$;

-- A role change reaches a person still waiting with their first password too (the role they
-- will get). Otherwise as 0007's.
CREATE OR REPLACE FUNCTION newsroom.set_role(p_name text, p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r text;
BEGIN
    PERFORM newsroom.require_admin('people');
    PERFORM newsroom.check_role(p_role);
    PERFORM newsroom.require_known(p_name);
    IF newsroom.first_role_of(p_name) IS NOT NULL THEN
        UPDATE newsroom.people SET first_role = p_role WHERE name = p_name;
    ELSE
        IF p_role <> 'admin' THEN
            PERFORM newsroom.keep_an_admin(p_name);
        END IF;
        FOREACH r IN ARRAY ARRAY['reporter', 'editor', 'staff', 'admin'] LOOP
            EXECUTE format('REVOKE %I FROM %I', 'newsroom_' || r, p_name);
        END LOOP;
        EXECUTE format('GRANT %I TO %I', 'newsroom_' || p_role, p_name);
    END IF;
    IF NOT newsroom.approves(p_role) THEN
        UPDATE newsroom.signing_keys SET revoked_at = newsroom.now_text(), revoked_by = session_user
        WHERE person = p_name AND revoked_at IS NULL;
        DELETE FROM newsroom.pending_keys WHERE person = p_name;
    END IF;
    INSERT INTO newsroom.people_log (by_name, name, what, role) VALUES (session_user, p_name, 'role', p_role);
    PERFORM pg_notify('newsroom', '');
END
$$;

-- Removing reaches a person still waiting with their first password too; their pending keys go,
-- their keys are revoked and their sessions end. Otherwise as 0005's.
CREATE OR REPLACE FUNCTION newsroom.remove_person(p_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM newsroom.require_admin('people');
    PERFORM newsroom.require_known(p_name);
    IF p_name = session_user THEN
        PERFORM newsroom.refuse('people', 'không tự xoá mình', 'you cannot remove yourself');
    END IF;
    PERFORM newsroom.keep_an_admin(p_name);
    PERFORM newsroom.end_sessions_of(p_name);
    EXECUTE format('DROP ROLE %I', p_name);
    UPDATE newsroom.people SET removed_at = now(), first_role = NULL WHERE name = p_name;
    UPDATE newsroom.signing_keys SET revoked_at = newsroom.now_text(), revoked_by = session_user
    WHERE person = p_name AND revoked_at IS NULL;
    DELETE FROM newsroom.pending_keys WHERE person = p_name;
    INSERT INTO newsroom.people_log (by_name, name, what) VALUES (session_user, p_name, 'remove');
    PERFORM pg_notify('newsroom', '');
END
$$;

ALTER FUNCTION newsroom.require_known(text) OWNER TO newsroom_people;
ALTER FUNCTION newsroom.add_person(text, text, text, boolean) OWNER TO newsroom_people;
ALTER FUNCTION newsroom.change_password(text) OWNER TO newsroom_people;
ALTER FUNCTION newsroom.reset_password(text, text) OWNER TO newsroom_people;

GRANT SELECT, DELETE ON newsroom.pending_keys TO newsroom_people;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA newsroom FROM PUBLIC;
GRANT EXECUTE ON FUNCTION newsroom.first_role_of(text), newsroom.keep_an_admin(text),
    newsroom.require_admin(text), newsroom.check_role(text), newsroom.invalid(text, text),
    newsroom.refuse(text, text, text), newsroom.role_of(text), newsroom.approves(text),
    newsroom.now_text(), newsroom.add_person_unchecked(text, text, text, text)
    TO newsroom_people;
GRANT EXECUTE ON FUNCTION newsroom.me_first(), newsroom.change_password(text), newsroom.seen(text),
    newsroom.schema_version(), newsroom.newsroom_id(), newsroom.compat() TO newsroom_newcomer;
GRANT EXECUTE ON FUNCTION newsroom.me_first(), newsroom.change_password(text), newsroom.seen(text),
    newsroom.newsroom_id(), newsroom.compat(),
    newsroom.offer_key(text), newsroom.pending_keys_list(), newsroom.register_key(text, text),
    newsroom.dismiss_key(text, text), newsroom.people_overview(),
    newsroom.add_person(text, text, text, boolean), newsroom.reset_password(text, text)
    TO newsroom_member;

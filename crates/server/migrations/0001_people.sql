-- 0001: the newsroom's people and roles. Run by `newsroom server init` as a superuser, in one
-- transaction. Shipped migrations are never edited (migrations/SHA256SUMS).
--
-- Roles are PostgreSQL's own and cluster-wide: one newsroom per cluster.
--   newsroom_owner   owns the schema and the functions below (no login; may create roles)
--   newsroom_member  what every person may do: connect, read through row-level security, call functions
--   newsroom_reporter, newsroom_editor, newsroom_staff, newsroom_admin: one group per newsroom role;
--                    a person is a login role (SCRAM password) in exactly one of them.
DO $roles$
DECLARE
    r text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'newsroom_owner') THEN
        CREATE ROLE newsroom_owner NOLOGIN CREATEROLE;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'newsroom_member') THEN
        CREATE ROLE newsroom_member NOLOGIN;
    END IF;
    FOREACH r IN ARRAY ARRAY['reporter', 'editor', 'staff', 'admin'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'newsroom_' || r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN IN ROLE newsroom_member', 'newsroom_' || r);
        END IF;
        -- The owner grants these (PostgreSQL 16 and later ask for the admin option).
        EXECUTE format('GRANT %I TO newsroom_owner WITH ADMIN OPTION', 'newsroom_' || r);
    END LOOP;
    -- Only people connect to the newsroom's database.
    EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO newsroom_member', current_database());
END
$roles$;

CREATE SCHEMA newsroom AUTHORIZATION newsroom_owner;
REVOKE ALL ON SCHEMA newsroom FROM PUBLIC;
GRANT USAGE ON SCHEMA newsroom TO newsroom_member;
-- Functions the owner makes are not callable by anyone until granted.
ALTER DEFAULT PRIVILEGES FOR ROLE newsroom_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

SET LOCAL ROLE newsroom_owner;

-- Which migrations ran (the client refuses a schema newer than it knows).
CREATE TABLE newsroom.schema_migrations (
    version     integer PRIMARY KEY,
    sha256      text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);

-- The schema's version, for every client to check.
CREATE FUNCTION newsroom.schema_version() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(max(version), 0) FROM newsroom.schema_migrations
$$;

-- The newsroom's people: each is the PostgreSQL login role of the same name (NFC, as shown and
-- recorded: "Nguyễn Mai Anh"). Their role is their group's membership, not a column: PostgreSQL
-- is the one record of it. A removed person's row stays (history names them); their login is dropped.
CREATE TABLE newsroom.people (
    name        text PRIMARY KEY,
    added_at    timestamptz NOT NULL DEFAULT now(),
    added_by    text NOT NULL,
    removed_at  timestamptz
);

-- Every change to the people: who did it, to whom, what.
CREATE TABLE newsroom.people_log (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    by_name text NOT NULL,
    name    text NOT NULL,
    what    text NOT NULL,           -- add | role | remove
    role    text
);

-- The newsroom role of login `who` (NULL: not a person of the newsroom).
CREATE FUNCTION newsroom.role_of(who text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE
        WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = who) THEN NULL
        WHEN pg_has_role(who, 'newsroom_admin', 'MEMBER') THEN 'admin'
        WHEN pg_has_role(who, 'newsroom_editor', 'MEMBER') THEN 'editor'
        WHEN pg_has_role(who, 'newsroom_staff', 'MEMBER') THEN 'staff'
        WHEN pg_has_role(who, 'newsroom_reporter', 'MEMBER') THEN 'reporter'
    END
$$;

-- A refusal: SQLSTATE 42501, the reason in Vietnamese (message) and English (detail), and the
-- caller's role and the action in the hint, so the client says it in the UI's language.
CREATE FUNCTION newsroom.refuse(action text, vi text, en text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = vi, DETAIL = en,
        HINT = format('role=%s action=%s', coalesce(newsroom.role_of(session_user), 'none'), action);
END
$$;

-- A value refused: SQLSTATE 22023, both languages as above.
CREATE FUNCTION newsroom.invalid(vi text, en text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = vi, DETAIL = en;
END
$$;

-- Who is connected: their name and newsroom role.
CREATE FUNCTION newsroom.me(OUT name text, OUT role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT session_user::text, newsroom.role_of(session_user)
$$;

-- The people, with their roles (removed people are not listed).
CREATE FUNCTION newsroom.people_list() RETURNS TABLE (name text, role text, added_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT p.name, newsroom.role_of(p.name), p.added_at
    FROM newsroom.people p WHERE p.removed_at IS NULL ORDER BY p.name
$$;

CREATE FUNCTION newsroom.require_admin(action text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF newsroom.role_of(session_user) IS DISTINCT FROM 'admin' THEN
        PERFORM newsroom.refuse(action, 'chỉ quản trị', 'only an admin');
    END IF;
END
$$;

CREATE FUNCTION newsroom.check_role(r text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF r IS NULL OR r NOT IN ('reporter', 'editor', 'staff', 'admin') THEN
        PERFORM newsroom.invalid(format('vai trò “%s” không có', r), format('there is no role “%s”', r));
    END IF;
END
$$;

-- Adds a person as `by` (an admin, or init's superuser). `verifier` is a SCRAM-SHA-256 verifier
-- made on the client: the password itself never reaches the server.
CREATE FUNCTION newsroom.add_person_unchecked(p_name text, p_role text, verifier text, by text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM newsroom.check_role(p_role);
    IF p_name IS NULL OR p_name <> btrim(p_name) OR p_name = '' OR p_name <> normalize(p_name, NFC)
       OR octet_length(p_name) > 63 OR p_name ~ '[[:cntrl:]]' OR lower(p_name) LIKE 'pg\_%'
       OR lower(p_name) LIKE 'newsroom\_%' OR lower(p_name) IN ('public', 'none', 'current_user', 'session_user', 'current_role') THEN
        PERFORM newsroom.invalid(
            format('tên “%s” không dùng được (1 đến 63 byte, không khoảng trắng ở hai đầu, không bắt đầu bằng pg_ hay newsroom_)', p_name),
            format('the name “%s” cannot be used (1 to 63 bytes, no spaces at either end, not starting with pg_ or newsroom_)', p_name));
    END IF;
    IF verifier IS NULL OR verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        PERFORM newsroom.invalid('mật khẩu phải được gửi dưới dạng SCRAM-SHA-256', 'the password must be sent as a SCRAM-SHA-256 verifier');
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = p_name) THEN
        PERFORM newsroom.invalid(format('đã có tài khoản “%s” trên máy chủ', p_name),
                                 format('the server already has an account “%s”', p_name));
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', p_name, verifier, 'newsroom_' || p_role);
    INSERT INTO newsroom.people (name, added_by) VALUES (p_name, by)
        ON CONFLICT (name) DO UPDATE SET removed_at = NULL, added_at = now(), added_by = by;
    INSERT INTO newsroom.people_log (by_name, name, what, role) VALUES (by, p_name, 'add', p_role);
END
$$;

CREATE FUNCTION newsroom.add_person(p_name text, p_role text, verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM newsroom.require_admin('people');
    PERFORM newsroom.add_person_unchecked(p_name, p_role, verifier, session_user);
END
$$;

CREATE FUNCTION newsroom.require_person(p_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM newsroom.people WHERE name = p_name AND removed_at IS NULL)
       OR newsroom.role_of(p_name) IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = 'người dùng', DETAIL = 'person', HINT = p_name;
    END IF;
END
$$;

-- Refuses a change that would leave the newsroom with no admin.
CREATE FUNCTION newsroom.keep_an_admin(leaving text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF newsroom.role_of(leaving) = 'admin' AND NOT EXISTS (
        SELECT FROM newsroom.people p
        WHERE p.removed_at IS NULL AND p.name <> leaving AND newsroom.role_of(p.name) = 'admin') THEN
        PERFORM newsroom.refuse('people', 'tòa soạn phải còn ít nhất một quản trị',
                                'the newsroom must keep at least one admin');
    END IF;
END
$$;

CREATE FUNCTION newsroom.set_role(p_name text, p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r text;
BEGIN
    PERFORM newsroom.require_admin('people');
    PERFORM newsroom.check_role(p_role);
    PERFORM newsroom.require_person(p_name);
    IF p_role <> 'admin' THEN
        PERFORM newsroom.keep_an_admin(p_name);
    END IF;
    FOREACH r IN ARRAY ARRAY['reporter', 'editor', 'staff', 'admin'] LOOP
        EXECUTE format('REVOKE %I FROM %I', 'newsroom_' || r, p_name);
    END LOOP;
    EXECUTE format('GRANT %I TO %I', 'newsroom_' || p_role, p_name);
    INSERT INTO newsroom.people_log (by_name, name, what, role) VALUES (session_user, p_name, 'role', p_role);
END
$$;

CREATE FUNCTION newsroom.remove_person(p_name text) RETURNS void
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
    INSERT INTO newsroom.people_log (by_name, name, what) VALUES (session_user, p_name, 'remove');
END
$$;

RESET ROLE;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA newsroom FROM PUBLIC;
-- What people may call. Tables are read and written only through these functions.
GRANT EXECUTE ON FUNCTION newsroom.schema_version(), newsroom.me(), newsroom.people_list(), newsroom.add_person(text, text, text),
    newsroom.set_role(text, text), newsroom.remove_person(text) TO newsroom_member;

-- 0007: trust that holds against a hostile member. Shipped migrations are never edited
-- (migrations/SHA256SUMS).
--
-- What a person with a login and psql could do until now, and what this changes:
--   * Only editors and admins hold approving keys: `add_key` refuses another role's key, and a
--     role change to one that does not approve revokes that person's keys. `keys_list` says each
--     key's person's role, for the keys file and the laptops' check.
--   * Every value a person sends is checked here with the laptops' own limits (sizes, instants
--     that parse, JSON lists of names, photos whose header is JPEG, PNG or WebP, at most 50 MiB),
--     so nothing a laptop would refuse is stored for every laptop to pull.
--   * A revision uid names one content: sent again with other content, by another person or for
--     another article, it is refused (it was 'known', and the sender's laptop said "sent").
--   * No side channels: NOTIFY carries no article id (it only wakes laptops); a step under a known
--     uid tells nothing about an article the caller cannot see; figures may show only photos the
--     caller sent or can already see.
--   * Figures changed on an approved or exported article send it back to "submitted".
--   * No lock anyone can take by guessing: no advisory lock keyed by article ids; an article's row
--     is locked only after the caller is known to be allowed to change it; every writer waits at
--     most 5 s for a lock.
--   * No one stops the newsroom: the pull reads what changed between two snapshots
--     (`changed_since`, the previous pull's snapshot as the cursor), never up to the cluster's
--     oldest running transaction; `clear_stuck` ends a member's session that holds a write
--     transaction open and idle (2 s) (any laptop calls it when a lock wait times out); each person has
--     a connection limit and statement and idle-in-transaction timeouts.
--   * The functions people call are owned by `newsroom_owner`, which no longer may create roles;
--     people management is owned by `newsroom_people` (CREATEROLE, no login) and ending stuck
--     sessions by `newsroom_reaper` (pg_signal_backend, pg_read_all_stats, no login).

-- ---------------------------------------------------------------------------------------------
-- Roles: person management apart from the functions people call.
DO $roles$
DECLARE
    r text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'newsroom_people') THEN
        CREATE ROLE newsroom_people NOLOGIN CREATEROLE;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'newsroom_reaper') THEN
        CREATE ROLE newsroom_reaper NOLOGIN;
    END IF;
    FOREACH r IN ARRAY ARRAY['reporter', 'editor', 'staff', 'admin'] LOOP
        EXECUTE format('GRANT %I TO newsroom_people WITH ADMIN OPTION', 'newsroom_' || r);
        EXECUTE format('REVOKE ADMIN OPTION FOR %I FROM newsroom_owner', 'newsroom_' || r);
    END LOOP;
END
$roles$;
ALTER ROLE newsroom_owner NOCREATEROLE;
GRANT pg_signal_backend, pg_read_all_stats TO newsroom_reaper;
GRANT USAGE ON SCHEMA newsroom TO newsroom_people, newsroom_reaper;
GRANT SELECT, INSERT, UPDATE ON newsroom.people TO newsroom_people;
GRANT INSERT ON newsroom.people_log TO newsroom_people;
GRANT SELECT, UPDATE ON newsroom.signing_keys TO newsroom_people;

-- Limits of each person's sessions: connections, statements, transactions left open.
CREATE FUNCTION newsroom.limit_login(p_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    EXECUTE format('ALTER ROLE %I CONNECTION LIMIT 8', p_name);
    EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', p_name, '60s');
    EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', p_name, '120s');
    EXECUTE format('ALTER ROLE %I SET lock_timeout = %L', p_name, '5s');
END
$$;
ALTER FUNCTION newsroom.limit_login(text) OWNER TO newsroom_people;
REVOKE EXECUTE ON FUNCTION newsroom.limit_login(text) FROM PUBLIC;

DO $people$
DECLARE
    p text;
BEGIN
    FOR p IN SELECT name FROM newsroom.people WHERE removed_at IS NULL
             AND EXISTS (SELECT FROM pg_roles WHERE rolname = name) LOOP
        -- PostgreSQL 16 and later: a CREATEROLE role changes only roles it administers.
        IF current_setting('server_version_num')::int >= 160000 THEN
            EXECUTE format('GRANT %I TO newsroom_people WITH ADMIN OPTION, INHERIT FALSE, SET FALSE', p);
        END IF;
        PERFORM newsroom.limit_login(p);
    END LOOP;
END
$people$;

-- Only these roles approve, so only they hold approving keys.
CREATE FUNCTION newsroom.approves(r text) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(r IN ('editor', 'admin'), false)
$$;
ALTER FUNCTION newsroom.approves(text) OWNER TO newsroom_owner;

CREATE OR REPLACE FUNCTION newsroom.add_person_unchecked(p_name text, p_role text, verifier text, by text) RETURNS void
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
    PERFORM newsroom.limit_login(p_name);
    INSERT INTO newsroom.people (name, added_by) VALUES (p_name, by)
        ON CONFLICT (name) DO UPDATE SET removed_at = NULL, added_at = now(), added_by = by;
    INSERT INTO newsroom.people_log (by_name, name, what, role) VALUES (by, p_name, 'add', p_role);
END
$$;

-- A role change to one that does not approve revokes the person's keys (a demoted editor's key
-- approves nothing from then on).
CREATE OR REPLACE FUNCTION newsroom.set_role(p_name text, p_role text) RETURNS void
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
    IF NOT newsroom.approves(p_role) THEN
        UPDATE newsroom.signing_keys SET revoked_at = newsroom.now_text(), revoked_by = session_user
        WHERE person = p_name AND revoked_at IS NULL;
    END IF;
    INSERT INTO newsroom.people_log (by_name, name, what, role) VALUES (session_user, p_name, 'role', p_role);
    PERFORM pg_notify('newsroom', '');
END
$$;

ALTER FUNCTION newsroom.add_person_unchecked(text, text, text, text) OWNER TO newsroom_people;
ALTER FUNCTION newsroom.add_person(text, text, text) OWNER TO newsroom_people;
ALTER FUNCTION newsroom.set_role(text, text) OWNER TO newsroom_people;
ALTER FUNCTION newsroom.remove_person(text) OWNER TO newsroom_people;
GRANT EXECUTE ON FUNCTION newsroom.require_admin(text), newsroom.check_role(text), newsroom.refuse(text, text, text),
    newsroom.invalid(text, text), newsroom.role_of(text), newsroom.require_person(text),
    newsroom.keep_an_admin(text), newsroom.now_text(), newsroom.approves(text),
    newsroom.add_person_unchecked(text, text, text, text), newsroom.limit_login(text) TO newsroom_people;

SET LOCAL ROLE newsroom_owner;

-- ---------------------------------------------------------------------------------------------
-- Values: the laptops' limits (crates/newsroom/src/articles.rs, comments.rs, crates/media).

-- An instant as the app writes it: RFC 3339, UTC, with a time that exists.
CREATE FUNCTION newsroom.is_instant(v text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF v IS NULL OR v !~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$' THEN
        RETURN false;
    END IF;
    PERFORM v::timestamptz;
    RETURN true;
EXCEPTION WHEN others THEN
    RETURN false;
END
$$;

CREATE FUNCTION newsroom.check_instant(field text, v text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT newsroom.is_instant(v) THEN
        PERFORM newsroom.invalid(format('“%s” không phải thời điểm hợp lệ (RFC 3339, UTC)', field),
                                 format('“%s” is not a valid instant (RFC 3339, UTC)', field));
    END IF;
END
$$;

-- A text of at most `max_chars` characters (and `max_bytes` bytes), without NUL.
CREATE FUNCTION newsroom.check_text(field text, v text, max_chars integer, max_bytes integer DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF v IS NULL THEN
        PERFORM newsroom.invalid(format('thiếu “%s”', field), format('“%s” is missing', field));
    END IF;
    IF length(v) > max_chars OR (max_bytes IS NOT NULL AND octet_length(v) > max_bytes) THEN
        PERFORM newsroom.invalid(format('“%s” quá dài (tối đa %s ký tự)', field, coalesce(max_bytes, max_chars)),
                                 format('“%s” is too long (%s characters at most)', field, coalesce(max_bytes, max_chars)));
    END IF;
END
$$;

-- A list of names as the app stores it: a JSON array of at most 50 strings of at most 200
-- characters.
CREATE FUNCTION newsroom.check_names(field text, v text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    j jsonb;
BEGIN
    PERFORM newsroom.check_text(field, v, 20000);
    BEGIN
        j := v::jsonb;
    EXCEPTION WHEN others THEN
        j := NULL;
    END;
    IF j IS NULL OR jsonb_typeof(j) <> 'array' OR jsonb_array_length(j) > 50
       OR EXISTS (SELECT FROM jsonb_array_elements(j) e
                  WHERE jsonb_typeof(e) <> 'string' OR length(e #>> '{}') > 200) THEN
        PERFORM newsroom.invalid(format('“%s” phải là danh sách tối đa 50 tên, mỗi tên tối đa 200 ký tự', field),
                                 format('“%s” must be a list of at most 50 names of at most 200 characters', field));
    END IF;
END
$$;

CREATE FUNCTION newsroom.check_uid(field text, v text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF v IS NULL OR v !~ '^[0-9A-Za-z_-]{1,64}$' THEN
        PERFORM newsroom.invalid(format('mã “%s” không hợp lệ', field), format('invalid id “%s”', field));
    END IF;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Articles: who may change one is known before its row is locked.
CREATE OR REPLACE FUNCTION newsroom.article_for_change(p_article text, action text) RETURNS newsroom.articles
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    a newsroom.articles;
BEGIN
    IF newsroom.role_of(session_user) IS NULL THEN
        PERFORM newsroom.refuse(action, 'bạn không thuộc tòa soạn', 'you are not one of the newsroom''s people');
    END IF;
    IF NOT newsroom.can_see(p_article) THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = 'bài viết', DETAIL = 'article', HINT = p_article;
    END IF;
    SELECT * INTO a FROM newsroom.articles WHERE id = p_article FOR UPDATE;
    RETURN a;
END
$$;

-- The rule of an edit (push_revision and set_figures), on the locked row.
CREATE FUNCTION newsroom.check_edit(a newsroom.articles, r text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF r = 'staff' THEN
        PERFORM newsroom.refuse('edit', 'cán bộ đăng tin không sửa bài', 'publishing staff do not edit articles');
    END IF;
    IF a.status = 'in_review' AND r <> 'admin' AND a.claimed_by IS DISTINCT FROM session_user THEN
        PERFORM newsroom.refuse('edit', format('bài đang do “%s” biên tập', a.claimed_by),
                                format('“%s” is reviewing the article', a.claimed_by));
    END IF;
    IF r = 'reporter' AND a.created_by <> session_user THEN
        PERFORM newsroom.refuse('edit', 'phóng viên chỉ sửa bài của mình', 'reporters edit only their own articles');
    END IF;
END
$$;

-- An approved or exported article changed (its text or its figures) goes back to "submitted",
-- recorded under `p_audit_uid`. Whether it did.
CREATE FUNCTION newsroom.back_to_review(a newsroom.articles, r text, p_rev text, p_audit_uid text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF a.status NOT IN ('approved', 'exported') THEN
        RETURN false;
    END IF;
    UPDATE newsroom.articles SET status = 'submitted', claimed_by = NULL, txid = pg_current_xact_id()
    WHERE id = a.id;
    INSERT INTO newsroom.audit (uid, article_id, at, actor, role, action, from_status, to_status, revision_uid, note)
    VALUES (coalesce(p_audit_uid, md5(random()::text || clock_timestamp()::text)), a.id,
            newsroom.now_text(), session_user, r, 'edit', a.status, 'submitted', p_rev,
            'sửa sau khi duyệt: cần duyệt lại');
    RETURN true;
END
$$;

-- See 0002. Now: every value checked; a uid the server has must name the same content, by the
-- same person, of the same article; no advisory lock; the article's row locked only once the
-- caller may edit it.
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
            PERFORM newsroom.refuse('edit',
                'mã bản sửa này đã có trên máy chủ với nội dung khác (của bài khác hoặc người khác); bản của bạn được giữ lại trên máy',
                'the server already has this revision id with other content (another article''s or person''s); yours is kept on this machine');
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
        PERFORM newsroom.refuse('edit',
            'mã bài này đã có trên máy chủ (bài của người khác); bài của bạn được giữ lại trên máy',
            'the server already has an article with this id (someone else''s); yours is kept on this machine');
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

-- See 0002; the article's row locked only once the caller may see it, NOTIFY without its id.
CREATE OR REPLACE FUNCTION newsroom.step_checked(p_article text, p_uid text, p_action text, p_revision_uid text,
                              p_note text, p_content_sha256 text, p_approval_uid text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s' AS $$
DECLARE
    a newsroom.articles;
    me text := session_user;
    r text := newsroom.role_of(session_user);
    to_status text;
    mine boolean;
    holder boolean;
    approved_hash text;
BEGIN
    IF p_action NOT IN ('submit', 'claim', 'release', 'request_changes', 'approve', 'export') THEN
        PERFORM newsroom.invalid(format('bước “%s” không có', p_action), format('there is no step “%s”', p_action));
    END IF;
    PERFORM newsroom.check_uid('step', p_uid);
    IF p_approval_uid IS NOT NULL THEN PERFORM newsroom.check_uid('approval', p_approval_uid); END IF;
    PERFORM newsroom.check_text('note', coalesce(p_note, ''), 5000);
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
            coalesce(p_note, ''));
    IF p_action = 'approve' THEN
        INSERT INTO newsroom.approvals (uid, article_id, revision_uid, approver, approved_at, content_sha256)
        VALUES (coalesce(p_approval_uid, p_uid), p_article, p_revision_uid, me, newsroom.now_text(), p_content_sha256);
    END IF;
    PERFORM pg_notify('newsroom', '');
    RETURN to_status;
END
$$;

-- See 0005. A step under a uid the server has tells its article's state only to who may see it;
-- an approval's key must be an approving one; its content form is 2 or 3 (3: the slug and the lead
-- picture covered too).
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

-- See 0004: values checked, NOTIFY without the article.
CREATE OR REPLACE FUNCTION newsroom.push_comment(p_article text, p_uid text, p_reply_to text, p_created_at text,
    p_revision_uid text, p_kind text, p_field text, p_quote text, p_before text, p_after text,
    p_body text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s' AS $$
DECLARE
    known newsroom.comments;
BEGIN
    PERFORM newsroom.check_uid('comment', p_uid);
    SELECT * INTO known FROM newsroom.comments WHERE uid = p_uid;
    IF FOUND THEN
        IF known.article_id IS DISTINCT FROM p_article OR known.author IS DISTINCT FROM session_user
           OR known.body IS DISTINCT FROM p_body OR known.quote IS DISTINCT FROM p_quote THEN
            PERFORM newsroom.refuse('comment', 'mã lời bình này đã có trên máy chủ với nội dung khác',
                                    'the server already has this comment id with other content');
        END IF;
        RETURN 'known';
    END IF;
    PERFORM newsroom.check_instant('created_at', p_created_at);
    PERFORM newsroom.check_text('body', p_body, 5000);
    PERFORM newsroom.check_text('quote', p_quote, 5 * 1024 * 1024, 5 * 1024 * 1024);
    PERFORM newsroom.check_text('before', p_before, 200);
    PERFORM newsroom.check_text('after', p_after, 200);
    IF p_kind IS NULL OR p_kind NOT IN ('phrase', 'paragraph', 'article')
       OR p_field IS NULL OR p_field NOT IN ('title', 'lead', 'body') THEN
        PERFORM newsroom.invalid('loại lời bình không hợp lệ', 'invalid kind of comment');
    END IF;
    IF length(p_body) < 1 THEN
        PERFORM newsroom.invalid('lời bình cần từ 1 đến 5000 ký tự', 'a comment needs 1 to 5000 characters');
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
    PERFORM pg_notify('newsroom', '');
    RETURN 'added';
END
$$;

CREATE OR REPLACE FUNCTION newsroom.resolve_comment(p_uid text, p_resolved boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s' AS $$
DECLARE
    c newsroom.comments;
    r text := newsroom.role_of(session_user);
BEGIN
    SELECT * INTO c FROM newsroom.comments WHERE uid = p_uid;
    IF NOT FOUND OR NOT newsroom.can_see(c.article_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = 'lời bình', DETAIL = 'comment', HINT = p_uid;
    END IF;
    IF c.author <> session_user AND r NOT IN ('editor', 'admin') THEN
        PERFORM newsroom.refuse('resolve', 'chỉ người viết lời bình, biên tập viên hoặc quản trị',
                                'only its writer, editors and admins');
    END IF;
    PERFORM newsroom.article_for_change(c.article_id, 'resolve');
    UPDATE newsroom.comments
    SET resolved_at = CASE WHEN p_resolved THEN newsroom.now_text() END,
        resolved_by = CASE WHEN p_resolved THEN session_user::text END,
        txid = pg_current_xact_id()
    WHERE uid = p_uid;
    UPDATE newsroom.articles SET txid = pg_current_xact_id() WHERE id = c.article_id;
    PERFORM pg_notify('newsroom', '');
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Photos and figures (see 0006).

-- Whether `b` starts as a JPEG, PNG or WebP file does (the only formats laptops take).
CREATE FUNCTION newsroom.is_image(b bytea) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT b IS NOT NULL AND (
        substr(b, 1, 3) = '\xffd8ff'::bytea
        OR substr(b, 1, 8) = '\x89504e470d0a1a0a'::bytea
        OR (substr(b, 1, 4) = '\x52494646'::bytea AND substr(b, 9, 4) = '\x57454250'::bytea))
$$;

-- Who proved they hold a photo by sending its bytes (the first sender is its `added_by`).
CREATE TABLE newsroom.photo_holders (
    hash    text NOT NULL REFERENCES newsroom.photos (hash),
    person  text NOT NULL,
    PRIMARY KEY (hash, person)
);

-- Whether the session's person may see photo `h`: they sent it, or it shows in an article they see.
CREATE FUNCTION newsroom.may_see_photo(h text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT FROM newsroom.photos p WHERE p.hash = h AND p.added_by = session_user)
        OR EXISTS (SELECT FROM newsroom.photo_holders x WHERE x.hash = h AND x.person = session_user)
        OR EXISTS (SELECT FROM newsroom.figures g WHERE g.photo = h AND newsroom.can_see(g.article_id))
$$;
ALTER POLICY seen ON newsroom.photos USING (newsroom.may_see_photo(hash));

-- See 0006. The bytes are checked even for a photo the server has (sending them proves the
-- sender holds it); only JPEG, PNG and WebP, at most 50 MB, as laptops take.
CREATE OR REPLACE FUNCTION newsroom.push_photo(p_hash text, p_bytes bytea, p_name text, p_description text,
                                    p_credit text, p_copyright text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF newsroom.role_of(session_user) IS NULL THEN
        PERFORM newsroom.refuse('photo', 'bạn không thuộc tòa soạn', 'you are not one of the newsroom''s people');
    END IF;
    IF p_bytes IS NULL OR length(p_bytes) > 50 * 1024 * 1024 THEN
        PERFORM newsroom.invalid('ảnh quá lớn (tối đa 50 MB)', 'the photo is too large (50 MB at most)');
    END IF;
    IF p_hash IS NULL OR encode(sha256(p_bytes), 'hex') IS DISTINCT FROM p_hash THEN
        PERFORM newsroom.invalid('nội dung ảnh không khớp mã băm của nó', 'the photo''s bytes do not match its hash');
    END IF;
    IF EXISTS (SELECT FROM newsroom.photos WHERE hash = p_hash) THEN
        INSERT INTO newsroom.photo_holders (hash, person) VALUES (p_hash, session_user) ON CONFLICT DO NOTHING;
        RETURN 'known';
    END IF;
    IF NOT newsroom.is_image(p_bytes) THEN
        PERFORM newsroom.invalid('tệp này không phải ảnh JPEG, PNG hay WebP', 'this file is not a JPEG, PNG or WebP photo');
    END IF;
    PERFORM newsroom.check_text('original_name', coalesce(p_name, ''), 255);
    PERFORM newsroom.check_text('description', coalesce(p_description, ''), 2000);
    PERFORM newsroom.check_text('credit', coalesce(p_credit, ''), 500);
    PERFORM newsroom.check_text('copyright', coalesce(p_copyright, ''), 500);
    INSERT INTO newsroom.photos (hash, bytes, original_name, description, credit, copyright, added_by, added_at)
    VALUES (p_hash, p_bytes, coalesce(p_name, ''), coalesce(p_description, ''), coalesce(p_credit, ''),
            coalesce(p_copyright, ''), session_user, newsroom.now_text())
    ON CONFLICT (hash) DO NOTHING;
    RETURN 'added';
END
$$;

-- What the page shows of article `p_article`'s figures (their added time aside), to tell a change.
CREATE FUNCTION newsroom.figure_set(p_article text) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('n', n, 'photo', photo, 'credit', credit, 'lead', lead)
                              ORDER BY n), '[]')
    FROM newsroom.figures WHERE article_id = p_article
$$;

-- Sets article `p_article`'s figures as a whole (see 0006). Each photo must be one the caller
-- sent or can already see; each figure well formed. On an approved or exported article a change
-- sends it back to "submitted".
CREATE OR REPLACE FUNCTION newsroom.set_figures(p_article text, p_figures jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s' AS $$
DECLARE
    a newsroom.articles;
    r text := newsroom.role_of(session_user);
    before jsonb;
    after jsonb;
BEGIN
    IF r = 'staff' THEN
        PERFORM newsroom.refuse('edit', 'cán bộ đăng tin không sửa bài', 'publishing staff do not edit articles');
    END IF;
    IF jsonb_typeof(p_figures) IS DISTINCT FROM 'array' OR jsonb_array_length(p_figures) > 200
       OR EXISTS (SELECT FROM jsonb_array_elements(p_figures) f
                  WHERE jsonb_typeof(f) <> 'object'
                     OR jsonb_typeof(f -> 'n') IS DISTINCT FROM 'number'
                     OR (f ->> 'n') !~ '^[1-9][0-9]{0,2}$'
                     OR (f ->> 'photo') IS NULL OR (f ->> 'photo') !~ '^[0-9a-f]{64}$'
                     OR jsonb_typeof(coalesce(f -> 'credit', '""')) <> 'string'
                     OR length(coalesce(f ->> 'credit', '')) > 500
                     OR jsonb_typeof(coalesce(f -> 'lead', 'false')) <> 'boolean'
                     OR NOT newsroom.is_instant(coalesce(f ->> 'added_at', newsroom.now_text())))
       OR (SELECT count(DISTINCT f ->> 'n') FROM jsonb_array_elements(p_figures) f) <> jsonb_array_length(p_figures) THEN
        PERFORM newsroom.invalid('danh sách ảnh của bài không hợp lệ', 'invalid list of the article''s figures');
    END IF;
    a := newsroom.article_for_change(p_article, 'edit');
    PERFORM newsroom.check_edit(a, r);
    IF EXISTS (SELECT FROM jsonb_array_elements(p_figures) f
               WHERE NOT EXISTS (
                   SELECT FROM newsroom.photos p WHERE p.hash = f ->> 'photo'
                   AND newsroom.may_see_photo(p.hash))) THEN
        PERFORM newsroom.invalid('máy chủ chưa có ảnh của bài (gửi ảnh trước)',
                                 'the server lacks a photo of the article (send it first)');
    END IF;
    before := newsroom.figure_set(p_article);
    DELETE FROM newsroom.figures WHERE article_id = p_article;
    INSERT INTO newsroom.figures (article_id, n, photo, credit, lead, added_at)
    SELECT p_article, (f ->> 'n')::integer, f ->> 'photo', coalesce(f ->> 'credit', ''),
           coalesce((f ->> 'lead')::boolean, false), coalesce(f ->> 'added_at', newsroom.now_text())
    FROM jsonb_array_elements(p_figures) f;
    after := newsroom.figure_set(p_article);
    UPDATE newsroom.articles SET txid = pg_current_xact_id() WHERE id = p_article;
    IF before IS DISTINCT FROM after THEN
        PERFORM newsroom.back_to_review(a, r, a.head_uid, NULL);
    END IF;
    PERFORM pg_notify('newsroom', '');
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Keys: only approving roles.
CREATE OR REPLACE FUNCTION newsroom.add_key(p_person text, p_public_key text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    raw bytea;
    id text;
    r text;
BEGIN
    PERFORM newsroom.require_admin('keys');
    PERFORM newsroom.require_person(p_person);
    r := newsroom.role_of(p_person);
    IF NOT newsroom.approves(r) THEN
        PERFORM newsroom.refuse('keys',
            format('chỉ biên tập viên và quản trị có khóa duyệt bài; “%s” là %s', p_person, r),
            format('only editors and admins hold approving keys; “%s” is a %s', p_person, r));
    END IF;
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

-- Every key with its person's role now (NULL: no longer one of the newsroom's people).
CREATE FUNCTION newsroom.keys_list()
RETURNS TABLE (key_id text, person text, public_key text, registered_at text, revoked_at text, role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT k.key_id, k.person, k.public_key, k.registered_at, k.revoked_at,
           CASE WHEN p.removed_at IS NULL THEN newsroom.role_of(k.person) END
    FROM newsroom.signing_keys k JOIN newsroom.people p ON p.name = k.person
    ORDER BY k.person, k.registered_at
$$;

-- ---------------------------------------------------------------------------------------------
-- The pull: what changed between the previous pull's snapshot and this one. A row written by a
-- transaction that the previous snapshot did not see (running then, or begun since) and that
-- this one sees is read now; nothing waits for the oldest transaction of the cluster.
CREATE FUNCTION newsroom.pull_snapshot() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_current_snapshot()::text
$$;

CREATE FUNCTION newsroom.changed_since(since text, recheck text[])
RETURNS TABLE (id text, created_by text, status text, claimed_by text, head_uid text, txid xid8)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT a.id, a.created_by, a.status, a.claimed_by, a.head_uid, a.txid
    FROM newsroom.articles a
    WHERE ((a.txid >= pg_snapshot_xmin(since::pg_snapshot) AND NOT pg_visible_in_snapshot(a.txid, since::pg_snapshot))
           OR a.id = ANY(recheck))
      AND newsroom.can_see(a.id)
$$;

RESET ROLE;

-- Ends the sessions of the newsroom's people that hold a write transaction open and idle for more
-- than 2 s, or run one statement of it for more than a minute: a laptop's own writes are single
-- statements, so only a stuck or hostile session is ever ended. Read-only transactions (a pull)
-- hold no transaction id and are left alone. The number ended.
CREATE FUNCTION newsroom.clear_stuck() RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT count(*)::integer FROM (
        SELECT pg_terminate_backend(s.pid) AS ended
        FROM pg_stat_activity s JOIN pg_roles u ON u.oid = s.usesysid
        WHERE s.datname = current_database() AND s.pid <> pg_backend_pid()
          AND NOT u.rolsuper AND pg_has_role(u.oid, 'newsroom_member', 'MEMBER')
          AND s.backend_xid IS NOT NULL
          AND ((s.state LIKE 'idle in transaction%' AND s.state_change < clock_timestamp() - interval '2 seconds')
               OR (s.state = 'active' AND s.query_start < clock_timestamp() - interval '60 seconds'))
    ) t WHERE ended
$$;
ALTER FUNCTION newsroom.clear_stuck() OWNER TO newsroom_reaper;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA newsroom FROM PUBLIC;
GRANT EXECUTE ON FUNCTION newsroom.keys_list(), newsroom.pull_snapshot(), newsroom.changed_since(text, text[]),
    newsroom.clear_stuck(), newsroom.may_see_photo(text) TO newsroom_member;

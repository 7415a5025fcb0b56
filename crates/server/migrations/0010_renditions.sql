-- 0010: a photo's renditions travel with it, and approvals of form 5 cover them. Shipped
-- migrations are never edited (migrations/SHA256SUMS).
--
-- The files a package shows are a photo's renditions, not its original. Until now each laptop
-- made its own from the original, so two laptops could hold different bytes (another CPU,
-- another build) and no approval could name them. Now whoever adds a photo sends its renditions
-- once, beside the original; every other laptop takes those very bytes (after checking them
-- against the original's shape) instead of making its own, so all hold the same files and an
-- approval of form 5 names each by its SHA-256: a picture swapped in a package fails `verify` at
-- any desk. Renditions are set once: the first of each spec stays.
SET LOCAL ROLE newsroom_owner;

CREATE TABLE newsroom.renditions (
    photo   text NOT NULL REFERENCES newsroom.photos (hash),
    spec    text NOT NULL CHECK (spec ~ '^w[1-9][0-9]{0,4}-(q[1-9][0-9]{0,2}|png)$'),
    width   integer NOT NULL CHECK (width BETWEEN 1 AND 20000),
    height  integer NOT NULL CHECK (height BETWEEN 1 AND 20000),
    bytes   bytea NOT NULL,
    sha256  text NOT NULL,
    PRIMARY KEY (photo, spec),
    CHECK (encode(sha256(bytes), 'hex') = sha256)
);

ALTER TABLE newsroom.renditions ENABLE ROW LEVEL SECURITY;
CREATE POLICY seen ON newsroom.renditions FOR SELECT TO newsroom_member
    USING (newsroom.may_see_photo(photo));

-- Adds rendition `p_spec` of photo `p_photo`, sent by the person who added the photo: 'added';
-- 'known' when that spec is there already (the first stays; a laptop re-sending after a lost
-- reply, or one that made other bytes since, changes nothing). Anyone else's is refused. A
-- JPEG or PNG of at most 16 MiB, at most 12 specs a photo; the laptops that take it check it
-- against the original's shape too.
CREATE FUNCTION newsroom.push_rendition(p_photo text, p_spec text, p_width integer, p_height integer,
                                        p_bytes bytea) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s' AS $$
BEGIN
    IF newsroom.role_of(session_user) IS NULL THEN
        PERFORM newsroom.refuse('photo', 'bạn không thuộc tòa soạn', 'you are not one of the newsroom''s people');
    END IF;
    IF NOT EXISTS (SELECT FROM newsroom.photos WHERE hash = p_photo AND added_by = session_user) THEN
        PERFORM newsroom.refuse('photo', 'chỉ người đưa ảnh lên máy chủ gửi các cỡ ảnh của nó',
                                'only the person who sent a photo sends its sizes');
    END IF;
    IF p_spec IS NULL OR p_spec !~ '^w[1-9][0-9]{0,4}-(q[1-9][0-9]{0,2}|png)$'
       OR p_width IS NULL OR p_width NOT BETWEEN 1 AND 20000
       OR p_height IS NULL OR p_height NOT BETWEEN 1 AND 20000 THEN
        PERFORM newsroom.invalid('cỡ ảnh không hợp lệ', 'invalid photo size');
    END IF;
    IF p_bytes IS NULL OR length(p_bytes) > 16 * 1024 * 1024
       OR NOT (substr(p_bytes, 1, 3) = '\xffd8ff'::bytea OR substr(p_bytes, 1, 8) = '\x89504e470d0a1a0a'::bytea) THEN
        PERFORM newsroom.invalid('một cỡ ảnh phải là tệp JPEG hoặc PNG, tối đa 16 MB',
                                 'a photo size must be a JPEG or PNG file of 16 MB at most');
    END IF;
    -- One at a time per photo, so the count below holds.
    PERFORM FROM newsroom.photos WHERE hash = p_photo FOR UPDATE;
    IF EXISTS (SELECT FROM newsroom.renditions WHERE photo = p_photo AND spec = p_spec) THEN
        RETURN 'known';
    END IF;
    IF (SELECT count(*) FROM newsroom.renditions WHERE photo = p_photo) >= 12 THEN
        PERFORM newsroom.invalid('ảnh đã có đủ 12 cỡ', 'the photo has its 12 sizes already');
    END IF;
    INSERT INTO newsroom.renditions (photo, spec, width, height, bytes, sha256)
    VALUES (p_photo, p_spec, p_width, p_height, p_bytes, encode(sha256(p_bytes), 'hex'));
    RETURN 'added';
END
$$;

-- The forms a step takes (see 0008): 5 names each picture's renditions.
CREATE OR REPLACE FUNCTION newsroom.approval_form_ok(p_scheme integer) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT p_scheme IS NOT NULL AND p_scheme IN (2, 3, 4, 5)
$$;

RESET ROLE;

REVOKE EXECUTE ON FUNCTION newsroom.push_rendition(text, text, integer, integer, bytea) FROM PUBLIC;
GRANT SELECT ON newsroom.renditions TO newsroom_member;
GRANT EXECUTE ON FUNCTION newsroom.push_rendition(text, text, integer, integer, bytea) TO newsroom_member;

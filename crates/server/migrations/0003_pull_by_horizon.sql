-- 0003: the articles a pull reads, found by the transaction index first. Shipped migrations are
-- never edited (migrations/SHA256SUMS).
--
-- Read through row-level security, `txid >= … AND txid < …` cannot go before the policy's
-- `can_see` (xid8's comparisons are not leakproof), so every pull checked every article: an
-- edit's trip grew with the newsroom. This function takes the window by the index, then applies
-- the same visibility rule to what it found.
SET LOCAL ROLE newsroom_owner;

CREATE FUNCTION newsroom.changed_articles(since text, upto text, recheck text[])
RETURNS TABLE (id text, created_by text, status text, claimed_by text, head_uid text, txid xid8)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT a.id, a.created_by, a.status, a.claimed_by, a.head_uid, a.txid
    FROM newsroom.articles a
    WHERE ((a.txid >= since::xid8 AND a.txid < upto::xid8) OR a.id = ANY(recheck))
      AND newsroom.can_see(a.id)
$$;

RESET ROLE;

REVOKE EXECUTE ON FUNCTION newsroom.changed_articles(text, text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION newsroom.changed_articles(text, text, text[]) TO newsroom_member;

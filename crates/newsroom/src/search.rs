//! Search the way people type Vietnamese: "tai nguyen moi truong" finds "Tài nguyên và Môi trường",
//! "dang bo" finds "Đảng bộ".
//!
//! The index (FTS5) holds each article twice: folded ([`crate::text::fold`], the same folding the
//! query gets) for matching, and with its marks for ranking: when the query has marks, articles
//! that match it exactly come first. Results are ranked with BM25 (title weighs most).

use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::Result;
use crate::articles::ArticleSummary;
use crate::markdown::plain_text;
use crate::status::Status;
use crate::text::{fold, nfc};
use newsroom_base::{parse_timestamp, timestamp};

/// Most results one search returns.
pub const MAX_RESULTS: usize = 200;
/// The longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 500;

/// What to look for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SearchQuery {
    /// Words to find, with or without marks; the last word may be unfinished. Empty: filters only.
    #[serde(default)]
    pub text: String,
    /// Only this state (default: everything but the trash).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub status: Option<Status>,
    /// Only this category (the whole name, with or without marks, any case).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub category: Option<String>,
    /// Only articles with this author (the whole name, with or without marks, any case).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub author: Option<String>,
    /// Saved at or after this instant.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub from: Option<DateTime<Utc>>,
    /// Saved before this instant.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub to: Option<DateTime<Utc>>,
    /// How many results (default 50, at most [`MAX_RESULTS`]).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub limit: Option<u32>,
}

/// A piece of a snippet, highlighted where it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SnippetPart {
    /// The text.
    pub text: String,
    /// Whether it matched a query word.
    pub hit: bool,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SearchHit {
    /// The article.
    pub article: ArticleSummary,
    /// Words around the first match in the lead or body (empty without query words).
    pub snippet: Vec<SnippetPart>,
}

/// Words of a text as the tokenizer sees them: runs of letters and digits.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// An FTS5 query matching all `words` in `columns`, the last one as a prefix if `open_end`.
fn fts_query(columns: &str, words: &[String], open_end: bool) -> String {
    let n = words.len();
    let terms: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let quoted = format!("\"{}\"", w.replace('"', "\"\""));
            if open_end && i + 1 == n {
                format!("{quoted}*")
            } else {
                quoted
            }
        })
        .collect();
    format!("{{{columns}}} : ({})", terms.join(" "))
}

/// Whether `word` is a whole word somewhere in the index (stops at the first article that has it).
fn is_term(conn: &Connection, word: &str) -> Result<bool> {
    let found = conn
        .prepare_cached("SELECT 1 FROM search_index WHERE search_index MATCH ?1 LIMIT 1")?
        .exists([format!("\"{}\"", word.replace('"', "\"\""))])?;
    Ok(found)
}

/// Indexes every article saved since it was last indexed; returns how many. [`search`] calls it
/// first, so results always reflect every save.
pub fn catch_up(conn: &Connection) -> Result<usize> {
    let pending: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM search_pending)", [], |r| {
            r.get(0)
        })?;
    if !pending {
        return Ok(0);
    }
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let ids: Vec<String> = tx
        .prepare("SELECT article_id FROM search_pending")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &ids {
        index(&tx, id)?;
    }
    tx.execute("DELETE FROM search_pending", [])?;
    tx.commit()?;
    Ok(ids.len())
}

/// (Re)indexes article `id` from its row.
pub(crate) fn index(tx: &Transaction<'_>, id: &str) -> Result<()> {
    let row: Option<(String, String, String, String, String, String, String)> = tx
        .query_row(
            "SELECT title, lead, body, authors, category, tags, source FROM articles WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .optional()?;
    let Some((title, lead, body, authors, category, tags, source)) = row else {
        return Ok(());
    };
    let body = plain_text(&body);
    let list = |json: &str| -> String {
        serde_json::from_str::<Vec<String>>(json)
            .unwrap_or_default()
            .join(" ")
    };
    let meta = format!("{} {} {} {}", list(&authors), category, list(&tags), source);
    tx.execute(
        "INSERT OR IGNORE INTO search_docs (article_id) VALUES (?1)",
        [id],
    )?;
    let doc: i64 = tx.query_row(
        "SELECT doc FROM search_docs WHERE article_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    tx.execute("DELETE FROM search_index WHERE rowid = ?1", [doc])?;
    tx.execute(
        "INSERT INTO search_index (rowid, title_f, lead_f, body_f, meta_f, title_x, lead_x, body_x)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            doc,
            fold(&title),
            fold(&lead),
            fold(&body),
            fold(&meta),
            title,
            lead,
            body
        ],
    )?;
    Ok(())
}

/// Rebuilds the whole index in one transaction; returns how many articles were indexed.
pub fn rebuild(conn: &Connection) -> Result<usize> {
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "DELETE FROM search_docs; DELETE FROM search_index; DELETE FROM search_pending;",
    )?;
    let n = index_all(&tx)?;
    tx.commit()?;
    Ok(n)
}

/// Indexes every article (after migration 0003).
pub(crate) fn index_all(tx: &Transaction<'_>) -> Result<usize> {
    let ids: Vec<String> = tx
        .prepare("SELECT id FROM articles")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &ids {
        index(tx, id)?;
    }
    Ok(ids.len())
}

/// Column weights for BM25 when matching folded text: title, lead, body, metadata (marked columns 0).
const FOLDED_WEIGHTS: &str = "10.0, 4.0, 1.0, 2.0, 0.0, 0.0, 0.0";
/// Column weights when matching the text with its marks.
const EXACT_WEIGHTS: &str = "0.0, 0.0, 0.0, 0.0, 10.0, 4.0, 1.0";
/// Most candidates ranked in one pass before filters are applied.
const MAX_CANDIDATES: usize = 20_000;

/// The filters of a query, as SQL parameters ?1…?5 of [`FILTERS`].
struct Filters {
    status: Option<&'static str>,
    category: Option<String>,
    author: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

const FILTERS: &str = "((?1 IS NULL AND a.status <> 'spiked') OR a.status = ?1)
     AND (?2 IS NULL OR fold(a.category) = ?2)
     AND (?3 IS NULL OR EXISTS (SELECT 1 FROM json_each(a.authors) WHERE fold(value) = ?3))
     AND (?4 IS NULL OR a.updated_at >= ?4)
     AND (?5 IS NULL OR a.updated_at < ?5)";

const SUMMARY_COLUMNS: &str =
    "a.id, a.title, a.authors, a.category, a.status, a.updated_at, a.revision";

fn summary(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: r.get(at)?,
        title: r.get(at + 1)?,
        authors: serde_json::from_str(&r.get::<_, String>(at + 2)?).unwrap_or_default(),
        category: r.get(at + 3)?,
        status: r.get(at + 4)?,
        updated_at: parse_timestamp(&r.get::<_, String>(at + 5)?)?,
        revision: r.get(at + 6)?,
    })
}

/// Most matches one query ranks with BM25. A query matching more (common words in a large
/// newsroom) is ranked among its most recent matches only, so its cost stays bounded.
pub const RANK_WINDOW: usize = 2_000;

/// What an FTS query looks for: words in some columns, the last one maybe unfinished.
struct Words<'a> {
    columns: &'static str,
    words: &'a [String],
    open_end: bool,
}

impl Words<'_> {
    fn all(&self) -> String {
        fts_query(self.columns, self.words, self.open_end)
    }
    fn only(&self, keep: &[usize]) -> String {
        let words: Vec<String> = keep.iter().map(|&i| self.words[i].clone()).collect();
        let open = self.open_end && keep.last() == Some(&(self.words.len() - 1));
        fts_query(self.columns, &words, open)
    }
}

/// Matches sampled to tell whether a word is common.
const COMMON_SAMPLE: i64 = 256;
/// A word in more than one article in this many is common.
const COMMON_SHARE: i64 = 8;

/// Whether the FTS query `one_word` matches more than one article in [`COMMON_SHARE`]. BM25 gives
/// such a word little weight (none at all past half the articles), yet counting its articles for
/// the IDF reads its whole posting list, the dearest part of a search; so common words only
/// filter. Estimated from the newest matches: cheap whatever the word.
fn is_common(conn: &Connection, one_word: &str, newest: i64) -> Result<bool> {
    let edge: Option<i64> = conn
        .prepare_cached(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?1
             ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
        )?
        .query_row(params![one_word, COMMON_SAMPLE - 1], |r| r.get(0))
        .optional()?;
    Ok(edge.is_some_and(|edge| COMMON_SHARE * COMMON_SAMPLE > newest - edge + 1))
}

/// The `n` best index rows for `q`, best first: ranked with BM25 among the
/// `max(n, RANK_WINDOW)` most recent matches, common words filtering without weight.
fn ranked(conn: &Connection, q: &Words<'_>, weights: &str, n: usize) -> Result<Vec<i64>> {
    let all = q.all();
    let window = i64::try_from(n.max(RANK_WINDOW)).unwrap_or(i64::MAX);
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    // The oldest row of the window: FTS5 walks its lists newest first and stops there, which
    // costs little even when nearly every article matches.
    let edge: i64 = conn
        .prepare_cached(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?1
             ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
        )?
        .query_row(params![all, window - 1], |r| r.get(0))
        .optional()?
        .unwrap_or(i64::MIN);
    let newest: i64 = conn.query_row("SELECT coalesce(max(doc), 0) FROM search_docs", [], |r| {
        r.get(0)
    })?;
    let mut weighty = Vec::with_capacity(q.words.len());
    for i in 0..q.words.len() {
        if !is_common(conn, &q.only(&[i]), newest)? {
            weighty.push(i);
        }
    }
    let rows = if weighty.len() == q.words.len() {
        let sql = format!(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?1 AND rowid >= ?3
             ORDER BY bm25(search_index, {weights}) LIMIT ?2"
        );
        conn.prepare_cached(&sql)?
            .query_map(params![all, n, edge], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?
    } else if weighty.is_empty() {
        // Every word is in most articles: relevance cannot tell them apart, recency can.
        conn.prepare_cached(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?1 AND rowid >= ?3
             ORDER BY rowid DESC LIMIT ?2",
        )?
        .query_map(params![all, n, edge], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?
    } else {
        // Ranked by the telling words, among the rows that have every word (at most the window).
        let every: HashSet<i64> = conn
            .prepare_cached(
                "SELECT rowid FROM search_index WHERE search_index MATCH ?1 AND rowid >= ?2",
            )?
            .query_map(params![all, edge], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let sql = format!(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?1 AND rowid >= ?2
             ORDER BY bm25(search_index, {weights})"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![q.only(&weighty), edge])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let doc: i64 = r.get(0)?;
            if every.contains(&doc) {
                out.push(doc);
                if out.len() as i64 >= n {
                    break;
                }
            }
        }
        out
    };
    Ok(rows)
}

/// The summaries of those of `docs` that pass the filters.
fn load(conn: &Connection, docs: &[i64], f: &Filters) -> Result<HashMap<i64, ArticleSummary>> {
    let mut out = HashMap::with_capacity(docs.len());
    for chunk in docs.chunks(500) {
        // The filters are ?1…?5; the doc ids follow as ?6….
        let marks: Vec<String> = (0..chunk.len()).map(|i| format!("?{}", i + 6)).collect();
        let marks = marks.join(",");
        let sql = format!(
            "SELECT d.doc, {SUMMARY_COLUMNS} FROM search_docs d JOIN articles a ON a.id = d.article_id
             WHERE d.doc IN ({marks}) AND {FILTERS}"
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut args: Vec<&dyn rusqlite::ToSql> =
            vec![&f.status, &f.category, &f.author, &f.from, &f.to];
        args.extend(chunk.iter().map(|d| d as &dyn rusqlite::ToSql));
        let mut rows = stmt.query(args.as_slice())?;
        while let Some(r) = rows.next()? {
            out.insert(r.get::<_, i64>(0)?, summary(r, 1)?);
        }
    }
    Ok(out)
}

/// Searches articles: ranked by relevance when there are query words, else most recent first.
///
/// Ranking runs in FTS5 alone on a growing number of candidates; the join with the articles and
/// the filters then apply to those few rows only, so a query costs about what FTS5's own BM25
/// ranking costs. With marks in the query, articles matching it exactly come first.
pub fn search(conn: &Connection, q: &SearchQuery) -> Result<Vec<SearchHit>> {
    if q.text.chars().count() > MAX_QUERY_CHARS {
        return Err(crate::Error::InvalidInput {
            field: "query",
            reason: crate::said!(
                "từ khoá tìm kiếm dài quá {MAX_QUERY_CHARS} ký tự",
                "the search is longer than {MAX_QUERY_CHARS} characters"
            ),
        });
    }
    catch_up(conn)?;
    let text = nfc(&q.text);
    let folded = words(&fold(&text));
    // The last word is matched as the start of a word while it is being typed, unless it is
    // already a whole word of the index: Vietnamese is typed syllable by syllable and nearly every
    // step is itself a syllable ("t", "tr", "trư", "trương", "trường"), and expanding a short
    // prefix to every word it starts costs more than everything else in a search.
    let typing = !text.ends_with(char::is_whitespace);
    let open_end = typing
        && folded
            .last()
            .is_some_and(|w| !is_term(conn, w).unwrap_or(false));
    let limit = q.limit.map_or(50, |l| (l as usize).min(MAX_RESULTS));
    let f = Filters {
        status: q.status.map(Status::as_str),
        category: q.category.as_deref().map(|c| crate::text::fold(c.trim())),
        author: q.author.as_deref().map(|a| crate::text::fold(a.trim())),
        from: q.from.map(timestamp),
        to: q.to.map(timestamp),
    };
    if folded.is_empty() {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE {FILTERS}
             ORDER BY a.updated_at DESC, a.id DESC LIMIT ?6"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let limit_i64 = i64::try_from(limit).unwrap_or(50);
        let rows = stmt.query_map(
            params![f.status, f.category, f.author, f.from, f.to, limit_i64],
            |r| summary(r, 0),
        )?;
        return Ok(rows
            .map(|r| {
                r.map(|article| SearchHit {
                    article,
                    snippet: Vec::new(),
                })
            })
            .collect::<rusqlite::Result<Vec<_>>>()?);
    }
    let match_query = Words {
        columns: "title_f lead_f body_f meta_f",
        words: &folded,
        open_end,
    };
    let exact_words = words(&text.to_lowercase());
    let exact_query = (fold(&text) != text.to_lowercase()).then(|| Words {
        columns: "title_x lead_x body_x",
        words: &exact_words,
        open_end: typing
            && exact_words
                .last()
                .is_some_and(|w| !is_term(conn, w).unwrap_or(false)),
    });

    let mut n = (limit * 4).max(40);
    let articles = loop {
        let mut order: Vec<i64> = Vec::new();
        let mut more_exact = false;
        if let Some(exact) = &exact_query {
            order = ranked(conn, exact, EXACT_WEIGHTS, n)?;
            more_exact = order.len() == n;
        }
        let exact_count = order.len();
        let mut found = load(conn, &order, &f)?;
        let exact_hits = found.len();
        // Folded matches are needed only when the exact ones do not fill the page.
        let mut more_folded = false;
        if exact_hits < limit {
            let folded_rows = ranked(conn, &match_query, FOLDED_WEIGHTS, n)?;
            more_folded = folded_rows.len() == n;
            let mut seen: HashSet<i64> = order.iter().copied().collect();
            let extra: Vec<i64> = folded_rows
                .into_iter()
                .filter(|d| seen.insert(*d))
                .collect();
            found.extend(load(conn, &extra, &f)?);
            order.extend(extra);
        }
        let enough_exact = exact_hits >= limit || !more_exact;
        let picked: Vec<ArticleSummary> = order
            .iter()
            .enumerate()
            // Folded-only matches may follow only once every exact match has been seen.
            .filter(|(i, _)| *i < exact_count || enough_exact)
            .filter_map(|(_, d)| found.remove(d))
            .take(limit)
            .collect();
        let exhausted = !more_exact && !more_folded;
        if picked.len() >= limit || exhausted || n >= MAX_CANDIDATES {
            break picked;
        }
        n = (n * 4).min(MAX_CANDIDATES);
    };

    // Snippets for the few results only.
    let mut hits = Vec::with_capacity(articles.len());
    let mut stmt = conn.prepare_cached("SELECT lead, body FROM articles WHERE id = ?1")?;
    for article in articles {
        let (lead, body): (String, String) =
            stmt.query_row([&article.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let in_lead = snippet(&lead, &folded);
        let snippet = if in_lead.iter().any(|p| p.hit) {
            in_lead
        } else {
            snippet(&plain_text(&body), &folded)
        };
        hits.push(SearchHit { article, snippet });
    }
    Ok(hits)
}

/// Characters of context on each side of the first match.
const SNIPPET_CONTEXT: usize = 60;

/// Words around the first match of any of `folded_words` in `text`, matches marked.
pub fn snippet(text: &str, folded_words: &[String]) -> Vec<SnippetPart> {
    // Fold character by character (as `fold` does), remembering where each folded character
    // came from; no allocation per character.
    let chars: Vec<char> = text.chars().collect();
    let mut fchars: Vec<char> = Vec::with_capacity(chars.len());
    let mut origin: Vec<usize> = Vec::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii() {
            fchars.push(c.to_ascii_lowercase());
            origin.push(i);
            continue;
        }
        unicode_normalization::char::decompose_canonical(c, |d| {
            if unicode_normalization::char::is_combining_mark(d) {
                return;
            }
            let d = if d == 'đ' || d == 'Đ' { 'd' } else { d };
            for l in d.to_lowercase() {
                fchars.push(l);
                origin.push(i);
            }
        });
    }
    let wanted: Vec<Vec<char>> = folded_words.iter().map(|w| w.chars().collect()).collect();
    let is_word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
    // Matches: a query word at the start of a word (prefix match, like the index), up to the end
    // of the window around the first one.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < fchars.len() {
        if spans
            .first()
            .is_some_and(|&(first, _)| origin[i] >= first + SNIPPET_CONTEXT * 2)
        {
            break;
        }
        if !is_word(fchars.get(i)) || (i > 0 && is_word(fchars.get(i - 1))) {
            i += 1;
            continue;
        }
        let hit = wanted
            .iter()
            .find(|wc| fchars.len() >= i + wc.len() && fchars[i..i + wc.len()] == wc[..]);
        if let Some(wc) = hit {
            let mut end = i + wc.len();
            while is_word(fchars.get(end)) {
                end += 1;
            }
            spans.push((origin[i], origin[end - 1] + 1));
            i = end;
        } else {
            i += 1;
        }
    }
    let Some(&(first, _)) = spans.first() else {
        let head: String = chars.iter().take(SNIPPET_CONTEXT * 2).collect();
        return if head.is_empty() {
            Vec::new()
        } else {
            vec![SnippetPart {
                text: head,
                hit: false,
            }]
        };
    };
    let start = first.saturating_sub(SNIPPET_CONTEXT);
    let end = (first + SNIPPET_CONTEXT * 2).min(chars.len());
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut push = |text: String, hit: bool| {
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(last) if last.hit == hit => last.text.push_str(&text),
            _ => parts.push(SnippetPart { text, hit }),
        }
    };
    if start > 0 {
        push("…".into(), false);
    }
    let mut pos = start;
    for &(s, e) in spans.iter().filter(|(s, _)| *s >= start && *s < end) {
        push(chars[pos..s].iter().collect(), false);
        let e = e.min(end);
        push(chars[s..e].iter().collect(), true);
        pos = e;
    }
    push(chars[pos..end].iter().collect(), false);
    if end < chars.len() {
        push("…".into(), false);
    }
    parts
}

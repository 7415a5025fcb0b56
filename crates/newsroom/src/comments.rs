//! Comments on an article: on a phrase, a paragraph or the whole text; replies; resolving.
//!
//! A comment keeps the phrase it is about and a little text on each side. When shown, it is found
//! again in the current text: the occurrence whose surroundings match best, so edits elsewhere (or
//! around it) do not move it; a paragraph comment goes to the most similar paragraph. A comment
//! whose text is gone is kept and marked `orphaned`, with the phrase it was about.

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::articles;
use crate::rules::{Actor, Role};
use crate::text::{nfc, utf16_len};
use crate::{Error, Result, said};
use newsroom_base::timestamp;

/// How much surrounding text a comment keeps on each side, in characters.
const CONTEXT_CHARS: usize = 32;
/// Longest text around a quote that a comment from another machine may carry (the newsroom
/// server's limit too); comments written here carry [`CONTEXT_CHARS`].
pub const MAX_CONTEXT_CHARS: usize = 200;
/// Longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 5000;

/// What a new comment says and where it points.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct NewComment {
    /// The comment.
    pub body: String,
    /// `title`, `lead` or `body` (default `body`).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub field: Option<String>,
    /// The phrase it is about, as it appears in the field; the first occurrence, or the one at `at`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub quote: Option<String>,
    /// Where the phrase starts in the field, in UTF-16 code units (as the editor counts), when the
    /// same phrase appears more than once.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub at: Option<u32>,
    /// A paragraph of the body (1 = first) instead of a phrase.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub paragraph: Option<u32>,
    /// The comment this one answers.
    #[serde(default)]
    #[ts(optional = nullable, type = "number | null")]
    pub reply_to: Option<i64>,
}

/// Where a comment sits in the current text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Anchor {
    /// `title`, `lead` or `body`.
    pub field: String,
    /// Start, in UTF-16 code units of the field.
    pub from: u32,
    /// End (exclusive), in UTF-16 code units.
    pub to: u32,
}

/// A comment as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Comment {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// The comment it answers.
    #[ts(type = "number | null")]
    pub reply_to: Option<i64>,
    /// Who wrote it.
    pub author: String,
    /// When (UTC, RFC 3339).
    pub created_at: String,
    /// The article's revision then.
    #[ts(type = "number")]
    pub revision: i64,
    /// The comment.
    pub body: String,
    /// The phrase or paragraph it is about (empty: the whole article).
    pub quote: String,
    /// Where that is now; none for the whole article or when the text is gone.
    #[ts(optional = nullable)]
    pub anchor: Option<Anchor>,
    /// Its text is no longer in the article.
    pub orphaned: bool,
    /// Resolved by whom, if resolved.
    #[ts(optional = nullable)]
    pub resolved_by: Option<String>,
}

/// The byte offset of UTF-16 offset `at` in `s`, if it falls on a character boundary.
fn byte_at(s: &str, at: u32) -> Option<usize> {
    let mut units = 0u32;
    for (i, c) in s.char_indices() {
        if units == at {
            return Some(i);
        }
        units += u32::try_from(c.len_utf16()).unwrap_or(2);
    }
    (units == at).then_some(s.len())
}

fn tail_chars(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

fn head_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Paragraphs of a Markdown body: runs of non-blank lines, with their byte ranges.
fn paragraphs(body: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (false, None) => start = Some(pos),
            (true, Some(s)) => {
                out.push(s..pos);
                start = None;
            }
            _ => {}
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(s..body.len());
    }
    // Without the final line break.
    out.into_iter()
        .map(|r| r.start..r.start + body[r.clone()].trim_end().len())
        .collect()
}

fn field_text<'a>(a: &'a articles::Article, field: &str) -> Option<&'a str> {
    match field {
        "title" => Some(&a.title),
        "lead" => Some(&a.lead),
        "body" => Some(&a.body),
        _ => None,
    }
}

/// Where `quote` (with `before`/`after` around it when written) is in `text` now, in bytes.
fn locate(
    text: &str,
    quote: &str,
    before: &str,
    after: &str,
    paragraph: bool,
) -> Option<std::ops::Range<usize>> {
    if quote.is_empty() {
        return None;
    }
    let score = |r: &std::ops::Range<usize>| -> usize {
        let left = &text[..r.start];
        let right = &text[r.end..];
        let l = left
            .chars()
            .rev()
            .zip(before.chars().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let rr = right
            .chars()
            .zip(after.chars())
            .take_while(|(a, b)| a == b)
            .count();
        l + rr
    };
    let exact: Vec<std::ops::Range<usize>> = text
        .match_indices(quote)
        .map(|(i, m)| i..i + m.len())
        .collect();
    if let Some(best) = exact
        .iter()
        .max_by_key(|r| (score(r), usize::MAX - r.start))
    {
        return Some(best.clone());
    }
    if !paragraph {
        return None;
    }
    // A paragraph that was edited: the most similar paragraph, if similar enough.
    paragraphs(text)
        .into_iter()
        .map(|r| {
            let ratio = similar::TextDiff::from_chars(quote, &text[r.clone()]).ratio();
            (r, ratio)
        })
        .filter(|(_, ratio)| *ratio >= 0.6)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(r, _)| r)
}

/// Adds a comment to article `id` as `by`. Anyone may comment; a quote must be in the field.
pub fn add(conn: &Connection, id: &str, by: &Actor, new: &NewComment) -> Result<Comment> {
    let article = articles::get(conn, id)?;
    let body = nfc(new.body.trim());
    if body.is_empty() || body.chars().count() > MAX_COMMENT_CHARS {
        return Err(Error::InvalidInput {
            field: "comment",
            reason: said!(
                "lời bình cần từ 1 đến {MAX_COMMENT_CHARS} ký tự",
                "a comment needs 1 to {MAX_COMMENT_CHARS} characters"
            ),
        });
    }
    let field = new.field.clone().unwrap_or_else(|| "body".into());
    let text = field_text(&article, &field).ok_or_else(|| Error::InvalidInput {
        field: "field",
        reason: said!(
            "không có trường “{field}” (title, lead, body)",
            "there is no field “{field}” (title, lead, body)"
        ),
    })?;
    let (kind, quote, before, after) = if let Some(n) = new.paragraph {
        let ps = paragraphs(&article.body);
        let r = usize::try_from(n)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| ps.get(i))
            .ok_or_else(|| Error::InvalidInput {
                field: "paragraph",
                reason: {
                    let count = ps.len();
                    said!(
                        "bài có {count} đoạn, không có đoạn {n}",
                        "the article has {count} paragraphs, no paragraph {n}"
                    )
                },
            })?;
        (
            "paragraph",
            article.body[r.clone()].to_string(),
            String::new(),
            String::new(),
        )
    } else if let Some(q) = new
        .quote
        .as_deref()
        .map(nfc)
        .filter(|q| !q.trim().is_empty())
    {
        let start = match new.at {
            Some(at) => byte_at(text, at).filter(|&b| text[b..].starts_with(&q)),
            None => text.find(&q),
        }
        .ok_or_else(|| Error::InvalidInput {
            field: "quote",
            reason: said!(
                "không tìm thấy “{q}” trong bài",
                "“{q}” is not in the article"
            ),
        })?;
        let end = start + q.len();
        (
            "phrase",
            q,
            tail_chars(&text[..start], CONTEXT_CHARS),
            head_chars(&text[end..], CONTEXT_CHARS),
        )
    } else {
        ("article", String::new(), String::new(), String::new())
    };
    if let Some(parent) = new.reply_to {
        let same: Option<String> = conn
            .query_row(
                "SELECT article_id FROM comments WHERE id = ?1",
                [parent],
                |r| r.get(0),
            )
            .optional()?;
        if same.as_deref() != Some(id) {
            return Err(Error::NotFound {
                what: said!("lời bình", "comment"),
                id: parent.to_string(),
            });
        }
    }
    let field = if new.paragraph.is_some() {
        "body".to_string()
    } else {
        field
    };
    conn.execute(
        "INSERT INTO comments (article_id, reply_to, author, created_at, revision, kind, field, quote, before, after, body, uid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?11, ?6, ?7, ?8, ?9, ?10, ?12)",
        params![
            id,
            new.reply_to,
            by.name,
            timestamp(Utc::now()),
            article.revision,
            field,
            quote,
            before,
            after,
            body,
            kind,
            newsroom_base::new_uid()
        ],
    )?;
    let new_id = conn.last_insert_rowid();
    list(conn, id)?
        .into_iter()
        .find(|c| c.id == new_id)
        .ok_or_else(|| Error::NotFound {
            what: said!("lời bình", "comment"),
            id: new_id.to_string(),
        })
}

/// The comments of article `id`, oldest first, each placed in the current text.
pub fn list(conn: &Connection, id: &str) -> Result<Vec<Comment>> {
    let article = articles::get(conn, id)?;
    type Row = (
        i64,
        Option<i64>,
        String,
        String,
        i64,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        String,
    );
    let rows: Vec<Row> = conn
        .prepare(
            "SELECT id, reply_to, author, created_at, revision, field, quote, before, after, body, resolved_by, kind
             FROM comments WHERE article_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows
        .into_iter()
        .map(
            |(
                cid,
                reply_to,
                author,
                created_at,
                revision,
                field,
                quote,
                before,
                after,
                body,
                resolved_by,
                kind,
            )| {
                let text = field_text(&article, &field).unwrap_or_default();
                let paragraph = kind == "paragraph";
                let anchor = locate(text, &quote, &before, &after, paragraph).map(|r| Anchor {
                    field: field.clone(),
                    from: utf16_len(&text[..r.start]),
                    to: utf16_len(&text[..r.end]),
                });
                Comment {
                    id: cid,
                    reply_to,
                    author,
                    created_at,
                    revision,
                    body,
                    orphaned: !quote.is_empty() && anchor.is_none(),
                    quote,
                    anchor,
                    resolved_by,
                }
            },
        )
        .collect())
}

/// Marks comment `comment` resolved (or open again when `resolved` is false): by its author, an
/// editor or an admin (anyone in solo mode).
pub fn resolve(conn: &Connection, comment: i64, by: &Actor, resolved: bool) -> Result<()> {
    let author: String = conn
        .query_row(
            "SELECT author FROM comments WHERE id = ?1",
            [comment],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: said!("lời bình", "comment"),
            id: comment.to_string(),
        })?;
    if !by.solo && author != by.name && !matches!(by.role, Role::Editor | Role::Admin) {
        return Err(Error::Forbidden {
            role: by.role.label(),
            action: said!("đóng lời bình", "resolve the comment"),
            reason: said!(
                "chỉ người viết lời bình, biên tập viên hoặc quản trị",
                "only its writer, editors and admins"
            ),
        });
    }
    conn.execute(
        "UPDATE comments SET resolved_at = ?2, resolved_by = ?3 WHERE id = ?1",
        params![
            comment,
            resolved.then(|| timestamp(Utc::now())),
            resolved.then(|| by.name.clone())
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_blank_line_separated() {
        let body = "Một.\n\nHai dòng\nvẫn một đoạn.\n\n\nBa.\n";
        let ps: Vec<&str> = paragraphs(body).into_iter().map(|r| &body[r]).collect();
        assert_eq!(ps, ["Một.", "Hai dòng\nvẫn một đoạn.", "Ba."]);
    }

    #[test]
    fn equal_phrases_are_told_apart_by_their_surroundings() {
        let text = "Sở Tài nguyên họp. Sau đó, Sở Tài nguyên báo cáo.";
        let second = text.rfind("Sở Tài nguyên").expect("second");
        let before = tail_chars(&text[..second], 32);
        let after = head_chars(&text[second + "Sở Tài nguyên".len()..], 32);
        let edited = format!("Sáng nay, {text}");
        let r = locate(&edited, "Sở Tài nguyên", &before, &after, false).expect("found");
        assert!(edited[r.end..].starts_with(" báo cáo."), "the second one");
        assert!(locate("Không còn nữa.", "Sở Tài nguyên", &before, &after, false).is_none());
    }

    use proptest::prelude::*;

    /// Any characters, with those that break byte arithmetic often: multi-byte spaces, combining
    /// marks, Vietnamese letters, emoji (two UTF-16 units), line breaks.
    fn text() -> impl Strategy<Value = String> {
        let tricky = proptest::sample::select(vec![
            '\u{A0}', '\u{3000}', '\u{2028}', '\u{0301}', '\u{031B}', 'ạ', 'Đ', 'ư', '😀', '\n',
            ' ',
        ]);
        proptest::collection::vec(prop_oneof![any::<char>(), tricky], 0..60)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

        /// A phrase taken anywhere in a text is found again, on character boundaries, after text
        /// is added around it; its paragraph too; UTF-16 offsets map back to the same bytes.
        #[test]
        fn anchors_stay_on_character_boundaries(
            t in text(), head in text(), tail in text(), a in 0usize..60, b in 0usize..60,
        ) {
            let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
            let (x, y) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
            let (start, end) = (x.min(y), x.max(y));
            let quote = &t[start..end];
            let before = tail_chars(&t[..start], CONTEXT_CHARS);
            let after = head_chars(&t[end..], CONTEXT_CHARS);
            let edited = format!("{head}{t}{tail}");
            for paragraph in [false, true] {
                if let Some(r) = locate(&edited, quote, &before, &after, paragraph) {
                    prop_assert!(edited.is_char_boundary(r.start) && edited.is_char_boundary(r.end));
                    prop_assert!(r.start <= r.end && r.end <= edited.len());
                    if !paragraph {
                        prop_assert_eq!(&edited[r.clone()], quote);
                    }
                    let from = utf16_len(&edited[..r.start]);
                    prop_assert_eq!(byte_at(&edited, from), Some(r.start));
                } else {
                    prop_assert!(quote.is_empty(), "{:?} not found in {:?}", quote, edited);
                }
            }
            for r in paragraphs(&edited) {
                prop_assert!(edited.is_char_boundary(r.start) && edited.is_char_boundary(r.end));
            }
            for at in 0..=utf16_len(&edited) {
                if let Some(i) = byte_at(&edited, at) {
                    prop_assert!(edited.is_char_boundary(i));
                    prop_assert_eq!(utf16_len(&edited[..i]), at);
                }
            }
        }
    }

    #[test]
    fn utf16_offsets() {
        let s = "Hải Phòng 🌊 biển";
        assert_eq!(byte_at(s, 0), Some(0));
        let wave = s.find('🌊').expect("wave");
        assert_eq!(byte_at(s, utf16_len(&s[..wave])), Some(wave));
        assert_eq!(utf16_len(s), 17);
    }
}

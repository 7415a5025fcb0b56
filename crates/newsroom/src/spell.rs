//! The newsroom's own words (table `dictionary`, shared by everyone in the data folder), beside the
//! spelling check of [`newsroom_text::spell`], which this module re-exports.

use chrono::Utc;
use rusqlite::{Connection, params};

pub use newsroom_text::spell::*;

use crate::{Error, Result, said};

/// The newsroom's own words, lowercase.
pub fn newsroom_words(conn: &Connection) -> Result<std::collections::HashSet<String>> {
    Ok(conn
        .prepare("SELECT folded FROM dictionary")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Adds words to the newsroom's dictionary (each word of `text`).
pub fn add_words(conn: &Connection, text: &str, by: &str) -> Result<u32> {
    let text = crate::text::nfc(text);
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > MAX_WORDS_AT_ONCE || words.iter().any(|w| w.chars().count() > MAX_WORD_CHARS) {
        return Err(Error::InvalidInput {
            field: "dictionary",
            reason: said!(
                "thêm được tối đa {MAX_WORDS_AT_ONCE} từ một lần, mỗi từ tối đa {MAX_WORD_CHARS} chữ cái",
                "at most {MAX_WORDS_AT_ONCE} words at once, each at most {MAX_WORD_CHARS} letters"
            ),
        });
    }
    let mut n = 0;
    for w in words {
        n += conn.execute(
            "INSERT INTO dictionary (word, folded, added_by, added_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (word) DO NOTHING",
            params![
                w,
                w.to_lowercase(),
                by,
                newsroom_base::timestamp(Utc::now())
            ],
        )?;
    }
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newsroom_dictionary_is_shared() {
        let s = Speller::shared().expect("hunspell-vi (the set-up installs it)");
        let dir = tempfile::tempdir().expect("tempdir");
        let conn = crate::store::open(dir.path()).expect("open");
        let text = "Dự án của Vinhomes";
        assert_eq!(
            misspelled(s, text, &newsroom_words(&conn).expect("words")).len(),
            1
        );
        add_words(&conn, "Vinhomes", "Hà").expect("add");
        assert!(misspelled(s, text, &newsroom_words(&conn).expect("words")).is_empty());
        // Bounded: an IPC call cannot fill the table with one request.
        assert!(add_words(&conn, &"từ ".repeat(MAX_WORDS_AT_ONCE + 1), "Hà").is_err());
        assert!(add_words(&conn, &"a".repeat(MAX_WORD_CHARS + 1), "Hà").is_err());
        assert_eq!(newsroom_words(&conn).expect("words").len(), 1);
    }
}

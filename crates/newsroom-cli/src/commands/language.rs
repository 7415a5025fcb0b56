//! Vietnamese: dates as the portal writes them, spelling, the dictionary, tone placement.

use crate::out::outln;
use newsroom::said;
use newsroom::{Error, language, profile};

use crate::cli::*;
use crate::{Ctx, print_json};

pub(crate) fn run(ctx: Ctx, command: LanguageCommand) -> newsroom::Result<()> {
    let Ctx {
        conn, author, json, ..
    } = ctx;
    match command {
        LanguageCommand::Date { at } => {
            let p = profile::active(&conn)?;
            let t = match at {
                Some(at) => p.parse_local(&at)?,
                None => chrono::Utc::now(),
            };
            if json {
                print_json(
                    &serde_json::json!({ "running": p.running_date(t), "long": p.long_time(t) }),
                );
            } else {
                outln!("{}\n{}", p.running_date(t), p.long_time(t));
            }
        }
        LanguageCommand::Spell { words } => {
            let speller = newsroom::spell::Speller::shared()?;
            let known = newsroom::spell::newsroom_words(&conn)?;
            let text = words.join(" ");
            let bad = newsroom::spell::misspelled(speller, &text, &known);
            if json {
                print_json(&bad);
            } else if bad.is_empty() {
                outln!("Không có lỗi chính tả.");
            } else {
                for m in &bad {
                    outln!("✗ {}: {}", m.word, m.suggestions.join(", "));
                }
            }
            if !bad.is_empty() {
                return Err(Error::InvalidInput {
                    field: "spelling",
                    reason: {
                        let n = bad.len();
                        said!(
                            "{n} chữ không có trong từ điển",
                            "{n} words are not in the dictionary"
                        )
                    },
                });
            }
        }
        LanguageCommand::Dictionary { words } => {
            let n = newsroom::spell::add_words(&conn, &words.join(" "), &author)?;
            if !json {
                outln!("Đã thêm {n} từ vào từ điển của tòa soạn.");
            }
        }
        LanguageCommand::Retone { id, style } => {
            let saved =
                language::retone_article(&conn, &id, style, &profile::active(&conn)?, &author)?;
            if json {
                print_json(&saved);
            } else {
                outln!("{}: bản {}", saved.id, saved.revision);
            }
        }
    }
    Ok(())
}

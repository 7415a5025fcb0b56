//! Review: the workflow steps, comments, the audit log, the review diff.

use crate::out::outln;
use newsroom::articles;
use newsroom::revisions::{self, DiffKind};
use newsroom::status::Status;
use newsroom::workflow;

use crate::cli::*;
use crate::{Ctx, print_json};

pub(crate) fn run(ctx: Ctx, command: ReviewCommand) -> newsroom::Result<()> {
    let Ctx {
        conn,
        author,
        json,
        me: acting_as,
        ..
    } = ctx;
    let me = || crate::acting(&acting_as);
    match command {
        ReviewCommand::Submit { id, note } => {
            step(&conn, me()?, &id, workflow::Action::Submit, &note, json)?
        }
        ReviewCommand::Claim { id } => step(&conn, me()?, &id, workflow::Action::Claim, "", json)?,
        ReviewCommand::Release { id } => {
            step(&conn, me()?, &id, workflow::Action::Release, "", json)?
        }
        ReviewCommand::RequestChanges { id, note } => step(
            &conn,
            me()?,
            &id,
            workflow::Action::RequestChanges,
            &note,
            json,
        )?,
        ReviewCommand::Approve { id, note } => {
            step(&conn, me()?, &id, workflow::Action::Approve, &note, json)?
        }
        ReviewCommand::Log { id } => {
            let log = workflow::log(&conn, &id)?;
            let label = |s: &str| {
                Status::parse(s).map_or_else(|| s.to_string(), |st| st.label_vi().to_string())
            };
            if json {
                print_json(&log);
            } else {
                for e in log {
                    let what = if e.to_status.is_empty() {
                        format!("{} (bản {})", e.action, e.revision)
                    } else {
                        format!(
                            "{}: {} → {} (bản {})",
                            e.action,
                            label(&e.from_status),
                            label(&e.to_status),
                            e.revision
                        )
                    };
                    let note = if e.note.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", e.note)
                    };
                    outln!("{} · {} · {what}{note}", e.at, e.actor);
                }
            }
        }
        ReviewCommand::Comment {
            id,
            text,
            quote,
            field,
            paragraph,
            reply_to,
        } => {
            let by = me()?;
            let c = newsroom::comments::add(
                &conn,
                &id,
                by,
                &newsroom::comments::NewComment {
                    body: text,
                    field,
                    quote,
                    at: None,
                    paragraph,
                    reply_to,
                },
            )?;
            if json {
                print_json(&c);
            } else {
                outln!("{}", c.id);
            }
        }
        ReviewCommand::Comments { id } => {
            let all = newsroom::comments::list(&conn, &id)?;
            if json {
                print_json(&all);
            } else {
                for c in all {
                    let about = if c.quote.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " về “{}”{}",
                            c.quote.chars().take(60).collect::<String>(),
                            if c.orphaned {
                                " (đoạn này không còn trong bài)"
                            } else {
                                ""
                            }
                        )
                    };
                    let state = c
                        .resolved_by
                        .map_or(String::new(), |b| format!(" [đã xong: {b}]"));
                    let reply = c
                        .reply_to
                        .map_or(String::new(), |r| format!(" ↳ trả lời #{r}"));
                    outln!("#{} {}{reply}{about}: {}{state}", c.id, c.author, c.body);
                }
            }
        }
        ReviewCommand::Resolve { comment, reopen } => {
            let by = me()?;
            newsroom::comments::resolve(&conn, comment, by, !reopen)?;
            if !json {
                outln!("#{comment}: {}", if reopen { "mở lại" } else { "đã xong" });
            }
        }
        ReviewCommand::ReviewDiff { id } => {
            let a = articles::get(&conn, &id)?;
            let since = workflow::last_reviewed(&conn, &id, &author)?.unwrap_or(1);
            let diff = revisions::diff(&conn, &id, since, a.revision)?;
            if json {
                print_json(&diff);
            } else {
                outln!(
                    "Từ bản {since} (lần duyệt trước của {author}) đến bản {}:",
                    a.revision
                );
                for f in diff {
                    let text: String = f
                        .parts
                        .iter()
                        .map(|p| match p.kind {
                            DiffKind::Same => p.text.clone(),
                            DiffKind::Added => format!("{{+{}+}}", p.text),
                            DiffKind::Removed => format!("[-{}-]", p.text),
                        })
                        .collect();
                    outln!("{}: {text}", f.field);
                }
            }
        }
    }
    Ok(())
}

/// One workflow step as `by`; prints the new state.
pub(crate) fn step(
    conn: &rusqlite::Connection,
    by: &workflow::Actor,
    id: &str,
    action: workflow::Action,
    note: &str,
    json: bool,
) -> newsroom::Result<()> {
    let a = workflow::transition(conn, id, by, action, note)?;
    if json {
        print_json(&a);
    } else {
        outln!("{}: {}", a.id, a.status.label_vi());
    }
    Ok(())
}

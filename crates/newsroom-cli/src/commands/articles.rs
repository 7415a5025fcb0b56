//! Articles: write, read, search, history, the trash.

use std::io::Read;
use std::path::PathBuf;

use crate::out::{errln, outln};
use newsroom::articles::{self, ArticleInput, ListFilter, SaveKind};
use newsroom::profile::Profile;
use newsroom::revisions::{self, DiffKind};
use newsroom::said;
use newsroom::search::{self, SearchQuery};
use newsroom::{Error, docx, profile, text};

use crate::cli::*;
use crate::{Ctx, print_json};

pub(crate) fn run(ctx: Ctx, command: ArticleCommand) -> newsroom::Result<()> {
    let Ctx {
        conn,
        data_dir: ctx_dir,
        author,
        json,
        me: acting_as,
    } = ctx;
    let me = || crate::acting(&acting_as);
    let show = |a: &articles::Article| crate::show(json, a);
    match command {
        ArticleCommand::New {
            title,
            from: Some(file),
            fields,
        } => {
            let profile = profile::active(&conn)?;
            let options = docx::Options {
                authors: fields
                    .byline
                    .iter()
                    .flat_map(|b| b.split(','))
                    .map(str::to_string)
                    .collect(),
                threads: 0,
            };
            let mut made = docx::import_file(
                &conn,
                &ctx_dir,
                &file,
                &profile.photo_spec(),
                &options,
                me()?,
            )?;
            // Anything else given changes the draft, as `edit` would (a second revision).
            let changes = title.is_some()
                || fields.lead.is_some()
                || fields.body_file.is_some()
                || fields.category.is_some()
                || !fields.tags.is_empty()
                || fields.source.is_some()
                || fields.slug.is_some()
                || fields.published.is_some();
            if changes {
                let mut input = ArticleInput::from(&made.article);
                if let Some(title) = title {
                    input.title = title;
                }
                apply(fields, &mut input, &profile)?;
                made.article = articles::save(
                    &conn,
                    &made.article.id,
                    made.article.revision,
                    &input,
                    &author,
                    SaveKind::Save,
                )?;
            }
            if json {
                print_json(&made);
            } else {
                let lang = crate::lang();
                let s = &made.summary;
                outln!("{}", made.article.id);
                let line = match lang {
                    newsroom::Lang::Vi => format!(
                        "Đã nhập “{}”: {} đoạn, {} ảnh trong tệp, {} ảnh đưa vào bài, {} chú thích.",
                        s.file, s.paragraphs, s.pictures, s.figures, s.captions
                    ),
                    newsroom::Lang::En => format!(
                        "Imported “{}”: {} paragraphs, {} pictures in the file, {} placed in the draft, {} captions.",
                        s.file, s.paragraphs, s.pictures, s.figures, s.captions
                    ),
                };
                errln!("{line}");
                for n in &s.notes {
                    errln!("- {}", n.text(lang));
                }
            }
        }
        ArticleCommand::New {
            title,
            from: None,
            fields,
        } => {
            let mut input = ArticleInput {
                title: title.unwrap_or_default(),
                ..Default::default()
            };
            apply(fields, &mut input, &profile::active(&conn)?)?;
            let a = articles::create(&conn, &input, &author)?;
            if json {
                print_json(&a);
            } else {
                outln!("{}", a.id);
            }
        }
        ArticleCommand::Edit {
            id,
            base_revision,
            title,
            fields,
        } => {
            let current = articles::get(&conn, &id)?;
            let mut input = ArticleInput::from(&current);
            if let Some(title) = title {
                input.title = title;
            }
            apply(fields, &mut input, &profile::active(&conn)?)?;
            let a = articles::save(&conn, &id, base_revision, &input, &author, SaveKind::Save)?;
            if json {
                print_json(&a);
            } else {
                outln!("{} bản {}", a.id, a.revision);
            }
        }
        ArticleCommand::List { status } => {
            let list = articles::list(&conn, &ListFilter { status })?;
            if json {
                print_json(&list);
            } else {
                for a in list {
                    outln!(
                        "{}  {}  {:<6}  {}",
                        a.id,
                        text::portal_time(a.updated_at),
                        a.status.label_vi(),
                        a.title
                    );
                }
            }
        }
        ArticleCommand::Search {
            query,
            status,
            category,
            author,
            limit,
        } => {
            let hits = search::search(
                &conn,
                &SearchQuery {
                    text: query,
                    status,
                    category,
                    author,
                    limit: Some(limit),
                    ..Default::default()
                },
            )?;
            if json {
                print_json(&hits);
            } else {
                for h in hits {
                    let snippet: String = h
                        .snippet
                        .iter()
                        .map(|p| {
                            if p.hit {
                                format!("[{}]", p.text)
                            } else {
                                p.text.clone()
                            }
                        })
                        .collect();
                    outln!(
                        "{}  {}
    {}",
                        h.article.id,
                        h.article.title,
                        snippet
                    );
                }
            }
        }
        ArticleCommand::Show { id } => show(&articles::get(&conn, &id)?),
        ArticleCommand::History { id } => {
            let history = revisions::history(&conn, &id)?;
            if json {
                print_json(&history);
            } else {
                for r in history {
                    let parent = r.parent.map(|p| format!(" ← {p}")).unwrap_or_default();
                    outln!(
                        "{:>4}{parent:<7} {}  {:<8} {}  {}",
                        r.number,
                        text::portal_time(r.saved_at),
                        r.kind,
                        r.author,
                        r.title
                    );
                }
            }
        }
        ArticleCommand::Diff { id, rev_a, rev_b } => {
            let diff = revisions::diff(&conn, &id, rev_a, rev_b)?;
            if json {
                print_json(&diff);
            } else if diff.is_empty() {
                outln!("(không khác nhau)");
            } else {
                for field in diff {
                    outln!("== {} ==", field.field);
                    let mut line = String::new();
                    for part in field.parts {
                        match part.kind {
                            DiffKind::Same => line.push_str(&part.text),
                            DiffKind::Added => line.push_str(&format!("{{+{}+}}", part.text)),
                            DiffKind::Removed => line.push_str(&format!("[-{}-]", part.text)),
                        }
                    }
                    outln!("{line}");
                }
            }
        }
        ArticleCommand::Restore { id, rev } => show(&revisions::restore(&conn, &id, rev, &author)?),
        ArticleCommand::Spike { id } => show(&articles::spike(&conn, &id, me()?)?),
        ArticleCommand::Unspike { id } => show(&articles::unspike(&conn, &id, me()?)?),
        ArticleCommand::Delete { id } => {
            articles::delete(&conn, &id, me()?)?;
            if json {
                print_json(&serde_json::json!({ "deleted": id }));
            } else {
                outln!("Đã xoá hẳn {id}");
            }
        }
    }
    Ok(())
}

/// The body from a file or standard input. A file that is not UTF-8 is read as the 8-bit text of an
/// old Vietnamese font (each byte a Latin-1 character); text in TCVN3 or VNI is converted to Unicode,
/// and the conversion is reported on standard error.
pub(crate) fn read_body(path: &PathBuf) -> newsroom::Result<String> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("<stdin>", e))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    }
    if bytes.len() > text::paste::MAX_PASTE_BYTES {
        return Err(Error::InvalidInput {
            field: "body",
            reason: {
                let max = text::paste::MAX_PASTE_BYTES / 1024 / 1024;
                let mb = bytes.len() / 1024 / 1024;
                said!(
                    "tệp nội dung lớn quá {max} MB ({mb} MB); hãy chia bài hoặc bỏ bớt phần không cần",
                    "the text file is over {max} MB ({mb} MB); split the article or leave out what is not needed"
                )
            },
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => e.into_bytes().into_iter().map(char::from).collect(),
    };
    let html = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    let pasted = if html {
        text::paste::html_to_markdown(&text)
    } else {
        text::paste::plain(&text)
    };
    let (text, converted) = (pasted.markdown, pasted.converted);
    if html {
        errln!("newsroom: nội dung HTML được chuyển sang Markdown.");
    }
    if let Some(l) = converted {
        errln!(
            "newsroom: nội dung được chuyển từ bảng mã {} sang Unicode.",
            l.label()
        );
    }
    Ok(text)
}

/// Applies the fields given on the command line to `input` (times read in `profile`'s zone).
pub(crate) fn apply(
    fields: Fields,
    input: &mut ArticleInput,
    profile: &Profile,
) -> newsroom::Result<()> {
    if let Some(published) = &fields.published {
        input.scheduled_at = if published.trim().is_empty() {
            None
        } else {
            Some(profile.parse_local(published)?)
        };
    }
    if let Some(lead) = fields.lead {
        input.lead = lead;
    }
    if let Some(path) = &fields.body_file {
        input.body = read_body(path)?;
    }
    if !fields.byline.is_empty() {
        input.authors = fields
            .byline
            .iter()
            .flat_map(|b| b.split(','))
            .map(str::to_string)
            .collect();
    }
    if let Some(category) = fields.category {
        input.category = category;
    }
    if !fields.tags.is_empty() {
        input.tags = fields.tags;
    }
    if let Some(source) = fields.source {
        input.source = source;
    }
    if let Some(slug) = fields.slug {
        input.slug = slug;
    }
    Ok(())
}

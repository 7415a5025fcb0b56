//! A reporter's Word file becomes a draft: the text read by `newsroom-docx`, every picture through
//! the photo pipeline (the same checks, renditions and privacy as an imported photo) and placed as
//! a figure where it stood, with its caption; alt text prefilled from the caption is marked for
//! review with a comment on the figure. The draft, its figures and those comments are written in
//! one transaction: all of it lands, or nothing (photos already stored stay in the library, as
//! after any photo import).

use std::path::Path;

use serde::Serialize;

use crate::articles::{self, Article, ArticleInput};
use crate::comments::{self, NewComment};
use crate::figures::{self, FigureChange};
use crate::media::{self, Source, Spec};
use crate::rules::Actor;
use crate::text::legacy::Legacy;
use crate::text::nfc;
use crate::{Lang, Result, said};
pub use newsroom_docx::{Note, NoteKind};

/// A note shown after an import, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportNote {
    /// What it is about (`tracked_changes`, `comments`, `picture_refused`, …).
    pub kind: String,
    /// In Vietnamese.
    pub message: String,
    /// In English.
    pub message_en: String,
}

impl ImportNote {
    fn of(n: &Note) -> ImportNote {
        ImportNote {
            kind: n.kind.code().to_string(),
            message: n.said.vi().to_string(),
            message_en: n.said.en().to_string(),
        }
    }

    /// The note in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.message,
            Lang::En => &self.message_en,
        }
    }
}

/// What an import made, for the summary shown after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportSummary {
    /// The Word file's name.
    pub file: String,
    /// Paragraphs of text read.
    pub paragraphs: u32,
    /// Pictures found embedded in the file.
    pub pictures: u32,
    /// Figures placed in the draft (pictures that passed the photo checks).
    pub figures: u32,
    /// Captions found under pictures.
    pub captions: u32,
    /// The old encoding text was converted from, if any.
    #[ts(optional = nullable)]
    pub converted: Option<Legacy>,
    /// What was changed, left out or guessed, and why.
    pub notes: Vec<ImportNote>,
}

/// A draft made from a Word file.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct WordImport {
    /// The new draft.
    pub article: Article,
    /// What the import did.
    pub summary: ImportSummary,
}

/// What else a draft from a Word file gets.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Byline (authors); none keeps the draft's authors empty.
    pub authors: Vec<String>,
    /// Worker threads for the pictures (0: every core).
    pub threads: usize,
}

/// The file name without its folder and `.docx`, as a title of last resort.
fn stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let base = base
        .strip_suffix(".docx")
        .or_else(|| base.strip_suffix(".DOCX"))
        .unwrap_or(base);
    nfc(base.replace(['_'], " ").trim())
}

/// Makes a draft of the Word file at `path`. Only the parts it needs are read from disk; each
/// picture is read and unpacked by the worker that processes it.
pub fn import_file(
    conn: &rusqlite::Connection,
    data_dir: &Path,
    path: &Path,
    spec: &Spec,
    options: &Options,
    by: &Actor,
) -> Result<WordImport> {
    let name = newsroom_docx::file_name(path);
    let doc = newsroom_docx::read_file(path)?;
    draft(
        conn,
        data_dir,
        &name,
        doc,
        spec,
        options,
        by,
        &|part: &str| newsroom_docx::picture_from_file(path, part),
    )
}

/// Makes a draft of the Word file `bytes` called `name`, as `by`.
pub fn import(
    conn: &rusqlite::Connection,
    data_dir: &Path,
    name: &str,
    bytes: &[u8],
    spec: &Spec,
    options: &Options,
    by: &Actor,
) -> Result<WordImport> {
    let doc = newsroom_docx::read(name, bytes)?;
    draft(
        conn,
        data_dir,
        name,
        doc,
        spec,
        options,
        by,
        &|part: &str| newsroom_docx::picture_bytes(name, bytes, part),
    )
}

/// Gives the bytes of a picture's part of the Word file.
type Unpack<'a> = dyn Fn(&str) -> Result<Vec<u8>> + Send + Sync + 'a;

/// The draft made of `doc`, read from the Word file `name`; `unpack` gives a picture's bytes.
#[allow(clippy::too_many_arguments)]
fn draft(
    conn: &rusqlite::Connection,
    data_dir: &Path,
    name: &str,
    mut doc: newsroom_docx::Document,
    spec: &Spec,
    options: &Options,
    by: &Actor,
    unpack: &Unpack<'_>,
) -> Result<WordImport> {
    let mut notes: Vec<Note> = std::mem::take(&mut doc.notes);
    if doc.title.is_empty() {
        doc.title = stem(name);
    }
    if doc.title.is_empty() {
        doc.title = "Bài nhập từ Word".into();
    }

    // Pictures through the photo pipeline, several at once; a refused one is named and the rest go on.
    let sources: Vec<Source<'_>> = doc
        .pictures
        .iter()
        .map(|p| {
            let part = p.part.clone();
            Source::Load {
                name: p.name.clone(),
                load: Box::new(move || unpack(&part)),
            }
        })
        .collect();
    let threads = if options.threads == 0 {
        media::default_threads()
    } else {
        options.threads
    };
    let photos = media::import_sources(conn, data_dir, &sources, spec, &by.name, threads, &|_| {});
    drop(sources);
    let mut numbers: Vec<Option<u32>> = vec![None; doc.pictures.len()];
    let mut placed: Vec<(u32, String, FigureChange, bool)> = Vec::new();
    for (i, (picture, photo)) in doc.pictures.iter().zip(photos).enumerate() {
        match photo {
            Ok(photo) => {
                let n = u32::try_from(placed.len() + 1).unwrap_or(u32::MAX);
                numbers[i] = Some(n);
                let from_caption = picture.alt.is_empty() && !picture.caption.is_empty();
                let alt = if from_caption {
                    picture.caption.clone()
                } else {
                    picture.alt.clone()
                };
                placed.push((
                    n,
                    photo.hash,
                    FigureChange {
                        alt: Some(alt),
                        caption: Some(picture.caption.clone()),
                        ..FigureChange::default()
                    },
                    from_caption,
                ));
            }
            Err(e) => {
                let why_vi = e.message(Lang::Vi);
                let why_en = e.message(Lang::En);
                notes.push(Note::new(
                    NoteKind::PictureRefused,
                    crate::Said::new(
                        format!("Ảnh thứ {} không đưa vào bài: {why_vi}", i + 1),
                        format!("Picture {} was not put in the draft: {why_en}", i + 1),
                    ),
                ));
            }
        }
    }
    let line_of = |n: u32| -> Option<String> {
        placed.iter().find(|(m, ..)| *m == n).map(|(_, _, c, _)| {
            figures::line(
                n,
                c.alt.as_deref().unwrap_or_default(),
                c.caption.as_deref().unwrap_or_default(),
            )
        })
    };
    let body = doc.body(|i| numbers.get(i).copied().flatten().and_then(line_of));
    let reviewed: Vec<u32> = placed.iter().filter(|p| p.3).map(|p| p.0).collect();
    if !reviewed.is_empty() {
        let list = reviewed
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        notes.push(Note::new(
            NoteKind::AltFromCaption,
            said!(
                "Mô tả thay thế (alt) của ảnh {list} lấy từ chú thích; mỗi ảnh có một lời bình nhắc xem lại",
                "The alt text of picture(s) {list} was taken from the caption; each has a comment asking for review"
            ),
        ));
    }
    let input = ArticleInput {
        title: doc.title.clone(),
        lead: doc.lead.clone(),
        body,
        authors: options.authors.iter().map(|a| nfc(a.trim())).collect(),
        ..ArticleInput::default()
    };
    let article = articles::create_with(conn, &input, &by.name, |tx, id| {
        for (n, hash, change, from_caption) in &placed {
            figures::insert_in(tx, id, *n, hash, change)?;
            if *from_caption && let Some(line) = line_of(*n) {
                comments::add(
                    tx,
                    id,
                    by,
                    &NewComment {
                        body: "Mô tả thay thế (alt) của ảnh này được lấy từ chú thích khi nhập tệp Word: hãy xem lại cho đúng nội dung ảnh (alt tả ảnh, chú thích kể chuyện).".into(),
                        quote: Some(line),
                        ..NewComment::default()
                    },
                )?;
            }
        }
        Ok(())
    })?;
    let summary = ImportSummary {
        file: name.to_string(),
        paragraphs: u32::try_from(doc.paragraphs).unwrap_or(u32::MAX),
        pictures: u32::try_from(doc.pictures.len()).unwrap_or(u32::MAX),
        figures: u32::try_from(placed.len()).unwrap_or(u32::MAX),
        captions: u32::try_from(doc.captions).unwrap_or(u32::MAX),
        converted: doc.converted,
        notes: notes.iter().map(ImportNote::of).collect(),
    };
    Ok(WordImport { article, summary })
}

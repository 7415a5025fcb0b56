//! What a Word file becomes.

use newsroom_base::{Said, said};
use newsroom_text::legacy::Legacy;

/// A picture embedded in the document, in the order it appears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// Its part's file name in the package (`image1.jpeg`).
    pub name: String,
    /// Its part in the package (`word/media/image1.jpeg`): [`crate::picture_bytes`] unpacks it.
    pub part: String,
    /// The caption found under it (Word's Caption style, or a short italic or centred line), NFC.
    pub caption: String,
    /// The alternative text the writer gave it in Word (`descr`, else `title`), NFC.
    pub alt: String,
}

/// A piece of the body, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Markdown: a paragraph, heading, list, table or quote.
    Text(String),
    /// Picture number `i` of [`Document::pictures`] stands here, as a paragraph of its own.
    Picture(usize),
}

/// What kind of thing a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoteKind {
    /// Tracked changes were taken as accepted.
    TrackedChanges,
    /// Comments were dropped.
    Comments,
    /// A picture is linked to a file or address, not embedded: named, never fetched.
    LinkedPicture,
    /// A picture's part is missing from the package.
    MissingPicture,
    /// The document names a template outside it (never fetched).
    RemoteTemplate,
    /// A table kept as text (merged cells, several paragraphs or a picture in a cell).
    TableAsText,
    /// Footnotes or endnotes left out.
    Footnotes,
    /// Something that is not text or a picture (a chart, an equation, an embedded object) left out.
    Object,
    /// Text in an old Vietnamese font converted to Unicode.
    Converted,
    /// No title style or bold first line: the title was taken from elsewhere.
    NoTitle,
    /// A hand-typed lead prefix ("(Haiphong.gov.vn) -") recognised and removed: the profile adds its own.
    LeadPrefix,
    /// A picture refused by the photo checks (added by the importer).
    PictureRefused,
    /// Alt text prefilled from the caption: needs review (added by the importer).
    AltFromCaption,
}

impl NoteKind {
    /// A stable code for the UI and JSON (`tracked_changes`).
    pub fn code(self) -> &'static str {
        match self {
            NoteKind::TrackedChanges => "tracked_changes",
            NoteKind::Comments => "comments",
            NoteKind::LinkedPicture => "linked_picture",
            NoteKind::MissingPicture => "missing_picture",
            NoteKind::RemoteTemplate => "remote_template",
            NoteKind::TableAsText => "table_as_text",
            NoteKind::Footnotes => "footnotes",
            NoteKind::Object => "object",
            NoteKind::Converted => "converted",
            NoteKind::NoTitle => "no_title",
            NoteKind::LeadPrefix => "lead_prefix",
            NoteKind::PictureRefused => "picture_refused",
            NoteKind::AltFromCaption => "alt_from_caption",
        }
    }
}

/// Something the reader wants the person importing to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// What it is about.
    pub kind: NoteKind,
    /// What to tell, in both languages.
    pub said: Said,
}

impl Note {
    /// A note of `kind` saying `said`.
    pub fn new(kind: NoteKind, said: Said) -> Note {
        Note { kind, said }
    }

    /// `note(n)` when `n` is more than 0.
    pub(crate) fn counted(n: usize, note: fn(usize) -> Note) -> Option<Note> {
        (n > 0).then(|| note(n))
    }

    pub(crate) fn footnotes(n: usize) -> Note {
        Note::new(
            NoteKind::Footnotes,
            said!(
                "{n} chú thích cuối trang đã bỏ; nếu cần, hãy đưa vào thân bài",
                "{n} footnote(s) were left out; put them in the body if they are needed"
            ),
        )
    }

    pub(crate) fn objects(n: usize) -> Note {
        Note::new(
            NoteKind::Object,
            said!(
                "{n} đối tượng không phải chữ hay ảnh (biểu đồ, công thức, hình vẽ) đã bỏ",
                "{n} object(s) that are neither text nor a picture (charts, equations, drawings) were left out"
            ),
        )
    }

    pub(crate) fn tables_as_text(n: usize) -> Note {
        Note::new(
            NoteKind::TableAsText,
            said!(
                "{n} bảng có ô gộp, nhiều đoạn hoặc ảnh trong ô: giữ thành văn bản từng ô, hãy xem lại",
                "{n} table(s) with merged cells, several paragraphs or pictures in a cell were kept as text, cell by cell; check them"
            ),
        )
    }

    pub(crate) fn tracked(n: usize) -> Note {
        Note::new(
            NoteKind::TrackedChanges,
            said!(
                "{n} thay đổi được theo dõi (track changes) đã được chấp nhận như trong bản cuối",
                "{n} tracked change(s) were taken as accepted, as in the final version"
            ),
        )
    }

    pub(crate) fn comments(n: usize) -> Note {
        Note::new(
            NoteKind::Comments,
            said!(
                "{n} lời bình trong tệp Word đã bỏ (không đưa vào bài)",
                "{n} comment(s) in the Word file were dropped (not put in the article)"
            ),
        )
    }
}

/// A Word file, read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// Headline, NFC, one line (empty when the document gave none).
    pub title: String,
    /// Lead (sapo), plain text, NFC, without a hand-typed prefix.
    pub lead: String,
    /// The prefix taken off the lead ("(Haiphong.gov.vn) -"), if one was typed.
    pub lead_prefix: Option<String>,
    /// The body in order.
    pub blocks: Vec<Block>,
    /// Every embedded picture placed in the body, in order.
    pub pictures: Vec<Picture>,
    /// What was changed, left out or guessed, and why.
    pub notes: Vec<Note>,
    /// The old encoding text was converted from, if any.
    pub converted: Option<Legacy>,
    /// Paragraphs of text read (title, lead, body, list items, table cells; not empty ones).
    pub paragraphs: usize,
    /// Captions found under pictures.
    pub captions: usize,
}

impl Document {
    /// The body as Markdown, each picture written by `figure(i)` (`None` leaves it out).
    pub fn body(&self, mut figure: impl FnMut(usize) -> Option<String>) -> String {
        let mut parts: Vec<String> = Vec::with_capacity(self.blocks.len());
        for b in &self.blocks {
            match b {
                Block::Text(t) => parts.push(t.clone()),
                Block::Picture(i) => {
                    if let Some(line) = figure(*i) {
                        parts.push(line);
                    }
                }
            }
        }
        parts.join("\n\n")
    }
}

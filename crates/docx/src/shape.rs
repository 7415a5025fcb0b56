//! The paragraphs and tables read, shaped into an article: the title (Word's Title or Heading 1
//! style, else a bold first line), the lead (the first paragraph, without a hand-typed portal
//! prefix), captions (the line right under a picture in the Caption style, or short and italic or
//! centred) and the body as Markdown.

use std::collections::HashMap;

use newsroom_base::said;

use crate::body::{Item, Para, Seg};
use crate::model::{Block, Document, Note, NoteKind, Picture};

/// Longest line taken as a caption or a bold title, in characters.
const SHORT_LINE: usize = 300;

fn url(target: &str) -> String {
    target
        .trim()
        .replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
}

/// The paragraph's text as inline Markdown: bold and italic opened and closed as the runs change
/// (marks hug the words, spaces stay outside), links, line breaks; white space collapsed.
fn inline(segs: &[Seg], table_cell: bool) -> String {
    let mut out = String::new();
    let mut open: Vec<&'static str> = Vec::new();
    let mut link: Option<&str> = None;
    let mut space = true;

    fn close_marks(
        out: &mut String,
        open: &mut Vec<&'static str>,
        keep: impl Fn(&str) -> bool,
    ) -> Vec<&'static str> {
        // Close from the top until every mark left is wanted; return the wanted ones closed on the
        // way, to open again.
        let mut reopen = Vec::new();
        while open.iter().any(|m| !keep(m)) {
            let Some(m) = open.pop() else { break };
            let trimmed = out.trim_end_matches(' ').len();
            let trail = out.len() - trimmed;
            out.truncate(trimmed);
            out.push_str(m);
            out.push_str(&" ".repeat(trail));
            if keep(m) {
                reopen.push(m);
            }
        }
        reopen
    }

    for seg in segs {
        match seg {
            Seg::Break => {
                close_marks(&mut out, &mut open, |_| false);
                let trimmed = out.trim_end_matches(' ').len();
                out.truncate(trimmed);
                if table_cell {
                    out.push(' ');
                } else if !out.is_empty() {
                    out.push_str("  \n");
                }
                space = true;
            }
            Seg::Text {
                text,
                bold,
                italic,
                link: to,
            } => {
                let collapsed = newsroom_text::collapse_spaces(text, &mut space);
                if collapsed.is_empty() {
                    continue;
                }
                let mut escaped = newsroom_text::markdown::escape_markdown(&collapsed);
                if table_cell {
                    escaped = escaped.replace('|', "\\|");
                }
                if to.as_deref() != link {
                    close_marks(&mut out, &mut open, |_| false);
                    if let Some(l) = link {
                        let trimmed = out.trim_end_matches(' ').len();
                        let trail = out.len() - trimmed;
                        out.truncate(trimmed);
                        out.push_str(&format!("]({}){}", url(l), " ".repeat(trail)));
                    }
                    link = to.as_deref();
                    if link.is_some() {
                        let lead = escaped.len() - escaped.trim_start().len();
                        out.push_str(&escaped[..lead]);
                        escaped.drain(..lead);
                        out.push('[');
                    }
                }
                if escaped.trim().is_empty() {
                    out.push_str(&escaped);
                    continue;
                }
                let want = |m: &str| (m == "**" && *bold) || (m == "*" && *italic);
                let reopen = close_marks(&mut out, &mut open, want);
                let mut to_open: Vec<&'static str> = reopen.into_iter().rev().collect();
                if *bold && !open.contains(&"**") && !to_open.contains(&"**") {
                    to_open.push("**");
                }
                if *italic && !open.contains(&"*") && !to_open.contains(&"*") {
                    to_open.push("*");
                }
                let lead = escaped.len() - escaped.trim_start().len();
                out.push_str(&escaped[..lead]);
                for m in to_open {
                    out.push_str(m);
                    open.push(m);
                }
                out.push_str(&escaped[lead..]);
            }
        }
    }
    close_marks(&mut out, &mut open, |_| false);
    if let Some(l) = link {
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        out.push_str(&format!("]({})", url(l)));
    }
    out.trim().to_string()
}

/// A paragraph's Markdown as a block (a line that would start a heading or a quote is escaped).
fn paragraph_md(p: &Para) -> String {
    let text = inline(&p.segs, false);
    if text.starts_with('#') || text.starts_with('>') {
        format!("\\{text}")
    } else {
        text
    }
}

/// A hand-typed portal prefix at the start of a lead: "(Haiphong.gov.vn) -", "(HPĐT) –".
fn split_prefix(lead: &str) -> Option<(String, String)> {
    let rest = lead.strip_prefix('(')?;
    let close = rest.find(')')?;
    let inside = &rest[..close];
    if inside.chars().count() < 2 || inside.chars().count() > 60 || inside.contains('(') {
        return None;
    }
    let after = rest[close + 1..].trim_start();
    let after = after.strip_prefix(['-', '–', '—'])?;
    let after = after.trim_start_matches(['-', '–', '—']).trim_start();
    let prefix = lead[..lead.len() - after.len()].trim().to_string();
    Some((prefix, after.to_string()))
}

fn is_caption(p: &Para) -> bool {
    if !p.pictures.is_empty() || p.list.is_some() || p.style.heading().is_some() {
        return false;
    }
    let text = p.plain();
    if text.is_empty() {
        return false;
    }
    p.style.is("caption") || (text.chars().count() <= SHORT_LINE && (p.all(|_, i| i) || p.center))
}

/// A table that fits Markdown: no merged cell, each cell one paragraph of text, rows alike.
fn simple(rows: &[Vec<Vec<Item>>], merged: bool) -> bool {
    if merged || rows.is_empty() {
        return false;
    }
    let width = rows[0].len();
    width > 0
        && rows.iter().all(|r| {
            r.len() == width
                && r.iter().all(|cell| {
                    cell.len() <= 1
                        && cell.iter().all(|i| {
                            matches!(i, Item::Para(p) if p.pictures.is_empty() && p.list.is_none())
                        })
                })
        })
}

struct Shaper {
    blocks: Vec<Block>,
    paragraphs: usize,
    tables_as_text: usize,
    /// (numId, level) → the item number reached.
    counters: HashMap<(String, u32), u32>,
    /// The list being written: its lines.
    list: Vec<String>,
    /// Indent of each open list level (the width of its parents' markers).
    indents: Vec<(u32, usize)>,
}

impl Shaper {
    fn flush_list(&mut self) {
        if !self.list.is_empty() {
            self.blocks.push(Block::Text(self.list.join("\n")));
            self.list.clear();
        }
        self.indents.clear();
    }

    fn list_item(&mut self, p: &Para, num: &str, level: u32, ordered: bool) {
        let n = {
            let c = self.counters.entry((num.to_string(), level)).or_insert(0);
            *c += 1;
            *c
        };
        // A shallower item restarts the deeper levels' numbers.
        self.counters.retain(|(id, l), _| id != num || *l <= level);
        while self.indents.last().is_some_and(|(l, _)| *l > level) {
            self.indents.pop();
        }
        let indent = match self.indents.last() {
            Some((l, i)) if *l == level => *i,
            Some((_, i)) => {
                // A deeper level: indented past the parent's marker.
                let parent_width = self.list.last().map_or(2, |line| {
                    let t = line.trim_start();
                    t.find(' ').map_or(2, |w| w + 1)
                });
                i + parent_width
            }
            None => 0,
        };
        if self.indents.last().is_none_or(|(l, _)| *l != level) {
            self.indents.push((level, indent));
        }
        let marker = if ordered { format!("{n}.") } else { "-".into() };
        let text = inline(&p.segs, false);
        self.list
            .push(format!("{}{marker} {text}", " ".repeat(indent)));
    }

    fn para(&mut self, p: &Para, ordered: impl Fn(&str, u32) -> bool) {
        let has_text = !p.plain().is_empty();
        if has_text {
            self.paragraphs += 1;
        }
        match (&p.list, p.style.heading()) {
            (Some((num, level)), None) if has_text => {
                self.list_item(p, num, *level, ordered(num, *level));
            }
            (_, Some(level)) if has_text => {
                self.flush_list();
                let text = inline(&p.segs, false).replace("**", "");
                // The page's h1 is the title: Word's Heading 1 and 2 are the body's h2.
                let hashes = "#".repeat(usize::from(level).clamp(2, 6));
                self.blocks.push(Block::Text(format!("{hashes} {text}")));
            }
            _ if has_text => {
                self.flush_list();
                self.blocks.push(Block::Text(paragraph_md(p)));
            }
            _ => {
                if !p.pictures.is_empty() {
                    self.flush_list();
                }
            }
        }
        for i in &p.pictures {
            self.blocks.push(Block::Picture(*i));
        }
    }

    fn table(
        &mut self,
        rows: &[Vec<Vec<Item>>],
        merged: bool,
        ordered: &dyn Fn(&str, u32) -> bool,
    ) {
        self.flush_list();
        if simple(rows, merged) {
            let cell_md = |cell: &Vec<Item>| match cell.first() {
                Some(Item::Para(p)) => inline(&p.segs, true),
                _ => String::new(),
            };
            let mut lines = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                let cells: Vec<String> = row.iter().map(cell_md).collect();
                self.paragraphs += cells.iter().filter(|c| !c.is_empty()).count();
                lines.push(format!("| {} |", cells.join(" | ")));
                if i == 0 {
                    lines.push(format!("|{}", " --- |".repeat(row.len())));
                }
            }
            self.blocks.push(Block::Text(lines.join("\n")));
            return;
        }
        self.tables_as_text += 1;
        for row in rows {
            for cell in row {
                for item in cell {
                    self.item(item, ordered);
                }
            }
        }
        self.flush_list();
    }

    fn item(&mut self, item: &Item, ordered: &dyn Fn(&str, u32) -> bool) {
        match item {
            Item::Para(p) => self.para(p, ordered),
            Item::Table { rows, merged } => self.table(rows, *merged, ordered),
        }
    }
}

/// What the walker found, for shaping.
pub(crate) struct Read {
    pub(crate) items: Vec<Item>,
    pub(crate) pictures: Vec<Picture>,
    pub(crate) notes: Vec<Note>,
}

/// Shapes `read` into a document (title, lead, captions, body).
pub(crate) fn shape(read: Read, ordered: &dyn Fn(&str, u32) -> bool) -> Document {
    let Read {
        mut items,
        mut pictures,
        mut notes,
    } = read;
    let mut doc = Document::default();

    // Captions: the line right under a paragraph with pictures.
    let mut i = 0;
    while i + 1 < items.len() {
        let caption = match (&items[i], &items[i + 1]) {
            (Item::Para(pic), Item::Para(next)) if !pic.pictures.is_empty() && is_caption(next) => {
                Some((pic.pictures.clone(), next.plain()))
            }
            _ => None,
        };
        if let Some((pics, text)) = caption {
            if let Some(last) = pics.last().and_then(|p| pictures.get_mut(*p)) {
                last.caption = newsroom_text::nfc(&text);
                doc.captions += 1;
            }
            items.remove(i + 1);
        }
        i += 1;
    }

    let text_para = |item: &Item| matches!(item, Item::Para(p) if !p.plain().is_empty());
    // Title: a Title-style paragraph, else a first paragraph in Heading 1 or all bold and short.
    let title_at = items
        .iter()
        .position(|it| matches!(it, Item::Para(p) if p.style.is("title") && !p.plain().is_empty()))
        .or_else(|| {
            let first = items.iter().position(text_para)?;
            match &items[first] {
                Item::Para(p)
                    if p.list.is_none()
                        && (p.style.heading() == Some(1)
                            || (p.all(|b, _| b) && p.plain().chars().count() <= SHORT_LINE)) =>
                {
                    Some(first)
                }
                _ => None,
            }
        });
    let mut first_body = 0;
    if let Some(t) = title_at
        && let Item::Para(p) = items.remove(t)
    {
        doc.title = newsroom_text::nfc(&p.plain());
        doc.paragraphs += 1;
        first_body = t;
        for pic in &p.pictures {
            // A picture in the title's paragraph stays in the body.
            items.insert(
                first_body,
                Item::Para(Para {
                    pictures: vec![*pic],
                    ..Para::default()
                }),
            );
            first_body += 1;
        }
    } else {
        notes.push(Note::new(
            NoteKind::NoTitle,
            said!(
                "Không thấy tiêu đề (kiểu Title/Heading 1 hay dòng đầu in đậm); hãy đặt tiêu đề",
                "No title found (Title/Heading 1 style or a bold first line); give the article a title"
            ),
        ));
    }
    // Lead: the first paragraph of plain text after the title.
    let lead_at = items
        .iter()
        .enumerate()
        .skip(first_body)
        .find_map(|(i, it)| match it {
            Item::Para(p)
                if p.list.is_none() && p.style.heading().is_none() && !p.plain().is_empty() =>
            {
                Some(i)
            }
            _ => None,
        });
    if let Some(l) = lead_at
        && let Item::Para(p) = &items[l]
    {
        let plain = newsroom_text::nfc(&p.plain());
        let pics = p.pictures.clone();
        doc.paragraphs += 1;
        match split_prefix(&plain) {
            Some((prefix, rest)) => {
                notes.push(Note::new(
                    NoteKind::LeadPrefix,
                    said!(
                        "Đầu đoạn mở đầu có “{prefix}” gõ tay; đã bỏ, vì hồ sơ cổng tự thêm",
                        "The lead began with a hand-typed “{prefix}”; it was taken off, since the portal profile adds its own"
                    ),
                ));
                doc.lead_prefix = Some(prefix);
                doc.lead = rest;
            }
            None => doc.lead = plain,
        }
        items.remove(l);
        for (k, pic) in pics.into_iter().enumerate() {
            items.insert(
                l + k,
                Item::Para(Para {
                    pictures: vec![pic],
                    ..Para::default()
                }),
            );
        }
    }

    let mut s = Shaper {
        blocks: Vec::new(),
        paragraphs: 0,
        tables_as_text: 0,
        counters: HashMap::new(),
        list: Vec::new(),
        indents: Vec::new(),
    };
    for item in &items {
        s.item(item, ordered);
    }
    s.flush_list();
    notes.extend(Note::counted(s.tables_as_text, Note::tables_as_text));
    doc.paragraphs += s.paragraphs;
    doc.blocks = s
        .blocks
        .into_iter()
        .map(|b| match b {
            Block::Text(t) => Block::Text(newsroom_text::nfc(&t)),
            b => b,
        })
        .collect();
    doc.pictures = pictures;
    doc.notes = notes;
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str, bold: bool, italic: bool) -> Seg {
        Seg::Text {
            text: text.into(),
            bold,
            italic,
            link: None,
        }
    }

    #[test]
    fn marks_hug_words_and_nest() {
        let segs = vec![
            t("Chiều 2/12, ", false, false),
            t("Đoàn ", true, false),
            t("kiểm tra", true, true),
            t(" làm việc ", false, false),
            t("tại", false, true),
            t(" 5*3.", false, false),
        ];
        assert_eq!(
            inline(&segs, false),
            "Chiều 2/12, **Đoàn *kiểm tra*** làm việc *tại* 5\\*3."
        );
    }

    #[test]
    fn links_and_breaks() {
        let segs = vec![
            t("Xem ", false, false),
            Seg::Text {
                text: "cổng thông tin".into(),
                bold: true,
                italic: false,
                link: Some("https://haiphong.gov.vn/a b".into()),
            },
            t(".", false, false),
            Seg::Break,
            t("Dòng hai", false, false),
        ];
        assert_eq!(
            inline(&segs, false),
            "Xem [**cổng thông tin**](https://haiphong.gov.vn/a%20b).  \nDòng hai"
        );
    }

    #[test]
    fn lead_prefixes_typed_by_hand() {
        assert_eq!(
            split_prefix("(Haiphong.gov.vn) - Chiều 2/12, đoàn..."),
            Some(("(Haiphong.gov.vn) -".into(), "Chiều 2/12, đoàn...".into()))
        );
        assert_eq!(
            split_prefix("(HPĐT)– Sáng nay"),
            Some(("(HPĐT)–".into(), "Sáng nay".into()))
        );
        assert_eq!(split_prefix("(Theo báo cáo) năm 2025"), None);
        assert_eq!(split_prefix("Chiều 2/12 (giờ Hà Nội) - đoàn"), None);
    }
}

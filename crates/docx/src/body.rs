//! The document's body walked into paragraphs and tables: runs with their bold, italic, link and
//! font (text in an old Vietnamese font converted run by run), pictures where they stand, text boxes
//! after the paragraph that holds them. Tracked insertions are kept and deletions dropped (the
//! changes taken as accepted); comments, footnotes and objects are counted for the notes.

use std::collections::HashMap;

use newsroom_base::{Result, said};
use newsroom_text::legacy::{self, Legacy};
use roxmltree::Node;

use crate::model::{Note, NoteKind, Picture};
use crate::package::{MAX_DEPTH, Package, Rel, attr, bad};
use crate::styles::{ParaStyle, Props, Styles, child, numbering_of};

/// A piece of a paragraph's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    /// Text (Unicode, not yet escaped for Markdown) with its look and link.
    Text {
        text: String,
        bold: bool,
        italic: bool,
        link: Option<String>,
    },
    /// A line break inside the paragraph.
    Break,
}

/// A paragraph as read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Para {
    pub(crate) segs: Vec<Seg>,
    pub(crate) style: ParaStyle,
    /// Centred (its own alignment, else its style's).
    pub(crate) center: bool,
    /// Its list and level, if a list item.
    pub(crate) list: Option<(String, u32)>,
    /// Pictures in it, by index into the walker's pictures.
    pub(crate) pictures: Vec<usize>,
}

impl Para {
    /// Its text without marks, spaces collapsed.
    pub(crate) fn plain(&self) -> String {
        let mut s = String::new();
        for seg in &self.segs {
            match seg {
                Seg::Text { text, .. } => s.push_str(text),
                Seg::Break => s.push(' '),
            }
        }
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Whether every letter of it is in `pred`'s look (bold, italic); false when it has no text.
    pub(crate) fn all(&self, pred: impl Fn(bool, bool) -> bool) -> bool {
        let mut any = false;
        for seg in &self.segs {
            if let Seg::Text {
                text, bold, italic, ..
            } = seg
                && !text.trim().is_empty()
            {
                any = true;
                if !pred(*bold, *italic) {
                    return false;
                }
            }
        }
        any
    }
}

/// A table cell: what it holds.
pub(crate) type Cell = Vec<Item>;

/// A block of the body.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    Para(Para),
    /// Rows of cells; `merged` when a cell spans columns or rows.
    Table {
        rows: Vec<Vec<Cell>>,
        merged: bool,
    },
}

/// Reads a document's body.
pub(crate) struct Walker<'p, 'b> {
    pub(crate) pkg: &'p mut Package<'b>,
    pub(crate) styles: &'p Styles,
    pub(crate) rels: &'p HashMap<String, Rel>,
    pub(crate) pictures: Vec<Picture>,
    pub(crate) notes: Vec<Note>,
    pub(crate) tracked: usize,
    pub(crate) comments: usize,
    pub(crate) footnotes: usize,
    pub(crate) objects: usize,
    pub(crate) converted: Option<Legacy>,
    depth: usize,
}

fn elements<'a, 'i>(n: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children().filter(Node::is_element)
}

/// The first `mc:Choice` of an `mc:AlternateContent` (the fallback repeats it in an older form).
fn choice<'a, 'i>(n: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    elements(n).find(|c| c.tag_name().name() == "Choice")
}

impl<'p, 'b> Walker<'p, 'b> {
    pub(crate) fn new(
        pkg: &'p mut Package<'b>,
        styles: &'p Styles,
        rels: &'p HashMap<String, Rel>,
    ) -> Self {
        Walker {
            pkg,
            styles,
            rels,
            pictures: Vec::new(),
            notes: Vec::new(),
            tracked: 0,
            comments: 0,
            footnotes: 0,
            objects: 0,
            converted: None,
            depth: 0,
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(bad(
                self.pkg.name,
                said!(
                    "tài liệu lồng nhau quá {MAX_DEPTH} tầng",
                    "the document nests deeper than {MAX_DEPTH} levels"
                ),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// The blocks inside `parent` (the body, a cell, a text box, a content control).
    pub(crate) fn blocks(&mut self, parent: Node<'_, '_>, out: &mut Vec<Item>) -> Result<()> {
        self.enter()?;
        for c in elements(parent) {
            match c.tag_name().name() {
                "p" => self.paragraph(c, out)?,
                "tbl" => self.table(c, out)?,
                "sdt" => {
                    if let Some(content) = child(c, "sdtContent") {
                        self.blocks(content, out)?;
                    }
                }
                "customXml" | "smartTag" => self.blocks(c, out)?,
                "ins" | "moveTo" => {
                    self.tracked += 1;
                    self.blocks(c, out)?;
                }
                "del" | "moveFrom" => self.tracked += 1,
                "AlternateContent" => {
                    if let Some(ch) = choice(c) {
                        self.blocks(ch, out)?;
                    }
                }
                "oMathPara" | "oMath" | "altChunk" => self.objects += 1,
                _ => {}
            }
        }
        self.leave();
        Ok(())
    }

    fn paragraph(&mut self, p: Node<'_, '_>, out: &mut Vec<Item>) -> Result<()> {
        let ppr = child(p, "pPr");
        let style_id = ppr
            .and_then(|x| child(x, "pStyle"))
            .and_then(|s| attr(s, "val"));
        let style = self.styles.paragraph(style_id);
        let own_center = ppr
            .and_then(|x| child(x, "jc"))
            .and_then(|j| attr(j, "val"))
            .map(|v| v == "center");
        let list = ppr
            .and_then(numbering_of)
            .or_else(|| style.numbering.clone())
            .filter(|(num, _)| self.styles.is_list(num));
        if ppr.is_some_and(|x| child(x, "pPrChange").is_some()) {
            self.tracked += 1;
        }
        let mut para = Para {
            center: own_center.unwrap_or(style.center),
            list,
            style,
            ..Para::default()
        };
        let mut extra = Vec::new();
        let base = para.style.run.clone();
        self.inlines(p, &mut para, &mut extra, &base, None)?;
        out.push(Item::Para(para));
        out.extend(extra);
        Ok(())
    }

    fn inlines(
        &mut self,
        node: Node<'_, '_>,
        para: &mut Para,
        extra: &mut Vec<Item>,
        base: &Props,
        link: Option<&str>,
    ) -> Result<()> {
        self.enter()?;
        for c in elements(node) {
            match c.tag_name().name() {
                "r" => self.run(c, para, extra, base, link)?,
                "hyperlink" => {
                    let target = attr(c, "id")
                        .and_then(|id| self.rels.get(id))
                        .filter(|r| r.external)
                        .map(|r| r.target.trim().to_string())
                        .filter(|t| {
                            let t = t.to_ascii_lowercase();
                            t.starts_with("http://")
                                || t.starts_with("https://")
                                || t.starts_with("mailto:")
                        });
                    self.inlines(c, para, extra, base, target.as_deref().or(link))?;
                }
                "ins" | "moveTo" => {
                    self.tracked += 1;
                    self.inlines(c, para, extra, base, link)?;
                }
                "del" | "moveFrom" => self.tracked += 1,
                "smartTag" | "customXml" | "fldSimple" | "bdo" | "dir" => {
                    self.inlines(c, para, extra, base, link)?;
                }
                "sdt" => {
                    if let Some(content) = child(c, "sdtContent") {
                        self.inlines(content, para, extra, base, link)?;
                    }
                }
                "AlternateContent" => {
                    if let Some(ch) = choice(c) {
                        self.inlines(ch, para, extra, base, link)?;
                    }
                }
                "oMath" | "oMathPara" => self.objects += 1,
                _ => {}
            }
        }
        self.leave();
        Ok(())
    }

    fn run(
        &mut self,
        r: Node<'_, '_>,
        para: &mut Para,
        extra: &mut Vec<Item>,
        base: &Props,
        link: Option<&str>,
    ) -> Result<()> {
        let rpr = child(r, "rPr");
        if rpr.is_some_and(|x| child(x, "rPrChange").is_some()) {
            self.tracked += 1;
        }
        let char_style = rpr
            .and_then(|x| child(x, "rStyle"))
            .and_then(|s| attr(s, "val"));
        let props = Props::of(rpr)
            .over(&self.styles.character(char_style))
            .over(base);
        self.run_content(r, &props, para, extra, link)
    }

    fn run_content(
        &mut self,
        node: Node<'_, '_>,
        props: &Props,
        para: &mut Para,
        extra: &mut Vec<Item>,
        link: Option<&str>,
    ) -> Result<()> {
        self.enter()?;
        let legacy = props.font.as_deref().and_then(Legacy::of_font);
        for c in elements(node) {
            match c.tag_name().name() {
                "t" => {
                    let raw = c.text().unwrap_or_default();
                    let text = match legacy {
                        Some(l) => {
                            self.converted.get_or_insert(l);
                            legacy::convert(raw, l)
                        }
                        None => raw.to_string(),
                    };
                    push_text(para, text, props, link);
                }
                "tab" | "ptab" => push_text(para, " ".into(), props, link),
                "br" | "cr" if !matches!(attr(c, "type"), Some("page" | "column")) => {
                    para.segs.push(Seg::Break);
                }
                "noBreakHyphen" => push_text(para, "-".into(), props, link),
                // Word keeps a soft hyphen (0xAD) as an element of its own; in TCVN3 that byte is
                // the letter ư, so in an old font it is text.
                "softHyphen" => {
                    if let Some(l) = legacy {
                        push_text(para, legacy::convert("\u{ad}", l), props, link);
                    }
                }
                "drawing" => self.drawing(c, para, extra)?,
                "pict" => self.vml(c, para, extra)?,
                "object" | "embedded" => self.objects += 1,
                "footnoteReference" | "endnoteReference" => self.footnotes += 1,
                "commentReference" => self.comments += 1,
                "AlternateContent" => {
                    if let Some(ch) = choice(c) {
                        self.run_content(ch, props, para, extra, link)?;
                    }
                }
                _ => {}
            }
        }
        self.leave();
        Ok(())
    }

    /// A DrawingML object: a text box's paragraphs (after this one), else its pictures, else an
    /// object left out (a chart, a diagram, a shape).
    fn drawing(&mut self, d: Node<'_, '_>, para: &mut Para, extra: &mut Vec<Item>) -> Result<()> {
        if let Some(txbx) = d
            .descendants()
            .find(|n| n.tag_name().name() == "txbxContent")
        {
            return self.blocks(txbx, extra);
        }
        let doc_pr = d.descendants().find(|n| n.tag_name().name() == "docPr");
        let alt = doc_pr
            .and_then(|p| {
                attr(p, "descr")
                    .filter(|s| !s.trim().is_empty())
                    .or_else(|| attr(p, "title"))
            })
            .unwrap_or_default()
            .to_string();
        let mut found = false;
        for blip in d.descendants().filter(|n| n.tag_name().name() == "blip") {
            found = true;
            let embed = attr(blip, "embed").filter(|s| !s.is_empty());
            let link = attr(blip, "link").filter(|s| !s.is_empty());
            self.picture(embed.or(link), &alt, para)?;
        }
        if !found {
            self.objects += 1;
        }
        Ok(())
    }

    /// A VML picture (older Word): `v:imagedata`, or a text box.
    fn vml(&mut self, pict: Node<'_, '_>, para: &mut Para, extra: &mut Vec<Item>) -> Result<()> {
        if let Some(txbx) = pict
            .descendants()
            .find(|n| n.tag_name().name() == "txbxContent")
        {
            return self.blocks(txbx, extra);
        }
        let mut found = false;
        for img in pict
            .descendants()
            .filter(|n| n.tag_name().name() == "imagedata")
        {
            found = true;
            let alt = attr(img, "title").unwrap_or_default().to_string();
            self.picture(attr(img, "id"), &alt, para)?;
        }
        if !found {
            self.objects += 1;
        }
        Ok(())
    }

    /// The picture of relationship `id`: read when embedded, named in a note when linked or missing.
    fn picture(&mut self, id: Option<&str>, alt: &str, para: &mut Para) -> Result<()> {
        let Some(rel) = id.and_then(|id| self.rels.get(id)).cloned() else {
            self.notes.push(Note::new(
                NoteKind::MissingPicture,
                said!(
                    "Một ảnh không có trong tệp (tham chiếu hỏng); đã bỏ",
                    "A picture is not in the file (a broken reference); left out"
                ),
            ));
            return Ok(());
        };
        let name = rel
            .target
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default()
            .to_string();
        if rel.external {
            let target: String = rel.target.chars().take(200).collect();
            self.notes.push(Note::new(
                NoteKind::LinkedPicture,
                said!(
                    "Ảnh liên kết tới “{target}” (không nhúng trong tệp) không được tải về; hãy thêm ảnh đó bằng tay",
                    "The picture linked to “{target}” (not embedded in the file) was not fetched; add that photo by hand"
                ),
            ));
            return Ok(());
        }
        // The bytes are unpacked later, by whoever processes the picture (several at once).
        match self.pkg.has(&rel.target)? {
            true => {
                para.pictures.push(self.pictures.len());
                self.pictures.push(Picture {
                    name,
                    part: rel.target.clone(),
                    caption: String::new(),
                    alt: newsroom_text::nfc(alt.trim()),
                });
            }
            false => self.notes.push(Note::new(
                NoteKind::MissingPicture,
                said!(
                    "Ảnh “{name}” không có trong tệp; đã bỏ",
                    "The picture “{name}” is not in the file; left out"
                ),
            )),
        }
        Ok(())
    }

    fn table(&mut self, t: Node<'_, '_>, out: &mut Vec<Item>) -> Result<()> {
        self.enter()?;
        let mut rows = Vec::new();
        let mut merged = false;
        for tr in elements(t).filter(|n| n.tag_name().name() == "tr") {
            let mut row = Vec::new();
            for tc in elements(tr).filter(|n| n.tag_name().name() == "tc") {
                if let Some(pr) = child(tc, "tcPr")
                    && (child(pr, "vMerge").is_some()
                        || child(pr, "gridSpan")
                            .and_then(|g| attr(g, "val"))
                            .is_some_and(|v| v != "1"))
                {
                    merged = true;
                }
                let mut cell = Vec::new();
                self.blocks(tc, &mut cell)?;
                row.push(cell);
            }
            rows.push(row);
        }
        out.push(Item::Table { rows, merged });
        self.leave();
        Ok(())
    }
}

fn push_text(para: &mut Para, text: String, props: &Props, link: Option<&str>) {
    let bold = props.bold.unwrap_or(false);
    let italic = props.italic.unwrap_or(false);
    let link = link.map(str::to_string);
    if let Some(Seg::Text {
        text: last,
        bold: b,
        italic: i,
        link: l,
    }) = para.segs.last_mut()
        && *b == bold
        && *i == italic
        && *l == link
    {
        last.push_str(&text);
        return;
    }
    para.segs.push(Seg::Text {
        text,
        bold,
        italic,
        link,
    });
}

//! Pasted HTML (from Word, a web page, an old document) → the Markdown the editor stores: paragraphs,
//! headings, bold, italic, lists, quotes and links kept; styles, fonts, colours, images and scripts
//! dropped. Text set in an old Vietnamese font (`.VnTime`, `VNI-Times`: named in a `style`, a `face`
//! or a class of the page's `<style>`) is converted to Unicode, and the result says so.
//!
//! Hand-written over scraper's tree rather than a generic HTML-to-Markdown crate because the font
//! of every text run decides how its characters are read.

use std::collections::HashMap;

use scraper::{ElementRef, Html, Node};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::legacy::{self, Legacy};

/// What a paste becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Pasted {
    /// The Markdown to insert (NFC).
    pub markdown: String,
    /// The old encoding converted from, if any.
    #[ts(optional = nullable)]
    pub converted: Option<Legacy>,
}

/// Largest paste converted, in bytes; a bigger one is refused by the caller with a message.
pub const MAX_PASTE_BYTES: usize = 8 * 1024 * 1024;

/// Class name → font family, from the page's `<style>` rules (`.x { font-family: … }`,
/// `p.MsoNormal { … }`).
fn class_fonts(doc: &Html) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let sel =
        scraper::Selector::parse("style").unwrap_or_else(|_| unreachable!("constant selector"));
    for style in doc.select(&sel) {
        let css: String = style.text().collect();
        for rule in css.split('}') {
            let Some((selectors, body)) = rule.split_once('{') else {
                continue;
            };
            let Some(font) = font_in(body) else { continue };
            for s in selectors.split(',') {
                if let Some((_, class)) = s.trim().rsplit_once('.') {
                    out.insert(class.trim().to_string(), font.clone());
                }
            }
        }
    }
    out
}

/// The first family named by a `font-family` declaration in `css`.
fn font_in(css: &str) -> Option<String> {
    css.split(';').find_map(|decl| {
        let (k, v) = decl.split_once(':')?;
        (k.trim().eq_ignore_ascii_case("font-family")).then(|| {
            v.split(',')
                .next()
                .unwrap_or_default()
                .trim()
                .trim_matches(['"', '\''])
                .to_string()
        })
    })
}

struct Writer<'a> {
    out: String,
    classes: &'a HashMap<String, String>,
    converted: Option<Legacy>,
    lists: Vec<(bool, u32)>,
}

const SKIP: &[&str] = &[
    "head", "style", "script", "title", "meta", "link", "img", "svg", "math", "iframe", "object",
    "noscript", "template", "button", "input", "select", "textarea",
];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "blockquote",
    "pre",
    "table",
    "tr",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
];

impl Writer<'_> {
    fn font_of(&self, el: &ElementRef<'_>, inherited: Option<&str>) -> Option<String> {
        let v = el.value();
        if let Some(f) = v.attr("style").and_then(font_in) {
            return Some(f);
        }
        if let Some(f) = v.attr("face") {
            return Some(f.split(',').next().unwrap_or_default().trim().to_string());
        }
        if let Some(f) = v.classes().find_map(|c| self.classes.get(c)) {
            return Some(f.clone());
        }
        inherited.map(str::to_string)
    }

    fn blank_line(&mut self) {
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(trimmed);
        if self.out.is_empty() || self.out.ends_with("\n\n") {
            return;
        }
        self.out.push_str(if self.out.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        });
    }

    fn text(&mut self, raw: &str, font: Option<&str>) {
        let mut t: String = raw.replace('\u{a0}', " ");
        if let Some(l) = font.and_then(Legacy::of_font) {
            t = legacy::convert(&t, l);
            self.converted.get_or_insert(l);
        }
        // HTML white space: runs become one space; none at the start of a line.
        let mut space = self.out.is_empty() || self.out.ends_with([' ', '\n']);
        let collapsed = super::collapse_spaces(&t, &mut space);
        self.out
            .push_str(&super::markdown::escape_markdown(&collapsed));
    }

    fn children(&mut self, el: ElementRef<'_>, font: Option<&str>) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.text(t, font),
                Node::Element(_) => {
                    if let Some(e) = ElementRef::wrap(child) {
                        self.element(e, font);
                    }
                }
                _ => {}
            }
        }
    }

    fn inline(&mut self, el: ElementRef<'_>, font: Option<&str>, mark: &str) {
        let before = self.out.len();
        self.out.push_str(mark);
        let start = self.out.len();
        self.children(el, font);
        let inner = self.out[start..].to_string();
        if inner.trim().is_empty() {
            self.out.truncate(before);
            self.out.push_str(&inner);
            return;
        }
        // Markdown wants the marks against the words: move outer spaces outside.
        let lead = inner.len() - inner.trim_start().len();
        let trail = inner.len() - inner.trim_end().len();
        self.out.truncate(before);
        self.out.push_str(&inner[..lead]);
        self.out.push_str(mark);
        self.out.push_str(inner.trim());
        self.out.push_str(mark);
        self.out.push_str(&inner[inner.len() - trail..]);
    }

    fn element(&mut self, el: ElementRef<'_>, inherited: Option<&str>) {
        let name = el.value().name().to_ascii_lowercase();
        let name = name.rsplit(':').next().unwrap_or_default().to_string();
        if SKIP.contains(&name.as_str()) {
            return;
        }
        let font = self.font_of(&el, inherited);
        let font = font.as_deref();
        // Word writes bold and italic as styles on spans as well.
        let style = el
            .value()
            .attr("style")
            .unwrap_or_default()
            .to_ascii_lowercase()
            .replace(' ', "");
        let styled_bold = name == "span"
            && (style.contains("font-weight:bold") || style.contains("font-weight:700"));
        let styled_italic = name == "span" && style.contains("font-style:italic");
        match name.as_str() {
            "br" => {
                let trimmed = self.out.trim_end_matches(' ').len();
                self.out.truncate(trimmed);
                self.out.push_str("  \n");
            }
            "b" | "strong" => self.inline(el, font, "**"),
            "i" | "em" => self.inline(el, font, "*"),
            _ if styled_bold => self.inline(el, font, "**"),
            _ if styled_italic => self.inline(el, font, "*"),
            "a" => {
                let href = el
                    .value()
                    .attr("href")
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                let web = ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|p| href.to_ascii_lowercase().starts_with(p));
                if web {
                    self.out.push('[');
                    self.children(el, font);
                    self.out.push_str(&format!(
                        "]({})",
                        href.replace(' ', "%20").replace(')', "%29")
                    ));
                } else {
                    self.children(el, font);
                }
            }
            h if h.len() == 2 && h.starts_with('h') && h.as_bytes()[1].is_ascii_digit() => {
                self.blank_line();
                let level = usize::from(h.as_bytes()[1] - b'0').clamp(1, 6);
                self.out.push_str(&"#".repeat(level));
                self.out.push(' ');
                self.children(el, font);
                self.blank_line();
            }
            "ul" | "ol" => {
                self.blank_line();
                self.lists.push((name == "ol", 0));
                self.children(el, font);
                self.lists.pop();
                self.blank_line();
            }
            "li" => {
                if !self.out.is_empty() && !self.out.ends_with('\n') {
                    self.out.push('\n');
                }
                let depth = self.lists.len().saturating_sub(1);
                self.out.push_str(&"   ".repeat(depth));
                match self.lists.last_mut() {
                    Some((true, n)) => {
                        *n += 1;
                        self.out.push_str(&format!("{n}. "));
                    }
                    _ => self.out.push_str("- "),
                }
                self.children(el, font);
                if !self.out.ends_with('\n') {
                    self.out.push('\n');
                }
            }
            "blockquote" => {
                self.blank_line();
                let start = self.out.len();
                self.children(el, font);
                let inner = self.out[start..].trim().to_string();
                self.out.truncate(start);
                for line in inner.lines() {
                    self.out.push_str(if line.is_empty() { ">" } else { "> " });
                    self.out.push_str(line);
                    self.out.push('\n');
                }
                self.blank_line();
            }
            b if BLOCKS.contains(&b) => {
                self.blank_line();
                self.children(el, font);
                self.blank_line();
            }
            _ => self.children(el, font),
        }
    }
}

/// Markdown for pasted `html`.
pub fn html_to_markdown(html: &str) -> Pasted {
    let doc = Html::parse_document(html);
    let classes = class_fonts(&doc);
    let mut w = Writer {
        out: String::new(),
        classes: &classes,
        converted: None,
        lists: Vec::new(),
    };
    let root = doc.root_element();
    w.element(root, None);
    let mut markdown: String = w.out.nfc().collect();
    // No font named, yet the text reads as an old encoding: convert it all (the Markdown marks are
    // ASCII and pass unchanged).
    let mut converted = w.converted;
    if converted.is_none()
        && let Some(l) = legacy::detect(&markdown, None)
    {
        markdown = legacy::convert(&markdown, l);
        converted = Some(l);
    }
    while markdown.contains("\n\n\n") {
        markdown = markdown.replace("\n\n\n", "\n\n");
    }
    Pasted {
        markdown: markdown.trim().to_string(),
        converted,
    }
}

/// A plain-text paste: NFC, and converted if it is in an old encoding.
pub fn plain(text: &str) -> Pasted {
    let (markdown, converted) = legacy::to_unicode(text, None);
    Pasted {
        markdown: super::nfc(&markdown),
        converted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_html_keeps_structure_and_drops_styles() {
        let html = r#"<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>
            p.MsoNormal { margin:0cm; font-size:12.0pt; font-family:"Times New Roman",serif; }
        </style></head><body lang=VI>
        <p class=MsoNormal><b><span style='font-size:14.0pt;color:#C00000'>Tăng cường quản lý</span></b><o:p></o:p></p>
        <p class=MsoNormal style='text-align:justify'>Chiều 2/12, <i>Đoàn Kiểm tra</i> làm việc tại <a href="https://haiphong.gov.vn/">Sở</a>.</p>
        <ul><li>Một</li><li>Hai <b>đậm</b></li></ul>
        <p><img src="file:///C:/anh.jpg"><span style="font-weight:bold">Chú ý</span>: 5*3_2</p>
        </body></html>"#;
        let p = html_to_markdown(html);
        assert_eq!(p.converted, None);
        assert_eq!(
            p.markdown,
            "**Tăng cường quản lý**\n\nChiều 2/12, *Đoàn Kiểm tra* làm việc tại [Sở](https://haiphong.gov.vn/).\n\n- Một\n- Hai **đậm**\n\n**Chú ý**: 5\\*3\\_2"
        );
    }

    #[test]
    fn a_web_page_with_headings_quotes_and_scripts() {
        let html = "<h2>Tin tức</h2><script>alert(1)</script><blockquote><p>Lời dẫn</p></blockquote><ol><li>a</li><li>b</li></ol><p>Dòng một<br>Dòng hai</p>";
        assert_eq!(
            html_to_markdown(html).markdown,
            "## Tin tức\n\n> Lời dẫn\n\n1. a\n2. b\n\nDòng một  \nDòng hai"
        );
    }

    #[test]
    fn old_fonts_are_converted_run_by_run() {
        let html = "<p><span style=\"font-family:.VnTime\">S\u{EB} T\u{B5}i nguy\u{AA}n v\u{B5} M\u{AB}i tr\u{AD}\u{EA}ng</span> (Unicode).</p>\
                    <p><font face=\".VnTimeH\">h\u{B6}i ph\u{DF}ng</font></p><p class=vni>Xin chaøo</p>\
                    <style>.vni{font-family:'VNI-Times'}</style>";
        let p = html_to_markdown(html);
        assert_eq!(
            p.markdown,
            "Sở Tài nguyên và Môi trường (Unicode).\n\nHẢI PHÒNG\n\nXin chào"
        );
        assert_eq!(p.converted, Some(Legacy::Tcvn3));
    }

    #[test]
    fn unnamed_old_text_is_detected() {
        let p = plain("S\u{EB} T\u{B5}i nguy\u{AA}n v\u{B5} M\u{AB}i tr\u{AD}\u{EA}ng");
        assert_eq!(p.markdown, "Sở Tài nguyên và Môi trường");
        assert_eq!(p.converted, Some(Legacy::Tcvn3));
        let nfd: String = "Hải Phòng".nfd().collect();
        assert_eq!(plain(&nfd).markdown, "Hải Phòng");
    }
}

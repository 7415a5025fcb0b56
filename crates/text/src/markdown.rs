//! Markdown to safe HTML: the body as the portal shows it.
//!
//! **Invariant:** whatever a reporter types or pastes, the HTML that leaves this module carries no
//! script, event handler, style or dangerous URL: pulldown-cmark renders, ammonia sanitises.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

/// The URL scheme of a figure in the body: `![alt](anh:3 "caption")` is figure 3.
pub const SCHEME: &str = "anh:";

/// How figure `anh:N` of a body is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureView {
    /// The image shown by default (a URL or path relative to the page).
    pub src: String,
    /// Every size on offer: (URL, width in pixels).
    pub srcset: Vec<(String, u32)>,
    /// Width of `src`.
    pub width: u32,
    /// Height of `src`.
    pub height: u32,
    /// Alt text.
    pub alt: String,
    /// Caption.
    pub caption: String,
    /// Credit ("Hoàng Tùng"), shown as "Ảnh: Hoàng Tùng"; empty: none.
    pub credit: String,
}

/// Marks a figure's place in the HTML between rendering and sanitising (private-use characters,
/// removed from the input first, so a writer cannot forge one).
const FIGURE_OPEN: char = '\u{E000}';
const FIGURE_CLOSE: char = '\u{E001}';
/// Stands for a typed "..." while smart punctuation runs: the portal prints three dots as typed.
/// A punctuation character (the reversed question mark, never used in Vietnamese news), so quotes
/// next to it curl the right way.
const DOTS: char = '\u{2E2E}';

/// Renders a Markdown body to sanitised HTML; figures (`![alt](anh:N "caption")`) are left out.
pub fn to_html(markdown: &str) -> String {
    to_html_with(markdown, &|_, _, _| None)
}

/// Renders a Markdown body to sanitised HTML, each figure shown as `figure(n, alt, caption)` says
/// (`None`: left out). The figure's HTML is made here from escaped values after the body was
/// sanitised, so neither the body nor a caption can smuggle markup through it.
pub fn to_html_with(
    markdown: &str,
    figure: &dyn Fn(u32, &str, &str) -> Option<FigureView>,
) -> String {
    let markdown: String = markdown
        .chars()
        .filter(|&c| c != FIGURE_OPEN && c != FIGURE_CLOSE && c != DOTS)
        .collect::<String>()
        .replace("...", &DOTS.to_string());
    // Smart punctuation: quotes become “curly” as the portal prints them; "..." stays three dots
    // (kept aside as DOTS), as the portal prints what the reporter typed.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    // Figures become markers; everything between an anh: image's start and end is dropped.
    let mut figures: Vec<(u32, String, String)> = Vec::new();
    let mut in_figure = false;
    let events = Parser::new_ext(&markdown, options).filter_map(|event| match event {
        Event::Start(Tag::Image {
            ref dest_url,
            ref title,
            ..
        }) if dest_url.starts_with(SCHEME) => {
            let n = dest_url[SCHEME.len()..].trim().parse::<u32>().unwrap_or(0);
            in_figure = true;
            figures.push((n, String::new(), title.to_string()));
            Some(Event::Text(
                format!("{FIGURE_OPEN}{}{FIGURE_CLOSE}", figures.len() - 1).into(),
            ))
        }
        Event::End(TagEnd::Image) if in_figure => {
            in_figure = false;
            None
        }
        Event::Text(t) | Event::Code(t) if in_figure => {
            if let Some(f) = figures.last_mut() {
                f.1.push_str(&t);
            }
            None
        }
        _ if in_figure => None,
        other => Some(other),
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events);
    // No `img` survives: a picture is shown only as a figure of the article (`anh:N`), whose
    // files go in the package; others would be fetched from elsewhere (the checklist names them).
    // An `a` whose address was refused keeps its text, as a placeholder `a`, which may not carry
    // `rel` (not valid HTML otherwise). ammonia has already dropped an address of another scheme
    // when it filters an element's attributes, in order, the `rel` it adds last; the filter drops a
    // relative address (but `#…`, as `keep_fragment` does after it) and the `rel` of an `a` whose
    // `href` did not come through.
    let had_href = std::sync::atomic::AtomicBool::new(false);
    let clean = ammonia::Builder::default()
        // No `img`: above. No `details`/`summary`: nothing an article needs, and a `details`
        // written without its `summary` is not valid HTML (their content stays).
        .rm_tags(["img", "details", "summary"])
        .attribute_filter(move |element, attribute, value| {
            use std::sync::atomic::Ordering::Relaxed;
            match (element, attribute) {
                ("a", "href") => {
                    let kept = value.starts_with('#') || url::Url::parse(value).is_ok();
                    had_href.store(kept, Relaxed);
                    if !kept {
                        return None;
                    }
                }
                ("a", "rel") if !had_href.swap(false, Relaxed) => return None,
                _ => {}
            }
            Some(value.into())
        })
        // Links go to the web or to a place in the page; a relative address would point into
        // the portal at random, so it is dropped (the link text stays; the checklist names it).
        .url_schemes(LINK_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::Custom(Box::new(keep_fragment)))
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string();
    if figures.is_empty() {
        return restore_dots(&clean);
    }
    // Put each figure in its place: a paragraph holding only a figure becomes the figure.
    let mut out = String::with_capacity(clean.len());
    let mut rest = clean.as_str();
    while let Some(at) = rest.find(FIGURE_OPEN) {
        let Some(len) = rest[at..].find(FIGURE_CLOSE) else {
            break;
        };
        let index: usize = rest[at + FIGURE_OPEN.len_utf8()..at + len]
            .parse()
            .unwrap_or(usize::MAX);
        let end = at + len + FIGURE_CLOSE.len_utf8();
        let (mut before, mut after) = (&rest[..at], &rest[end..]);
        let alone = before.ends_with("<p>") && after.starts_with("</p>");
        if alone {
            before = &before[..before.len() - 3];
            after = after[4..].strip_prefix('\n').unwrap_or(&after[4..]);
        }
        out.push_str(before);
        if let Some((n, alt, caption)) = figures.get(index)
            && let Some(view) = figure(*n, alt, caption)
        {
            // A figure written inside a line of text stays inline (a <figure> cannot be in a <p>).
            out.push_str(&if alone {
                figure_html(&view)
            } else {
                figure_inline_html(&view)
            });
        }
        rest = after;
    }
    out.push_str(rest);
    restore_dots(&out)
}

/// Puts the typed "..." back (also where a URL carried it percent-encoded).
fn restore_dots(html: &str) -> String {
    html.replace(DOTS, "...").replace("%E2%B8%AE", "...")
}

/// A figure inside a line of text: phrasing content only, every value escaped.
fn figure_inline_html(f: &FigureView) -> String {
    let mut html = format!(
        "<span class=\"anh anh-inline\"><img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"lazy\">",
        escape_text(&f.src),
        f.width,
        f.height,
        escape_text(&f.alt)
    );
    let credit = if f.credit.is_empty() {
        String::new()
    } else {
        format!("Ảnh: {}", f.credit)
    };
    let text = [f.caption.as_str(), credit.as_str()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if !text.is_empty() {
        html.push_str(&format!(
            "<span class=\"caption\">{}</span>",
            escape_text(&text)
        ));
    }
    html.push_str("</span>");
    html
}

/// A figure's HTML, every value escaped.
fn figure_html(f: &FigureView) -> String {
    let mut html = String::from("<figure class=\"anh\">\n<img src=\"");
    html.push_str(&escape_text(&f.src));
    html.push('"');
    if f.srcset.len() > 1 {
        let set: Vec<String> = f
            .srcset
            .iter()
            .map(|(url, w)| format!("{} {w}w", escape_text(url)))
            .collect();
        html.push_str(&format!(
            " srcset=\"{}\" sizes=\"(max-width: 800px) 100vw, 800px\"",
            set.join(", ")
        ));
    }
    html.push_str(&format!(
        " width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"lazy\">\n",
        f.width,
        f.height,
        escape_text(&f.alt)
    ));
    if !f.caption.is_empty() || !f.credit.is_empty() {
        html.push_str("<figcaption>");
        html.push_str(&escape_text(&f.caption));
        if !f.credit.is_empty() {
            html.push_str(&format!(
                "{}<span class=\"credit\">Ảnh: {}</span>",
                if f.caption.is_empty() { "" } else { " " },
                escape_text(&f.credit)
            ));
        }
        html.push_str("</figcaption>\n");
    }
    html.push_str("</figure>\n");
    html
}

/// Keeps a relative address only when it is a place in the page (footnotes).
fn keep_fragment(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    url.starts_with('#')
        .then_some(std::borrow::Cow::Borrowed(url))
}

/// The URL schemes a link of the body may use.
pub const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Links of `markdown` the page will not keep (their text stays): addresses that are not http(s),
/// mailto, tel or a place in the page (`#…`).
pub fn dropped_links(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES) {
        if let Event::Start(Tag::Link { dest_url, .. }) = event {
            let lower = dest_url.trim().to_ascii_lowercase();
            let kept = lower.starts_with('#')
                || LINK_SCHEMES.iter().any(|s| {
                    lower
                        .strip_prefix(s)
                        .is_some_and(|rest| rest.starts_with(':'))
                });
            if !kept {
                out.push(dest_url.to_string());
            }
        }
    }
    out
}

/// Pictures written into `markdown` other than the article's figures: the address of each
/// `![…](url)` not in `anh:`, and `<img>` for each raw HTML image. They are not rendered.
pub fn foreign_images(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) if !dest_url.starts_with(SCHEME) => {
                out.push(dest_url.to_string());
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let lower = h.to_ascii_lowercase();
                out.extend(lower.matches("<img").map(|_| "<img>".to_string()));
            }
            _ => {}
        }
    }
    out
}

/// The words of a Markdown text without its markup (for counting words and for search).
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => {
                out.push(' ');
            }
            _ => {}
        }
    }
    out
}

/// Escapes plain text so Markdown reads it as text: `\ * _ [ ] ` <` get a backslash (a reporter's
/// "5*3" or "[1]" stays as typed, never emphasis, a link or HTML).
pub fn escape_markdown(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<') {
            s.push('\\');
        }
        s.push(c);
    }
    s
}

/// Escapes plain text for use inside HTML text or a quoted attribute (`& < > " '`).
///
/// Not `ammonia::clean_text`: that one also escapes every space, which makes pages unreadable as source.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(n: u32, alt: &str, caption: &str) -> Option<FigureView> {
        (n == 1).then(|| FigureView {
            src: "images/bai-1-800.jpg".into(),
            srcset: vec![
                ("images/bai-1-1600.jpg".into(), 1600),
                ("images/bai-1-800.jpg".into(), 800),
            ],
            width: 800,
            height: 533,
            alt: alt.into(),
            caption: caption.into(),
            credit: "Hoàng Tùng".into(),
        })
    }

    #[test]
    fn figures_become_figure_elements_and_unknown_ones_are_left_out() {
        let html = to_html_with(
            "Mở đầu.\n\n![Đoàn <b>kiểm tra</b>](anh:1 \"Chiều 2/12 \\\"tại\\\" Tràng Cát <script>\")\n\n![x](anh:9)\n\nKết.",
            &view,
        );
        assert_eq!(
            html,
            "<p>Mở đầu.</p>\n<figure class=\"anh\">\n<img src=\"images/bai-1-800.jpg\" srcset=\"images/bai-1-1600.jpg 1600w, images/bai-1-800.jpg 800w\" sizes=\"(max-width: 800px) 100vw, 800px\" width=\"800\" height=\"533\" alt=\"Đoàn kiểm tra\" loading=\"lazy\">\n<figcaption>Chiều 2/12 &quot;tại&quot; Tràng Cát &lt;script&gt; <span class=\"credit\">Ảnh: Hoàng Tùng</span></figcaption>\n</figure>\n<p>Kết.</p>\n"
        );
        // A forged marker in the text is only text.
        assert_eq!(to_html_with("a\u{E000}0\u{E001}b", &view), "<p>a0b</p>\n");
    }

    #[test]
    fn renders_paragraphs_and_emphasis() {
        let html = to_html("Chiều 2/12, **Đoàn Kiểm tra** làm việc.\n\nĐoạn *hai*.");
        assert_eq!(
            html,
            "<p>Chiều 2/12, <strong>Đoàn Kiểm tra</strong> làm việc.</p>\n<p>Đoạn <em>hai</em>.</p>\n"
        );
    }

    #[test]
    fn strips_scripts_handlers_and_javascript_urls() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[bấm](javascript:alert(1)) <a href=\"#\" onclick=\"x()\">a</a>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("bấm"), "{html}");
    }

    #[test]
    fn a_refused_link_keeps_its_text_without_rel_and_a_kept_one_has_it() {
        // A placeholder `a` with `rel` is not valid HTML (the Nu checker's "missing href").
        assert_eq!(
            to_html(
                "[bấm](javascript:alert(1)) <a href=\"vbscript:x\" title=\"t\">và</a> [đây](https://x.vn) [kia](#muc) [tab](jav&#x09;ascript:x) [tệp](a/b.html)"
            ),
            "<p><a>bấm</a> <a title=\"t\">và</a> <a href=\"https://x.vn\" rel=\"noopener noreferrer\">đây</a> \
             <a href=\"#muc\" rel=\"noopener noreferrer\">kia</a> <a>tab</a> <a>tệp</a></p>\n"
        );
        assert_eq!(
            to_html("<details open><p>Nội dung</p></details>"),
            "<p>Nội dung</p>"
        );
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("# Tiêu đề\n\nĐoạn **đậm** và [liên kết](https://x.vn).\n\n- một\n- hai"),
            "Tiêu đề Đoạn đậm và liên kết. một hai "
        );
    }

    #[test]
    fn quotes_curl_and_dots_stay_as_typed() {
        // The portal prints curly quotes, and the reporter's "..." as three dots.
        assert_eq!(to_html("\"Thành ủy\"..."), "<p>“Thành ủy”...</p>\n");
        assert_eq!(to_html("“Thành ủy”…"), "<p>“Thành ủy”…</p>\n");
        assert_eq!(
            to_html("`a...b` và [x](https://vi.wikipedia.org/a...b)"),
            "<p><code>a...b</code> và <a href=\"https://vi.wikipedia.org/a...b\" rel=\"noopener noreferrer\">x</a></p>\n"
        );
    }

    #[test]
    fn escapes_text() {
        assert_eq!(
            escape_text("<b>\"Sở\" & 'Ủy'</b>"),
            "&lt;b&gt;&quot;Sở&quot; &amp; &#39;Ủy&#39;&lt;/b&gt;"
        );
    }
}

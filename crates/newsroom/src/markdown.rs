//! Markdown to safe HTML: the body as the portal shows it.
//!
//! **Invariant:** whatever a reporter types or pastes, the HTML that leaves this module carries no
//! script, event handler, style or dangerous URL: pulldown-cmark renders, ammonia sanitises.

use pulldown_cmark::{Options, Parser, html};

/// Renders a Markdown body to sanitised HTML.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let parser = Parser::new_ext(markdown, options);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
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
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("# Tiêu đề\n\nĐoạn **đậm** và [liên kết](https://x.vn).\n\n- một\n- hai"),
            "Tiêu đề Đoạn đậm và liên kết. một hai "
        );
    }

    #[test]
    fn quotes_become_curly() {
        assert_eq!(to_html("\"Thành ủy\""), "<p>“Thành ủy”</p>\n");
    }

    #[test]
    fn escapes_text() {
        assert_eq!(
            escape_text("<b>\"Sở\" & 'Ủy'</b>"),
            "&lt;b&gt;&quot;Sở&quot; &amp; &#39;Ủy&#39;&lt;/b&gt;"
        );
    }
}

//! Word files through the reader (newsroom-docx), as `newsroom new --from` and the window read them.
//! The first byte chooses what the rest is: the whole file, or the `document.xml` of a package that
//! has styles, numbering, a picture and a hyperlink. Properties: never panics; what comes out is
//! NFC, the title one line, every picture placed exactly once and in the package; the body as
//! Markdown renders to HTML with no script-capable element (the package validator's checker).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsroom::export::script_problems;
use newsroom_docx::testing::Builder;
use newsroom_docx::{Block, read};
use unicode_normalization::is_nfc;

const STYLES: &str = r#"<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style><w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/></w:style><w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/><w:basedOn w:val="Title"/></w:style><w:style w:type="character" w:styleId="Old"><w:rPr><w:rFonts w:hAnsi=".VnTime"/></w:rPr></w:style>"#;
const NUMBERING: &str = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let file = if mode % 2 == 0 {
        rest.to_vec()
    } else {
        Builder::new("")
            .raw_document(rest)
            .styles(STYLES)
            .numbering(NUMBERING)
            .picture("rIdP", "image1.png", b"\x89PNG not really")
            .rel("rIdL", "hyperlink", "https://haiphong.gov.vn/", true)
            .rel("rIdX", "image", "http://203.0.113.1/x.jpg", true)
            .build()
    };
    let Ok(doc) = read("fuzz.docx", &file) else {
        return;
    };
    assert!(is_nfc(&doc.title) && is_nfc(&doc.lead), "{doc:?}");
    assert!(!doc.title.contains('\n') && !doc.lead.contains('\n'), "{doc:?}");
    let mut placed = vec![0u32; doc.pictures.len()];
    for b in &doc.blocks {
        match b {
            Block::Text(t) => assert!(is_nfc(t), "{t:?}"),
            Block::Picture(i) => placed[*i] += 1,
        }
    }
    assert!(placed.iter().all(|n| *n == 1), "{placed:?}");
    assert!(doc.pictures.iter().all(|p| is_nfc(&p.caption) && is_nfc(&p.alt)));
    // Each picture unpacks within its limit, or is refused.
    for p in &doc.pictures {
        if let Ok(b) = newsroom_docx::picture_bytes("fuzz.docx", &file, &p.part) {
            assert!(b.len() as u64 <= newsroom_docx::MAX_PICTURE_BYTES);
        }
    }
    let body = doc.body(|i| Some(format!("![{}](anh:{})", doc.pictures[i].alt.replace(']', ""), i + 1)));
    let html = newsroom::markdown::to_html(&body);
    let found = script_problems(&html, false);
    assert!(found.is_empty(), "{found:?}\nbody {body:?}\nhtml {html}");
});

//! Word files written in the test, read back: structure, pictures and captions, old fonts, tracked
//! changes and comments, and hostile files.

use newsroom_docx::testing::{Builder, p, p_styled, picture_p};
use newsroom_docx::{Block, NoteKind, read};

const STYLES: &str = r#"
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="u1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="u2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Chuthich"><w:name w:val="caption"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Cu"><w:name w:val="Cu"/><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style>
"#;

const NUMBERING: &str = r#"
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
"#;

fn list(num: u32, level: u32, text: &str) -> String {
    p_styled(
        &format!(r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>"#),
        &[(text, "")],
    )
}

fn text_blocks(doc: &newsroom_docx::Document) -> String {
    doc.body(|i| Some(format!("[ẢNH {i}]")))
}

#[test]
fn an_article_with_styles_lists_links_a_table_and_pictures() {
    let body = [
        p_styled(r#"<w:pStyle w:val="Title"/>"#, &[("Tăng cường quản lý ", ""), ("rác thải", "<w:b/>")]),
        p(&[("(Haiphong.gov.vn) - Chiều 2/12, đoàn kiểm tra làm việc tại quận Lê Chân.", "<w:b/>")]),
        p(&[("Đoàn ", ""), ("kiểm tra", r#"<w:rStyle w:val="Strong"/>"#), (" nhấn mạnh: ", ""), ("“phải làm ngay”", "<w:i/>"), (".", "")]),
        p_styled(r#"<w:pStyle w:val="u1"/>"#, &[("Kết quả", "")]),
        list(1, 0, "Thu gom 100%"),
        list(1, 1, "ở nội thành"),
        list(1, 0, "Xử lý * đúng hạn"),
        p(&[("Các bước:", "")]),
        list(2, 0, "Kiểm tra"),
        list(2, 0, "Báo cáo"),
        r#"<w:p><w:r><w:t>Xem thêm tại </w:t></w:r><w:hyperlink r:id="rIdL"><w:r><w:t>cổng thông tin</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r><w:r><w:br/><w:t>Dòng hai</w:t></w:r></w:p>"#.to_string(),
        picture_p("rIdP1", ""),
        p_styled(r#"<w:pStyle w:val="Chuthich"/>"#, &[("Đoàn kiểm tra tại bãi rác Tràng Cát", "")]),
        r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Quận</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Tấn/ngày</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>Lê Chân</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>120 | 130</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#.to_string(),
        picture_p("rIdP2", "Ảnh do Word mô tả"),
        p(&[("Ảnh: Sở Xây dựng", "<w:i/>")]),
        p(&[("Hết.", "")]),
    ]
    .concat();
    let file = Builder::new(&body)
        .styles(STYLES)
        .numbering(NUMBERING)
        .rel("rIdL", "hyperlink", "https://haiphong.gov.vn/tin tuc", true)
        .picture("rIdP1", "image1.jpeg", b"JPEG ONE")
        .picture("rIdP2", "image2.png", b"PNG TWO")
        .build();
    let doc = read("bai.docx", &file).expect("read");
    assert_eq!(doc.title, "Tăng cường quản lý rác thải");
    assert_eq!(
        doc.lead,
        "Chiều 2/12, đoàn kiểm tra làm việc tại quận Lê Chân."
    );
    assert_eq!(doc.lead_prefix.as_deref(), Some("(Haiphong.gov.vn) -"));
    assert_eq!(doc.pictures.len(), 2);
    assert_eq!(doc.pictures[0].name, "image1.jpeg");
    assert_eq!(doc.pictures[0].part, "word/media/image1.jpeg");
    assert_eq!(
        newsroom_docx::picture_bytes("bai.docx", &file, &doc.pictures[0].part).expect("bytes"),
        b"JPEG ONE"
    );
    assert_eq!(
        doc.pictures[0].caption,
        "Đoàn kiểm tra tại bãi rác Tràng Cát"
    );
    assert_eq!(doc.pictures[0].alt, "");
    assert_eq!(doc.pictures[1].caption, "Ảnh: Sở Xây dựng");
    assert_eq!(doc.pictures[1].alt, "Ảnh do Word mô tả");
    assert_eq!(doc.captions, 2);
    assert_eq!(
        text_blocks(&doc),
        "Đoàn **kiểm tra** nhấn mạnh: *“phải làm ngay”*.\n\n\
         ## Kết quả\n\n\
         - Thu gom 100%\n  - ở nội thành\n- Xử lý \\* đúng hạn\n\n\
         Các bước:\n\n\
         1. Kiểm tra\n2. Báo cáo\n\n\
         Xem thêm tại [cổng thông tin](https://haiphong.gov.vn/tin%20tuc).  \nDòng hai\n\n\
         [ẢNH 0]\n\n\
         | Quận | Tấn/ngày |\n| --- | --- |\n| Lê Chân | 120 \\| 130 |\n\n\
         [ẢNH 1]\n\n\
         Hết."
    );
    // Title, lead, 1 paragraph, heading, 3 + 1 + 2 list and text lines, link paragraph, 4 cells, "Hết.".
    assert_eq!(doc.paragraphs, 2 + 1 + 1 + 3 + 1 + 2 + 1 + 4 + 1);
    let kinds: Vec<NoteKind> = doc.notes.iter().map(|n| n.kind).collect();
    assert_eq!(kinds, vec![NoteKind::LeadPrefix]);
    // The Markdown is what the portal renders: a table, a list, a link.
    let html = newsroom_text::markdown::to_html(&text_blocks(&doc));
    assert!(
        html.contains("<table>") && html.contains("<li>ở nội thành</li>"),
        "{html}"
    );
}

#[test]
fn tracked_changes_are_accepted_comments_dropped_old_fonts_converted() {
    let body = [
        p_styled(r#"<w:pStyle w:val="u1"/>"#, &[("Tiêu đề", "")]),
        r#"<w:p><w:r><w:t xml:space="preserve">Đoàn làm việc </w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText>hôm qua</w:delText></w:r></w:del><w:ins w:id="2" w:author="A"><w:r><w:t>chiều nay</w:t></w:r></w:ins><w:commentRangeStart w:id="0"/><w:r><w:t>.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>"#.to_string(),
        // TCVN3 in .VnTime, named on the run and on a paragraph style.
        p(&[("S\u{EB} T\u{B5}i nguy\u{AA}n v\u{B5} M\u{AB}i tr\u{AD}\u{EA}ng", r#"<w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/>"#), (" (Unicode).", "")]),
        // Word writes the 0xAD of TCVN3's ư as a soft-hyphen element.
        r#"<w:p><w:r><w:rPr><w:rFonts w:hAnsi=".VnTime"/></w:rPr><w:t>tr</w:t><w:softHyphen/><w:t>êng</w:t></w:r><w:r><w:t xml:space="preserve"> co</w:t><w:softHyphen/><w:t>py</w:t></w:r></w:p>"#.to_string(),
        p_styled(r#"<w:pStyle w:val="Cu"/>"#, &[("h\u{B6}i ph\u{DF}ng", "")]),
        r#"<w:p><w:r><w:t>Có chú thích</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><m:oMath><m:r><m:t>x</m:t></m:r></m:oMath></w:p>"#.to_string(),
    ]
    .concat();
    let file = Builder::new(&body)
        .styles(STYLES)
        .comments(1)
        .remote_template("http://example.com/mau.dotm")
        .build();
    let doc = read("sua.docx", &file).expect("read");
    assert_eq!(doc.title, "Tiêu đề");
    assert_eq!(doc.lead, "Đoàn làm việc chiều nay.");
    assert_eq!(
        text_blocks(&doc),
        "Sở Tài nguyên và Môi trường (Unicode).\n\ntrường copy\n\nhải phòng\n\nCó chú thích"
    );
    let kinds: Vec<NoteKind> = doc.notes.iter().map(|n| n.kind).collect();
    for k in [
        NoteKind::RemoteTemplate,
        NoteKind::TrackedChanges,
        NoteKind::Comments,
        NoteKind::Footnotes,
        NoteKind::Object,
        NoteKind::Converted,
    ] {
        assert!(kinds.contains(&k), "{k:?} in {kinds:?}");
    }
    let tracked = doc
        .notes
        .iter()
        .find(|n| n.kind == NoteKind::TrackedChanges)
        .expect("note");
    assert!(
        tracked.said.vi().starts_with("2 thay đổi"),
        "{}",
        tracked.said.vi()
    );
}

#[test]
fn a_bold_first_line_is_the_title_and_no_title_is_said() {
    let doc = read(
        "a.docx",
        &Builder::new(
            &[
                p(&[("Dòng đầu in đậm", "<w:b/>")]),
                p(&[("Mở đầu.", "")]),
                p(&[("Thân.", "")]),
            ]
            .concat(),
        )
        .build(),
    )
    .expect("read");
    assert_eq!(
        (doc.title.as_str(), doc.lead.as_str()),
        ("Dòng đầu in đậm", "Mở đầu.")
    );
    assert_eq!(text_blocks(&doc), "Thân.");
    let doc = read(
        "b.docx",
        &Builder::new(&[p(&[("Mở đầu.", "")]), p(&[("Thân.", "")])].concat()).build(),
    )
    .expect("read");
    assert_eq!(doc.title, "");
    assert_eq!(doc.lead, "Mở đầu.");
    assert!(doc.notes.iter().any(|n| n.kind == NoteKind::NoTitle));
}

#[test]
fn linked_and_missing_pictures_are_named_never_fetched_and_text_boxes_read() {
    let linked = r#"<w:p><w:r><w:drawing><wp:inline><wp:docPr id="2" name="x"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:link="rIdX"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#;
    let text_box = r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="3" name="khung"/><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Trong khung</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Trong khung</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#;
    let body = [
        p_styled(r#"<w:pStyle w:val="Title"/>"#, &[("Tựa", "")]),
        p(&[("Mở đầu.", "")]),
        linked.to_string(),
        picture_p("rIdMissing", ""),
        text_box.to_string(),
    ]
    .concat();
    let file = Builder::new(&body)
        .styles(STYLES)
        .rel("rIdX", "image", "http://203.0.113.9/anh.jpg", true)
        .rel("rIdMissing", "image", "media/khong-co.png", false)
        .build();
    let doc = read("c.docx", &file).expect("read");
    assert!(doc.pictures.is_empty());
    assert_eq!(text_blocks(&doc), "Trong khung");
    let said: Vec<&str> = doc.notes.iter().map(|n| n.said.vi()).collect();
    assert!(
        said.iter()
            .any(|s| s.contains("http://203.0.113.9/anh.jpg")),
        "{said:?}"
    );
    assert!(said.iter().any(|s| s.contains("khong-co.png")), "{said:?}");
}

#[test]
fn a_merged_table_is_kept_as_text_with_a_note() {
    let tbl = r#"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Tổng hợp</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>B</w:t></w:r></w:p><w:p><w:r><w:t>C</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
    let body = [p(&[("Tựa", "<w:b/>")]), p(&[("Mở.", "")]), tbl.to_string()].concat();
    let doc = read("t.docx", &Builder::new(&body).build()).expect("read");
    assert_eq!(text_blocks(&doc), "Tổng hợp\n\nA\n\nB\n\nC");
    assert!(doc.notes.iter().any(|n| n.kind == NoteKind::TableAsText));
}

fn refused(bytes: &[u8]) -> String {
    match read("x.docx", bytes) {
        Ok(_) => panic!("taken"),
        Err(e) => {
            assert_eq!(e.code(), newsroom_base::ErrorCode::BadDocument);
            e.to_string()
        }
    }
}

#[test]
fn hostile_files_are_refused_with_a_reason() {
    // A DTD with an entity that would expand a billion times.
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document {}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"#,
        newsroom_docx::testing::NAMESPACES
    );
    assert!(refused(&Builder::new("").raw_document(laughs.as_bytes()).build()).contains("DTD"));
    // document.xml over its limit (a bomb: 40 MB of spaces zip to a few tens of KB).
    let mut huge = Vec::with_capacity(41 << 20);
    huge.extend_from_slice(
        format!(
            "<w:document {}><w:body><w:p><w:r><w:t>",
            newsroom_docx::testing::NAMESPACES
        )
        .as_bytes(),
    );
    huge.resize(40 << 20, b' ');
    let bomb = Builder::new("").raw_document(&huge).build();
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    assert!(refused(&bomb).contains("lớn quá 32 MB"));
    // Nesting deeper than the reader follows.
    let deep = format!(
        "{}{}{}",
        "<w:sdt><w:sdtContent>".repeat(200),
        p(&[("x", "")]),
        "</w:sdtContent></w:sdt>".repeat(200)
    );
    assert!(refused(&Builder::new(&deep).build()).contains("lồng nhau"));
    // Broken XML, no document part, not a zip.
    assert!(refused(&Builder::new("<w:p>").build()).contains("không phải XML hợp lệ"));
    let mut no_doc = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut no_doc);
        z.start_file("hello.txt", zip::write::SimpleFileOptions::default())
            .expect("zip");
        std::io::Write::write_all(&mut z, b"hi").expect("zip");
        z.finish().expect("zip");
    }
    assert!(refused(no_doc.get_ref()).contains("không có nội dung văn bản Word"));
    assert!(refused(b"%PDF-1.7").contains("không phải tệp Word"));
}

#[test]
fn every_picture_is_a_block_in_order() {
    let body = [
        p(&[("T", "<w:b/>")]),
        p(&[("L", "")]),
        picture_p("a", ""),
        picture_p("b", ""),
        p(&[("x", "")]),
    ]
    .concat();
    let doc = read(
        "p.docx",
        &Builder::new(&body)
            .picture("a", "1.jpg", b"1")
            .picture("b", "2.jpg", b"2")
            .build(),
    )
    .expect("read");
    assert_eq!(
        doc.blocks,
        vec![
            Block::Picture(0),
            Block::Picture(1),
            Block::Text("x".into())
        ]
    );
}

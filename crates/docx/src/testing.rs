//! Writing small `.docx` files, for tests and fuzzing: the parts a Word file has, zipped. Not used
//! by the app.

use std::io::Write;

/// Namespaces a document's root declares.
pub const NAMESPACES: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math""#;

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A `.docx` being written.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    body: String,
    styles: Option<String>,
    numbering: Option<String>,
    comments: Option<String>,
    rels: Vec<(String, String, String, bool)>,
    settings_rels: Vec<(String, String, String, bool)>,
    parts: Vec<(String, Vec<u8>)>,
    raw_document: Option<Vec<u8>>,
}

impl Builder {
    /// A document whose `w:body` holds `body` (XML).
    pub fn new(body: &str) -> Builder {
        Builder {
            body: body.to_string(),
            ..Builder::default()
        }
    }

    /// `word/styles.xml` holding `styles` (the `w:style` elements and `w:docDefaults`).
    pub fn styles(mut self, styles: &str) -> Builder {
        self.styles = Some(styles.to_string());
        self
    }

    /// `word/numbering.xml` holding `numbering`.
    pub fn numbering(mut self, numbering: &str) -> Builder {
        self.numbering = Some(numbering.to_string());
        self
    }

    /// `word/comments.xml` with `n` comments.
    pub fn comments(mut self, n: usize) -> Builder {
        let mut xml = String::new();
        for i in 0..n {
            xml.push_str(&format!(
                r#"<w:comment w:id="{i}" w:author="Biên tập"><w:p><w:r><w:t>Xem lại</w:t></w:r></w:p></w:comment>"#
            ));
        }
        self.comments = Some(xml);
        self
    }

    /// An embedded picture `word/media/<name>` with relationship `id`.
    pub fn picture(mut self, id: &str, name: &str, bytes: &[u8]) -> Builder {
        self.rels
            .push((id.into(), "image".into(), format!("media/{name}"), false));
        self.parts
            .push((format!("word/media/{name}"), bytes.to_vec()));
        self
    }

    /// A relationship `id` of the document of `kind` (`image`, `hyperlink`…) to `target`.
    pub fn rel(mut self, id: &str, kind: &str, target: &str, external: bool) -> Builder {
        self.rels
            .push((id.into(), kind.into(), target.into(), external));
        self
    }

    /// A template outside the package, named by the settings part.
    pub fn remote_template(mut self, url: &str) -> Builder {
        self.settings_rels
            .push(("rIdT".into(), "attachedTemplate".into(), url.into(), true));
        self
    }

    /// Any other part.
    pub fn part(mut self, path: &str, bytes: &[u8]) -> Builder {
        self.parts.push((path.into(), bytes.to_vec()));
        self
    }

    /// `word/document.xml` exactly as given (the body is then ignored).
    pub fn raw_document(mut self, bytes: &[u8]) -> Builder {
        self.raw_document = Some(bytes.to_vec());
        self
    }

    fn rels_xml(rels: &[(String, String, String, bool)]) -> String {
        let mut xml = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        );
        for (id, kind, target, external) in rels {
            let target = target.replace('&', "&amp;").replace('"', "&quot;");
            xml.push_str(&format!(
                r#"<Relationship Id="{id}" Type="{REL}/{kind}" Target="{target}"{}/>"#,
                if *external {
                    r#" TargetMode="External""#
                } else {
                    ""
                }
            ));
        }
        xml.push_str("</Relationships>");
        xml
    }

    /// The file's bytes.
    pub fn build(&self) -> Vec<u8> {
        let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
        parts.push((
            "[Content_Types].xml".into(),
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_vec(),
        ));
        parts.push((
            "_rels/.rels".into(),
            Self::rels_xml(&[(
                "rId1".into(),
                "officeDocument".into(),
                "word/document.xml".into(),
                false,
            )])
            .into_bytes(),
        ));
        let document = self.raw_document.clone().unwrap_or_else(|| {
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}><w:body>{}</w:body></w:document>"#,
                self.body
            )
            .into_bytes()
        });
        parts.push(("word/document.xml".into(), document));
        let mut rels = self.rels.clone();
        let mut add = |id: &str,
                       kind: &str,
                       file: &str,
                       xml: &Option<String>,
                       root: &str,
                       parts: &mut Vec<(String, Vec<u8>)>| {
            if let Some(inner) = xml {
                rels.push((id.into(), kind.into(), file.into(), false));
                parts.push((
                    format!("word/{file}"),
                    format!(
                        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} {NAMESPACES}>{inner}</w:{root}>"#
                    )
                    .into_bytes(),
                ));
            }
        };
        add(
            "rIdS",
            "styles",
            "styles.xml",
            &self.styles,
            "styles",
            &mut parts,
        );
        add(
            "rIdN",
            "numbering",
            "numbering.xml",
            &self.numbering,
            "numbering",
            &mut parts,
        );
        add(
            "rIdC",
            "comments",
            "comments.xml",
            &self.comments,
            "comments",
            &mut parts,
        );
        if !self.settings_rels.is_empty() {
            add(
                "rIdSet",
                "settings",
                "settings.xml",
                &Some(String::new()),
                "settings",
                &mut parts,
            );
            parts.push((
                "word/_rels/settings.xml.rels".into(),
                Self::rels_xml(&self.settings_rels).into_bytes(),
            ));
        }
        parts.push((
            "word/_rels/document.xml.rels".into(),
            Self::rels_xml(&rels).into_bytes(),
        ));
        parts.extend(self.parts.iter().cloned());
        let mut out = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut out);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, bytes) in &parts {
                if zip.start_file(name.as_str(), opts).is_err() || zip.write_all(bytes).is_err() {
                    return Vec::new();
                }
            }
            if zip.finish().is_err() {
                return Vec::new();
            }
        }
        out.into_inner()
    }
}

/// A paragraph of plain runs: `p(&[("Chữ", "")])`, each run with its `w:rPr` inner XML.
pub fn p(runs: &[(&str, &str)]) -> String {
    p_styled("", runs)
}

/// A paragraph with `ppr` (inner XML of `w:pPr`) and runs.
pub fn p_styled(ppr: &str, runs: &[(&str, &str)]) -> String {
    let mut xml = String::from("<w:p>");
    if !ppr.is_empty() {
        xml.push_str(&format!("<w:pPr>{ppr}</w:pPr>"));
    }
    for (text, rpr) in runs {
        xml.push_str("<w:r>");
        if !rpr.is_empty() {
            xml.push_str(&format!("<w:rPr>{rpr}</w:rPr>"));
        }
        xml.push_str(&format!(
            r#"<w:t xml:space="preserve">{}</w:t></w:r>"#,
            text.replace('&', "&amp;").replace('<', "&lt;")
        ));
    }
    xml.push_str("</w:p>");
    xml
}

/// A paragraph holding an inline picture of relationship `rel`, with alt text `descr`.
pub fn picture_p(rel: &str, descr: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:drawing><wp:inline><wp:extent cx="5000000" cy="3000000"/><wp:docPr id="1" name="Ảnh" descr="{descr}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip r:embed="{rel}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
    )
}

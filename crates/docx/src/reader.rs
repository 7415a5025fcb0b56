//! [`read`]: a `.docx` file's bytes to a [`Document`].

use newsroom_base::{Result, said};

use crate::body::Walker;
use crate::model::{Document, Note, NoteKind};
use crate::package::{MAX_MAIN_XML_BYTES, MAX_PART_BYTES, Package, bad, parse, resolve};
use crate::shape::{Read, shape};
use crate::styles::Styles;

const MAIN: &str = "officeDocument";

/// Reads the Word file `bytes` (called `name`, for messages). Refused with
/// [`newsroom_base::Error::BadDocument`] when it is not a readable `.docx` or breaks a limit; a
/// picture it links to or lacks is a note, not an error. Pictures are not unpacked here:
/// [`crate::picture_bytes`] does it, one at a time, where each is processed.
pub fn read(name: &str, bytes: &[u8]) -> Result<Document> {
    read_package(Package::of_bytes(name, bytes)?)
}

/// [`read`] from the file at `path`: only the parts it needs are read from disk (its pictures are
/// left for [`crate::picture_from_file`]).
pub fn read_file(path: &std::path::Path) -> Result<Document> {
    let name = crate::package::file_name(path);
    let file = std::fs::File::open(path).map_err(|e| newsroom_base::Error::io(path, e))?;
    read_package(Package::open(
        &name,
        Box::new(std::io::BufReader::new(file)),
    )?)
}

fn read_package(mut pkg: Package<'_>) -> Result<Document> {
    let name = pkg.name;
    // The main part: where the package's relationships say, else Word's usual place.
    let root_rels = pkg.rels("")?;
    let main = root_rels
        .values()
        .find(|r| r.kind == MAIN && !r.external)
        .map(|r| resolve("", &r.target))
        .unwrap_or_else(|| "word/document.xml".into());
    let Some(text) = pkg.xml(&main, MAX_MAIN_XML_BYTES)? else {
        return Err(bad(
            name,
            said!(
                "tệp không có nội dung văn bản Word (thiếu {main}); có thể đây không phải tệp .docx",
                "the file has no Word document in it (no {main}); it may not be a .docx file"
            ),
        ));
    };
    let xml = parse(name, &main, &text)?;
    let rels = pkg.rels(&main)?;
    let part = |kind: &str| {
        rels.values()
            .find(|r| r.kind == kind && !r.external)
            .map(|r| r.target.clone())
    };
    let styles_text = match part("styles") {
        Some(p) => pkg.xml(&p, MAX_PART_BYTES)?.map(|t| (p, t)),
        None => None,
    };
    let numbering_text = match part("numbering") {
        Some(p) => pkg.xml(&p, MAX_PART_BYTES)?.map(|t| (p, t)),
        None => None,
    };
    let styles_doc = match &styles_text {
        Some((p, t)) => Some(parse(name, p, t)?),
        None => None,
    };
    let numbering_doc = match &numbering_text {
        Some((p, t)) => Some(parse(name, p, t)?),
        None => None,
    };
    let styles = Styles::read(styles_doc.as_ref(), numbering_doc.as_ref());

    let mut notes = Vec::new();
    // A template or anything else outside the package: named, never fetched.
    let settings = part("settings");
    if let Some(settings) = settings {
        for r in pkg.rels(&settings)?.values().filter(|r| r.external) {
            let target: String = r.target.chars().take(200).collect();
            notes.push(Note::new(
                NoteKind::RemoteTemplate,
                said!(
                    "Tệp trỏ tới mẫu ở ngoài “{target}”; không tải về",
                    "The file points to an outside template “{target}”; it was not fetched"
                ),
            ));
        }
    }
    let comments_in_part = match part("comments") {
        Some(p) => match pkg.xml(&p, MAX_PART_BYTES)? {
            Some(t) => parse(name, &p, &t)?
                .root_element()
                .children()
                .filter(|n| n.is_element() && n.tag_name().name() == "comment")
                .count(),
            None => 0,
        },
        None => 0,
    };

    let body = xml
        .root_element()
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == "body")
        .ok_or_else(|| {
            bad(
                name,
                said!(
                    "phần {main} không có thân văn bản",
                    "the part {main} has no body"
                ),
            )
        })?;
    let mut walker = Walker::new(&mut pkg, &styles, &rels);
    let mut items = Vec::new();
    walker.blocks(body, &mut items)?;
    notes.append(&mut walker.notes);
    let comments = comments_in_part.max(walker.comments);
    for (n, note) in [
        (walker.tracked, Note::tracked as fn(usize) -> Note),
        (comments, Note::comments),
        (walker.footnotes, Note::footnotes),
        (walker.objects, Note::objects),
    ] {
        notes.extend(Note::counted(n, note));
    }
    let converted = walker.converted;
    if let Some(l) = converted {
        let label = l.label();
        notes.push(Note::new(
            NoteKind::Converted,
            said!(
                "Chữ gõ bằng phông cũ {label} đã được chuyển sang Unicode; hãy đọc lại",
                "Text typed in the old font {label} was converted to Unicode; read it again"
            ),
        ));
    }
    let pictures = std::mem::take(&mut walker.pictures);
    let ordered = |num: &str, level: u32| styles.ordered(num, level);
    let mut doc = shape(
        Read {
            items,
            pictures,
            notes,
        },
        &ordered,
    );
    doc.converted = converted;
    // A note's text is worth nothing if it says nothing: keep order, no repeats.
    let mut seen = std::collections::HashSet::new();
    doc.notes.retain(|n| seen.insert(n.said.vi().to_string()));
    Ok(doc)
}

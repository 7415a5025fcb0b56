//! The `.docx` package: a zip of XML parts and pictures. Every part is read only up to its limit, so
//! a zip bomb costs at most the limit; the kind of file is told before any parsing (a legacy `.doc`
//! or an encrypted document is an OLE compound file, not a zip).

use std::collections::HashMap;
use std::io::{Cursor, Read, Seek, SeekFrom};

use newsroom_base::{Error, Result, Said, said};

/// Largest `.docx` file taken.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
/// Largest `word/document.xml`, unpacked (a 300-page report is about 5 MB).
pub const MAX_MAIN_XML_BYTES: u64 = 32 * 1024 * 1024;
/// Largest other XML part (styles, numbering, relationships…), unpacked.
pub const MAX_PART_BYTES: u64 = 8 * 1024 * 1024;
/// Largest embedded picture, unpacked (the photo checks have their own, lower, limit).
pub const MAX_PICTURE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest total of everything read, unpacked.
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;
/// Most entries in the zip.
pub const MAX_ENTRIES: usize = 10_000;
/// Deepest element nesting followed in the document.
pub const MAX_DEPTH: usize = 64;
/// Most XML nodes in one part.
pub const MAX_NODES: u32 = 4_000_000;

pub(crate) fn bad(name: &str, reason: Said) -> Error {
    Error::BadDocument {
        name: name.to_string(),
        reason,
    }
}

/// What the first bytes say the file is, when it is not a zip.
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn not_a_docx(name: &str, bytes: &[u8]) -> Option<Error> {
    if bytes.starts_with(OLE) {
        // An encrypted .docx is an OLE file with an "EncryptionInfo" stream (its name in UTF-16).
        let marker: Vec<u8> = "EncryptionInfo"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let encrypted = bytes.windows(marker.len()).any(|w| w == marker.as_slice());
        return Some(bad(
            name,
            if encrypted {
                said!(
                    "tệp được đặt mật khẩu; hãy mở trong Word, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ tài liệu) rồi lưu lại",
                    "the file is protected by a password; open it in Word, remove the password (File → Info → Protect Document) and save it again"
                )
            } else {
                said!(
                    "đây là tệp Word cũ (.doc); hãy mở trong Word và lưu thành .docx (Tệp → Lưu thành → Tài liệu Word)",
                    "this is an old Word file (.doc); open it in Word and save it as .docx (File → Save As → Word Document)"
                )
            },
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Some(bad(
            name,
            said!(
                "đây là tệp RTF, không phải .docx; hãy mở trong Word và lưu thành .docx",
                "this is an RTF file, not a .docx; open it in Word and save it as .docx"
            ),
        ));
    }
    if !bytes.starts_with(b"PK") {
        return Some(bad(
            name,
            said!(
                "tệp không phải tệp Word .docx",
                "the file is not a Word .docx file"
            ),
        ));
    }
    None
}

/// A relationship of a part: where it points and whether that is outside the package.
#[derive(Debug, Clone)]
pub(crate) struct Rel {
    pub(crate) target: String,
    pub(crate) external: bool,
    pub(crate) kind: String,
}

/// Where a package is read from: a file, or bytes in memory.
pub(crate) trait Source: Read + Seek + Send {}
impl<T: Read + Seek + Send> Source for T {}

fn unreadable(name: &str) -> Error {
    bad(name, said!("không đọc được tệp", "the file cannot be read"))
}

/// The opened package: its parts read on demand, each bounded.
pub(crate) struct Package<'a> {
    pub(crate) name: &'a str,
    zip: zip::ZipArchive<Box<dyn Source + 'a>>,
    read_total: u64,
}

impl<'a> Package<'a> {
    /// Opens the package `source` (called `name`, for messages): its kind told from its first
    /// bytes, its size and its number of entries checked; only the zip's directory is read.
    pub(crate) fn open(name: &'a str, mut source: Box<dyn Source + 'a>) -> Result<Package<'a>> {
        let len = source
            .seek(SeekFrom::End(0))
            .map_err(|_| unreadable(name))?;
        if len > MAX_FILE_BYTES {
            let mb = MAX_FILE_BYTES / 1024 / 1024;
            return Err(bad(
                name,
                said!("tệp lớn quá {mb} MB", "the file is larger than {mb} MB"),
            ));
        }
        source
            .seek(SeekFrom::Start(0))
            .map_err(|_| unreadable(name))?;
        let mut head = Vec::with_capacity(8);
        (&mut source)
            .take(8)
            .read_to_end(&mut head)
            .map_err(|_| unreadable(name))?;
        if head.starts_with(OLE) {
            // Not a zip: the whole (bounded) file says whether it is encrypted or an old .doc.
            source
                .seek(SeekFrom::Start(0))
                .map_err(|_| unreadable(name))?;
            let mut all = Vec::new();
            source.read_to_end(&mut all).map_err(|_| unreadable(name))?;
            head = all;
        }
        if let Some(e) = not_a_docx(name, &head) {
            return Err(e);
        }
        source
            .seek(SeekFrom::Start(0))
            .map_err(|_| unreadable(name))?;
        let zip = zip::ZipArchive::new(source).map_err(|_| {
            bad(
                name,
                said!(
                    "tệp bị hỏng (không đọc được dạng zip của .docx)",
                    "the file is damaged (its .docx zip cannot be read)"
                ),
            )
        })?;
        if zip.len() > MAX_ENTRIES {
            let n = zip.len();
            return Err(bad(
                name,
                said!(
                    "tệp có {n} mục, nhiều quá {MAX_ENTRIES}",
                    "the file has {n} entries, more than {MAX_ENTRIES}"
                ),
            ));
        }
        Ok(Package {
            name,
            zip,
            read_total: 0,
        })
    }

    /// [`Package::open`] over bytes in memory.
    pub(crate) fn of_bytes(name: &'a str, bytes: &'a [u8]) -> Result<Package<'a>> {
        Package::open(name, Box::new(Cursor::new(bytes)))
    }

    /// Part `path` (no leading slash), read up to `limit` bytes; `None` when the package has no
    /// such part. Over the limit, damaged or past the total: an error naming the part.
    pub(crate) fn part(&mut self, path: &str, limit: u64) -> Result<Option<Vec<u8>>> {
        let name = self.name;
        let mut entry = match self.zip.by_name(path) {
            Ok(e) => e,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(_) => {
                return Err(bad(
                    name,
                    said!(
                        "phần “{path}” của tệp bị hỏng",
                        "the part “{path}” of the file is damaged"
                    ),
                ));
            }
        };
        // Room for what the entry says it holds, up to the limit (it may lie; the read is bounded).
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size().min(limit)).unwrap_or(0));
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| {
                bad(
                    name,
                    said!(
                        "phần “{path}” của tệp bị hỏng",
                        "the part “{path}” of the file is damaged"
                    ),
                )
            })?;
        if bytes.len() as u64 > limit {
            let mb = limit / 1024 / 1024;
            return Err(bad(
                name,
                said!(
                    "phần “{path}” giải nén ra lớn quá {mb} MB",
                    "the part “{path}” unpacks to more than {mb} MB"
                ),
            ));
        }
        self.read_total += bytes.len() as u64;
        if self.read_total > MAX_TOTAL_BYTES {
            return Err(bad(
                name,
                said!(
                    "tệp giải nén ra lớn quá giới hạn",
                    "the file unpacks to more than the limit"
                ),
            ));
        }
        Ok(Some(bytes))
    }

    /// Whether the package has part `path` (nothing is unpacked).
    pub(crate) fn has(&mut self, path: &str) -> Result<bool> {
        let name = self.name;
        match self.zip.by_name(path) {
            Ok(_) => Ok(true),
            Err(zip::result::ZipError::FileNotFound) => Ok(false),
            Err(_) => Err(bad(
                name,
                said!(
                    "phần “{path}” của tệp bị hỏng",
                    "the part “{path}” of the file is damaged"
                ),
            )),
        }
    }

    /// Part `path` as text (UTF-8, a BOM dropped), `None` when absent.
    pub(crate) fn xml(&mut self, path: &str, limit: u64) -> Result<Option<String>> {
        let Some(bytes) = self.part(path, limit)? else {
            return Ok(None);
        };
        let name = self.name;
        let text = String::from_utf8(bytes).map_err(|_| {
            bad(
                name,
                said!(
                    "phần “{path}” không phải văn bản UTF-8",
                    "the part “{path}” is not UTF-8 text"
                ),
            )
        })?;
        Ok(Some(text.trim_start_matches('\u{feff}').to_string()))
    }

    /// The relationships of part `path` (`word/document.xml` → `word/_rels/document.xml.rels`), by id.
    pub(crate) fn rels(&mut self, path: &str) -> Result<HashMap<String, Rel>> {
        let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
        let rels_path = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(text) = self.xml(&rels_path, MAX_PART_BYTES)? else {
            return Ok(HashMap::new());
        };
        let doc = parse(self.name, &rels_path, &text)?;
        let mut out = HashMap::new();
        for r in doc
            .root_element()
            .children()
            .filter(|n| n.is_element() && n.tag_name().name() == "Relationship")
        {
            let (Some(id), Some(target)) = (attr(r, "Id"), attr(r, "Target")) else {
                continue;
            };
            let external =
                attr(r, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("External"));
            let kind = attr(r, "Type")
                .and_then(|t| t.rsplit('/').next())
                .unwrap_or_default()
                .to_string();
            let target = if external {
                target.to_string()
            } else {
                resolve(dir, target)
            };
            out.insert(
                id.to_string(),
                Rel {
                    target,
                    external,
                    kind,
                },
            );
        }
        Ok(out)
    }
}

/// `target` relative to folder `dir` of the package, as a part name (no leading slash, `..` applied).
pub(crate) fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The attribute called `local` (whatever its namespace prefix).
pub(crate) fn attr<'a>(node: roxmltree::Node<'a, '_>, local: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == local)
        .map(|a| a.value())
}

/// Parses part `path`: no DTD (so no entity can expand), at most [`MAX_NODES`] nodes.
pub(crate) fn parse<'t>(name: &str, path: &str, text: &'t str) -> Result<roxmltree::Document<'t>> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, opts).map_err(|e| match e {
        roxmltree::Error::DtdDetected => bad(
            name,
            said!(
                "phần “{path}” có khai báo DTD, không được phép trong .docx (có thể là tệp độc hại)",
                "the part “{path}” declares a DTD, which a .docx may not (the file may be hostile)"
            ),
        ),
        roxmltree::Error::NodesLimitReached => bad(
            name,
            said!(
                "phần “{path}” có quá nhiều phần tử",
                "the part “{path}” has too many elements"
            ),
        ),
        e => bad(
            name,
            said!(
                "phần “{path}” không phải XML hợp lệ ({e})",
                "the part “{path}” is not valid XML ({e})"
            ),
        ),
    })
}

/// The bytes of part `part` (a picture found by [`crate::read`]) of the `.docx` file `bytes` called
/// `name`, unpacked up to [`MAX_PICTURE_BYTES`]. Opening the zip again reads its directory only, so
/// each picture can be unpacked on the thread that processes it.
pub fn picture_bytes(name: &str, bytes: &[u8], part: &str) -> Result<Vec<u8>> {
    picture(Package::of_bytes(name, bytes)?, part)
}

/// [`picture_bytes`] from the `.docx` file at `path`: only that picture's bytes are read from disk.
pub fn picture_from_file(path: &std::path::Path, part: &str) -> Result<Vec<u8>> {
    let name = file_name(path);
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    picture(
        Package::open(&name, Box::new(std::io::BufReader::new(file)))?,
        part,
    )
}

/// The name of the file at `path`, as messages show it.
pub fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn picture(mut pkg: Package<'_>, part: &str) -> Result<Vec<u8>> {
    let name = pkg.name;
    pkg.part(part, MAX_PICTURE_BYTES)?.ok_or_else(|| {
        bad(
            name,
            said!(
                "ảnh “{part}” không có trong tệp",
                "the picture “{part}” is not in the file"
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_inside_the_package() {
        assert_eq!(resolve("word", "media/image1.png"), "word/media/image1.png");
        assert_eq!(resolve("word", "/word/media/a.jpg"), "word/media/a.jpg");
        assert_eq!(
            resolve("word", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("word", "../../../etc/passwd"), "etc/passwd");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }

    #[test]
    fn old_and_protected_files_are_told_apart() {
        let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        doc.extend_from_slice(&[0u8; 600]);
        let e = Package::of_bytes("a.doc", &doc).err().expect("refused");
        assert!(e.to_string().contains(".doc"), "{e}");
        let mut enc = doc.clone();
        enc.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
        let e = Package::of_bytes("b.docx", &enc).err().expect("refused");
        assert!(e.to_string().contains("mật khẩu"), "{e}");
        let e = Package::of_bytes("c.docx", b"{\\rtf1 hello}")
            .err()
            .expect("refused");
        assert!(e.to_string().contains("RTF"), "{e}");
        let e = Package::of_bytes("d.docx", b"hello")
            .err()
            .expect("refused");
        assert!(e.to_string().contains("không phải tệp Word"), "{e}");
        let e = Package::of_bytes("e.docx", b"PK\x03\x04 broken")
            .err()
            .expect("refused");
        assert!(e.to_string().contains("bị hỏng"), "{e}");
    }
}

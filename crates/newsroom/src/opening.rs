//! Files the app is asked to open from outside: a double-click on a `.toasoan` bundle or a Word
//! file in the file manager ("Mở bằng Tòa soạn"), a second launch with a path (the running window
//! takes it). What each kind becomes is the window's usual action: a bundle is received
//! (`bundle::import`), a Word file becomes a new draft (`docx`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// What a file opened from outside becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OpenKind {
    /// A `.toasoan` bundle: received as "Nhận bài từ tệp…" does.
    Bundle,
    /// A `.docx` Word file: a new draft, as "Mở tệp Word…" does.
    Word,
}

/// One file to open, its path absolute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FileToOpen {
    /// The file, absolute.
    pub path: String,
    /// What it becomes.
    pub kind: OpenKind,
}

/// The kind of file `path` is by its extension (any letter case), if the app opens it.
pub fn kind_of(path: &Path) -> Option<OpenKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "toasoan" => Some(OpenKind::Bundle),
        "docx" => Some(OpenKind::Word),
        _ => None,
    }
}

/// The files among command-line arguments `args` (the program's name not included) that the app
/// opens: existing regular files of a kind it knows, relative ones taken from `cwd` (the folder
/// the launch came from, which for a second launch is not the running app's). Options (`--…`,
/// as a WebDriver or a desktop launcher may add) and anything else are left out.
pub fn files_to_open(args: impl IntoIterator<Item = OsString>, cwd: &Path) -> Vec<FileToOpen> {
    let mut out: Vec<FileToOpen> = Vec::new();
    for arg in args {
        if arg.to_str().is_some_and(|s| s.starts_with('-')) {
            continue;
        }
        let given = PathBuf::from(&arg);
        // A `file://` URI, as some launchers pass with %U.
        let given = match arg.to_str().and_then(|s| s.strip_prefix("file://")) {
            Some(rest) => PathBuf::from(percent_decoded(rest)),
            None => given,
        };
        let path = if given.is_absolute() {
            given
        } else {
            cwd.join(given)
        };
        let Some(kind) = kind_of(&path) else {
            continue;
        };
        if !path.is_file() {
            continue;
        }
        let path = path.display().to_string();
        if !out.iter().any(|f| f.path == path) {
            out.push(FileToOpen { path, kind });
        }
    }
    out
}

/// `%XX` sequences of a URI path decoded (UTF-8 bytes, so Vietnamese names come back whole).
fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundles_and_word_files_are_taken_from_the_command_line_and_nothing_else() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("Tài liệu");
        std::fs::create_dir_all(&home).expect("folder");
        let word = home.join("bài viết mới.DOCX");
        let bundle = home.join("tin ảnh.toasoan");
        let photo = home.join("ảnh.jpg");
        let linked = home.join("tin ảnh 2.toasoan");
        for f in [&word, &bundle, &photo, &linked] {
            std::fs::write(f, b"x").expect("file");
        }
        let args: Vec<OsString> = vec![
            "--automation".into(),
            "bài viết mới.DOCX".into(),
            bundle.clone().into_os_string(),
            photo.clone().into_os_string(),
            home.join("không có.docx").into_os_string(),
            home.clone().into_os_string(),
            format!(
                "file://{}",
                home.join("tin%20%E1%BA%A3nh%202.toasoan").display()
            )
            .into(),
            bundle.clone().into_os_string(),
        ];
        let got = files_to_open(args, &home);
        assert_eq!(
            got,
            vec![
                FileToOpen {
                    path: word.display().to_string(),
                    kind: OpenKind::Word
                },
                FileToOpen {
                    path: bundle.display().to_string(),
                    kind: OpenKind::Bundle
                },
                FileToOpen {
                    path: linked.display().to_string(),
                    kind: OpenKind::Bundle
                },
            ]
        );
    }
}

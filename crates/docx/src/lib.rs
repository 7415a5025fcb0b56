//! Word files (`.docx`, Office Open XML) read into what a draft needs: a title, a lead, a Markdown
//! body with each picture at its place, the pictures' bytes with their captions, and notes on what
//! was left out and why. Nothing here touches a database or the network: linked pictures and remote
//! templates are named, never fetched.
//!
//! Layers, bottom-up: `model` (what a document becomes) < `package` (the zip and its parts, with
//! every limit) < `styles` (styles and numbering) < `body` (paragraphs, runs, tables, pictures) <
//! `shape` (title, lead, captions, Markdown) < `reader` ([`read`]).
//!
//! Safety: the file is refused before anything is parsed when it is not a zip, is a legacy `.doc`
//! or an encrypted one, or when any part is over its limit once unpacked (a zip bomb is read only
//! up to the limit); XML with a DTD is refused (so no entity can expand), element nesting is
//! bounded, and so is the number of XML nodes.

#![deny(missing_docs)]

mod body;
mod model;
mod package;
mod reader;
mod shape;
mod styles;
pub mod testing;

pub use model::{Block, Document, Note, NoteKind, Picture};
pub use package::{
    MAX_DEPTH, MAX_ENTRIES, MAX_FILE_BYTES, MAX_MAIN_XML_BYTES, MAX_NODES, MAX_PART_BYTES,
    MAX_PICTURE_BYTES, MAX_TOTAL_BYTES, file_name, picture_bytes, picture_from_file,
};
pub use reader::{read, read_file};

//! Photos of an article.

use crate::out::{errln, outln};
use newsroom::articles;
use newsroom::{figures, media, profile};

use crate::cli::*;
use crate::{Ctx, print_json};

pub(crate) fn run(ctx: Ctx, action: PhotoCommand) -> newsroom::Result<()> {
    let Ctx {
        conn,
        data_dir,
        author,
        json,
        ..
    } = ctx;
    photo(&conn, &data_dir, &author, json, action)?;
    Ok(())
}

pub(crate) fn photo(
    conn: &rusqlite::Connection,
    data_dir: &std::path::Path,
    author: &str,
    json: bool,
    action: PhotoCommand,
) -> newsroom::Result<()> {
    let spec = (profile::active(conn)?).photo_spec();
    let list = |id: &str| -> newsroom::Result<()> {
        let mut figs = figures::list(conn, id)?;
        for f in &mut figs {
            for r in &mut f.photo.renditions {
                r.path = data_dir.join(&r.path).display().to_string();
            }
        }
        if json {
            print_json(&figs);
            return Ok(());
        }
        for f in figs {
            let place = f.position.map_or("chưa đặt vào bài".to_string(), |p| {
                format!("vị trí {}", p + 1)
            });
            let lead = if f.lead {
                " · ảnh đại diện"
            } else {
                ""
            };
            outln!(
                "anh:{}  {} × {}  {place}{lead}",
                f.n,
                f.photo.width,
                f.photo.height
            );
            outln!("  chú thích: {}", f.caption);
            outln!("  mô tả (alt): {}", f.alt);
            if !f.credit.is_empty() {
                outln!("  Ảnh: {}", f.credit);
            }
            for r in f.photo.renditions {
                outln!("  {} × {}  {} byte  {}", r.width, r.height, r.bytes, r.path);
            }
        }
        Ok(())
    };
    match action {
        PhotoCommand::Add { id, files, fields } => {
            articles::get(conn, &id)?;
            let results = media::import_files(
                conn,
                data_dir,
                &files,
                &spec,
                author,
                media::default_threads(),
                &|p| {
                    if !json {
                        errln!("[{}/{}] {}", p.done, p.total, p.name);
                    }
                },
            );
            let mut failed = Vec::new();
            let mut first = true;
            for result in results {
                match result {
                    Ok(photo) => {
                        let current = articles::get(conn, &id)?;
                        let change = fields.change(first);
                        figures::add(conn, &id, current.revision, &photo.hash, &change, author)?;
                        first = false;
                    }
                    Err(e) => failed.push(e),
                }
            }
            list(&id)?;
            if let Some(e) = failed.into_iter().next() {
                return Err(e);
            }
        }
        PhotoCommand::List { id } => list(&id)?,
        PhotoCommand::Set { id, n, fields } => {
            let current = articles::get(conn, &id)?;
            figures::set(conn, &id, current.revision, n, &fields.change(true), author)?;
            list(&id)?;
        }
        PhotoCommand::Remove { id, n } => {
            let current = articles::get(conn, &id)?;
            figures::remove(conn, &id, current.revision, n, author)?;
            list(&id)?;
        }
    }
    Ok(())
}

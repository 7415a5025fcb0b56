//! Moving data: backups, bundles, and syncing with the newsroom server.

use crate::out::outln;
use newsroom::{backup, profile};

use crate::cli::*;
use crate::{Ctx, print_json};

pub(crate) fn run(ctx: Ctx, command: DataCommand) -> newsroom::Result<()> {
    let Ctx {
        conn,
        data_dir,
        author,
        json,
        me: acting_as,
        ..
    } = ctx;
    let me = || crate::acting(&acting_as);
    match command {
        DataCommand::Backup { out } => {
            let manifest = backup::create(&conn, &data_dir, &out, me()?)?;
            if json {
                print_json(
                    &serde_json::json!({ "file": out, "articles": manifest.articles, "entries": manifest.entries.len() }),
                );
            } else {
                outln!(
                    "Đã sao lưu {} bài viết vào {}",
                    manifest.articles,
                    out.display()
                );
            }
        }
        DataCommand::RestoreBackup { .. } => unreachable!("handled before the database is opened"),
        DataCommand::Sync { watch: true } => {
            let pw = crate::commands::server::password_of(&conn)?;
            newsroom_server::sync::watch(
                &conn,
                &pw,
                |done| match done {
                    Ok(s) if json => print_json(s),
                    Ok(s) if s.sent > 0 || s.received > 0 || !s.refused.is_empty() => outln!(
                        "{} · đã gửi {}, nhận {} bài, còn chờ {}",
                        newsroom::text::portal_time(chrono::Utc::now()),
                        s.sent,
                        s.received,
                        s.pending
                    ),
                    Ok(_) => {}
                    Err(e) => outln!(
                        "{} · chưa đồng bộ được: {}",
                        newsroom::text::portal_time(chrono::Utc::now()),
                        e.message(crate::lang())
                    ),
                },
                || false,
                || false,
            )?;
        }
        DataCommand::Sync { watch: false } => {
            let pw = crate::commands::server::password_of(&conn)?;
            let done = newsroom_server::sync::sync(&conn, &pw)?;
            if json {
                print_json(&done);
            } else {
                outln!(
                    "Đã gửi {} thay đổi, nhận {} bài; còn chờ gửi {}.",
                    done.sent,
                    done.received,
                    done.pending
                );
                for r in &done.refused {
                    outln!("Máy chủ không nhận: {r}");
                }
                for m in &done.moved {
                    outln!(
                        "Bài {} đã bị người khác dùng mã trước trên máy chủ: bài của bạn nay mang mã {} và đã được gửi lại.",
                        m.from,
                        m.to
                    );
                }
            }
        }
        DataCommand::Bundle { action } => match action {
            BundleCommand::Export { id, out } => {
                newsroom::bundle::export(&conn, &data_dir, &id, &out, &author)?;
                if !json {
                    outln!("{}", out.display());
                }
            }
            BundleCommand::Import { file } => {
                let spec = (profile::active(&conn)?).photo_spec();
                let got = newsroom::bundle::import(&conn, &data_dir, &file, &spec, &author)?;
                if json {
                    print_json(&got);
                } else {
                    let what = match got.outcome {
                        newsroom::bundle::Outcome::New => "bài mới".to_string(),
                        newsroom::bundle::Outcome::FastForward => {
                            "đã cập nhật theo bản mới hơn".to_string()
                        }
                        newsroom::bundle::Outcome::UpToDate => "không có gì mới hơn".to_string(),
                        newsroom::bundle::Outcome::Diverged => format!(
                            "hai bên cùng sửa: giữ cả hai phiên bản; gộp bằng `newsroom bundle merge {}`",
                            got.article_id
                        ),
                    };
                    outln!(
                        "{} “{}”: {what} ({} bản lưu, {} lời bình, {} ảnh được thêm)",
                        got.article_id,
                        got.title,
                        got.revisions,
                        got.comments,
                        got.photos
                    );
                    for why in &got.approvals_refused {
                        outln!("Không nhận bản duyệt: {why}");
                    }
                }
            }
            BundleCommand::Merge { id } => {
                let (a, conflicts) = newsroom::bundle::merge(&conn, &id, &author)?;
                if json {
                    print_json(&serde_json::json!({ "article": a, "conflicts": conflicts }));
                } else if conflicts.is_empty() {
                    outln!("Đã gộp hai phiên bản thành bản {}.", a.revision);
                } else {
                    outln!(
                        "Đã gộp thành bản {}; hai bên cùng sửa ở: {} — cả hai phiên bản nằm giữa các dấu <<<<<<< >>>>>>>, hãy sửa lại.",
                        a.revision,
                        conflicts.join(", ")
                    );
                }
            }
        },
    }
    Ok(())
}

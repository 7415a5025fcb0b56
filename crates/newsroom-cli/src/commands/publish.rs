//! Packages: export, the checklist, validate and verify.

use crate::out::outln;
use newsroom::articles;
use newsroom::{Error, checklist, export, profile};

use super::profiles::pick_profile;
use crate::cli::*;
use crate::{Ctx, print_json};

pub(crate) fn run(ctx: Ctx, command: PublishCommand) -> newsroom::Result<()> {
    let Ctx {
        conn,
        data_dir,
        json,
        me: acting_as,
        ..
    } = ctx;
    let me = || crate::acting(&acting_as);
    match command {
        PublishCommand::Export {
            id,
            out,
            zip,
            profile,
        } => {
            let profile = pick_profile(&conn, profile.as_deref())?;
            let by = me()?;
            let out = out.unwrap_or_else(|| export::default_export_dir(&data_dir));
            let done = export::export_package_as(&conn, &data_dir, &id, &out, &profile, zip, by)?;
            if json {
                print_json(&done);
            } else {
                outln!("{}", done.folder);
                if let Some(zip) = done.zip {
                    outln!("{zip}");
                }
            }
        }
        PublishCommand::Check { id, profile } => {
            let profile = pick_profile(&conn, profile.as_deref())?;
            let list = checklist::check(&conn, &id, &profile)?;
            if json {
                print_json(&list);
            } else {
                for item in &list.items {
                    let mark = match (item.ok, item.level) {
                        (true, _) => "✓",
                        (false, profile::Level::Required) => "✗",
                        (false, _) => "!",
                    };
                    let en = crate::lang() == newsroom::Lang::En;
                    let text = match (item.ok, en) {
                        (true, false) => &item.label,
                        (true, true) => &item.label_en,
                        (false, false) => &item.message,
                        (false, true) => &item.message_en,
                    };
                    outln!("{mark} {text}");
                }
                let verdict = if list.blocked {
                    newsroom::said!("chưa xuất bản được.", "cannot be published yet.")
                } else if list.warnings > 0 {
                    newsroom::said!(
                        "xuất bản được, còn lưu ý.",
                        "can be published, with warnings."
                    )
                } else {
                    newsroom::said!("sẵn sàng xuất bản.", "ready to publish.")
                };
                if crate::lang() == newsroom::Lang::En {
                    outln!("Profile {}: {}", profile.id, verdict.en());
                } else {
                    outln!("Hồ sơ {}: {}", profile.id, verdict.vi());
                }
            }
            if list.blocked {
                return Err(Error::Blocked {
                    title: articles::get(&conn, &id)?.title,
                    summary: list.blocking_summary(),
                });
            }
        }
        PublishCommand::Validate { package } => {
            let problems = export::validate(&package)?;
            if json {
                print_json(
                    &serde_json::json!({ "valid": problems.is_empty(), "problems": problems }),
                );
            } else if problems.is_empty() {
                outln!("Gói hợp lệ: {}", package.display());
            }
            export::ensure_valid(&package)?;
        }
        PublishCommand::Verify {
            package,
            keys,
            newsroom_key,
        } => {
            let keys = keys
                .as_deref()
                .map(|path| {
                    let read = newsroom::signing::read_keys_file(path)?;
                    newsroom::signing::trust_keys_file(&conn, read, newsroom_key.as_deref())
                })
                .transpose()?;
            let v = export::verify(&package, Some(&conn), keys.as_deref())?;
            if json {
                print_json(&v);
            } else {
                for n in &v.notes {
                    outln!("Lưu ý: {n}");
                }
                if v.verified
                    && let Some(a) = &v.approval
                {
                    outln!(
                        "Gói đúng là bản đã duyệt: {} duyệt lúc {} (bản {}), nội dung {}",
                        a.approver,
                        a.approved_at,
                        a.revision,
                        a.content_sha256
                    );
                    if !a.signature.is_empty() {
                        outln!("Chữ ký của {} (khóa {}) hợp lệ", a.approver, a.key_id);
                    }
                }
            }
            if !v.verified {
                return Err(Error::InvalidPackage {
                    path: package,
                    problems: v.problems.join("\n"),
                });
            }
        }
    }
    Ok(())
}

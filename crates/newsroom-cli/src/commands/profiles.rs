//! Portal profiles.

use crate::out::{out, outln};
use newsroom::profile::Profile;
use newsroom::said;
use newsroom::{Error, profile, text, workflow};

use crate::cli::*;
use crate::{Ctx, print_json};

pub(crate) fn run(ctx: Ctx, action: ProfileCommand) -> newsroom::Result<()> {
    let Ctx {
        conn,
        json,
        me: acting_as,
        ..
    } = ctx;
    let me = || crate::acting(&acting_as);
    profile_command(&conn, me()?, json, action)?;
    Ok(())
}

/// Profile `id`, or the default one.
pub(crate) fn pick_profile(
    conn: &rusqlite::Connection,
    id: Option<&str>,
) -> newsroom::Result<Profile> {
    match id {
        Some(id) => profile::get(conn, id),
        None => profile::active(conn),
    }
}

pub(crate) fn profile_command(
    conn: &rusqlite::Connection,
    by: &workflow::Actor,
    json: bool,
    action: ProfileCommand,
) -> newsroom::Result<()> {
    match action {
        ProfileCommand::List => {
            let all = profile::list(conn)?;
            if json {
                print_json(&all);
            } else {
                for e in all {
                    outln!(
                        "{} {}\t{}{}",
                        if e.default { "*" } else { " " },
                        e.profile.id,
                        e.profile.name,
                        if e.builtin { " (có sẵn)" } else { "" }
                    );
                }
            }
        }
        ProfileCommand::Show { id } => print_json(&pick_profile(conn, id.as_deref())?),
        ProfileCommand::Import { file, default } => {
            let p = profile::import_file(conn, &file, by)?;
            if default {
                profile::set_default(conn, &p.id, by)?;
            }
            if json {
                print_json(&p);
            } else {
                outln!("Đã nhập hồ sơ {} ({})", p.id, p.name);
            }
        }
        ProfileCommand::Export { id, out } => {
            profile::export_file(conn, &id, &out)?;
            if !json {
                outln!("{}", out.display());
            }
        }
        ProfileCommand::Names { id, from } => {
            let mut p = pick_profile(conn, id.as_deref())?;
            if let Some(file) = from {
                let text = std::fs::read_to_string(&file).map_err(|e| Error::InvalidInput {
                    field: "gazetteer",
                    reason: {
                        let f = file.display();
                        said!("không đọc được {f}: {e}", "cannot read {f}: {e}")
                    },
                })?;
                p.gazetteer = text::names::Gazetteer::parse(&text)?;
                profile::save(conn, &p, by)?;
            }
            if json {
                print_json(&p.gazetteer);
            } else {
                out!("{}", p.gazetteer.to_text());
            }
        }
        ProfileCommand::Default { id } => {
            profile::set_default(conn, &id, by)?;
            if !json {
                outln!("Hồ sơ mặc định: {id}");
            }
        }
        ProfileCommand::Remove { id } => {
            profile::remove(conn, &id, by)?;
            if !json {
                outln!("Đã xóa hồ sơ {id}");
            }
        }
    }
    Ok(())
}

//! People and their roles.

use crate::out::outln;
use newsroom::said;
use newsroom::{Error, workflow};

use crate::cli::*;
use crate::{Ctx, print_json};

pub(crate) fn run(ctx: Ctx, action: UserCommand) -> newsroom::Result<()> {
    let Ctx {
        conn,
        json,
        me: acting_as,
        ..
    } = ctx;
    let me = || crate::acting(&acting_as);
    match action {
        UserCommand::Add {
            name,
            role,
            new_pin,
        } => {
            let by = me()?;
            let u = workflow::add_user(&conn, by, &name, role, new_pin.as_deref())?;
            if json {
                print_json(&u);
            } else {
                outln!("Đã thêm {} ({})", u.name, u.role.label_vi());
            }
        }
        UserCommand::Role { name, role } => {
            let u = workflow::set_role(&conn, me()?, &name, role)?;
            if json {
                print_json(&u);
            } else {
                outln!("{} giờ là {}", u.name, u.role.label_vi());
            }
        }
        UserCommand::Pin { name, clear } => {
            let new_pin = if clear { None } else { Some(read_new_pin()?) };
            let u = workflow::set_pin(&conn, me()?, &name, new_pin.as_deref())?;
            if json {
                print_json(&u);
            } else if u.has_pin {
                outln!("Đã đặt PIN mới cho {}", u.name);
            } else {
                outln!("{} không còn PIN", u.name);
            }
        }
        UserCommand::Remove { name } => {
            workflow::remove_user(&conn, me()?, &name)?;
            if json {
                print_json(&serde_json::json!({ "removed": name }));
            } else {
                outln!("Đã xóa người dùng {name}");
            }
        }
        UserCommand::Key => {
            let who = me()?;
            let key = newsroom::signing::ensure_own_key(&conn, &who.name)?;
            let public = newsroom::signing::encode_public(&key.public());
            if json {
                print_json(&serde_json::json!({
                    "person": who.name, "key_id": key.key_id(), "public_key": public,
                }));
            } else {
                outln!("Khóa ký của {} (mã {}):", who.name, key.key_id());
                outln!("{public}");
            }
        }
        UserCommand::List => {
            let all = workflow::users(&conn)?;
            if json {
                print_json(&all);
            } else {
                for u in all {
                    outln!(
                        "{}\t{}{}",
                        u.name,
                        u.role.label_vi(),
                        if u.has_pin { " · có PIN" } else { "" }
                    );
                }
            }
        }
    };
    Ok(())
}

/// Environment variable holding the new PIN for `user pin` (scripts, tests).
pub(crate) const NEW_PIN_ENV: &str = "NEWSROOM_NEW_PIN";

/// The new PIN for `user pin`: from $NEWSROOM_NEW_PIN, else asked twice on the terminal without
/// echo, else the first line of stdin.
pub(crate) fn read_new_pin() -> newsroom::Result<String> {
    use std::io::IsTerminal as _;
    if let Ok(pin) = std::env::var(NEW_PIN_ENV) {
        return Ok(pin.trim().to_string());
    }
    if std::io::stdin().is_terminal() {
        let ask = |prompt: &str| {
            rpassword::prompt_password(prompt).map_err(|e| Error::io("<terminal>", e))
        };
        let first = ask("PIN mới (4–12 chữ số): ")?;
        if ask("Nhập lại PIN mới: ")? != first {
            return Err(Error::InvalidInput {
                field: "pin",
                reason: said!(
                    "hai lần nhập PIN không khớp; chưa đổi gì",
                    "the two PINs typed differ; nothing changed"
                ),
            });
        }
        return Ok(first.trim().to_string());
    }
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Error::io("<stdin>", e))?;
    Ok(line.trim().to_string())
}

//! `newsroom server …`: the newsroom server (PostgreSQL). Passwords come from the environment or
//! the terminal, never from the command line (where `ps` and shell history would keep them).

use std::path::Path;

use newsroom::{Error, said, store};
use newsroom_server::{Server, keys, people, schema};

use crate::cli::{ServerCommand, ServerKeysCommand, ServerLogin, ServerUserCommand};
use crate::out::outln;
use crate::print_json;

/// Environment variable holding your password on the server (scripts, tests).
const PASSWORD_ENV: &str = "NEWSROOM_PASSWORD";
/// Environment variable holding a new person's first password (`server user add`).
const NEW_PASSWORD_ENV: &str = "NEWSROOM_NEW_PASSWORD";

fn terminal(prompt: &str) -> newsroom::Result<String> {
    use std::io::IsTerminal as _;
    if !std::io::stdin().is_terminal() {
        return Err(Error::InvalidInput {
            field: "password",
            reason: said!(
                "cần mật khẩu: đặt biến môi trường hoặc chạy lệnh trong một terminal",
                "a password is needed: set the environment variable or run the command in a terminal"
            ),
        });
    }
    rpassword::prompt_password(prompt).map_err(|e| Error::io("<terminal>", e))
}

/// Your password: $NEWSROOM_PASSWORD, else asked.
pub(crate) fn password() -> newsroom::Result<String> {
    match std::env::var(PASSWORD_ENV) {
        Ok(pw) => Ok(pw),
        Err(_) => terminal("Mật khẩu máy chủ tòa soạn: "),
    }
}

/// The password of a joined folder's person: $NEWSROOM_PASSWORD, else the one they kept in the OS's
/// password store (`server connect --keep-password`), else asked.
pub(crate) fn password_of(conn: &rusqlite::Connection) -> newsroom::Result<String> {
    if let Ok(pw) = std::env::var(PASSWORD_ENV) {
        return Ok(pw);
    }
    match newsroom_server::kept::kept(conn) {
        Ok(Some(pw)) => return Ok(pw),
        Ok(None) => {}
        Err(e) => eprintln!("{}", e.message(crate::lang())),
    }
    terminal("Mật khẩu máy chủ tòa soạn: ")
}

/// A new password from `env`, else asked twice; as [`people::check_new_password`] takes it.
fn new_password(env: &str) -> newsroom::Result<String> {
    let pw = match std::env::var(env) {
        Ok(pw) => pw,
        Err(_) => {
            let first = terminal("Mật khẩu mới: ")?;
            if terminal("Nhập lại mật khẩu mới: ")? != first {
                return Err(Error::InvalidInput {
                    field: "password",
                    reason: said!(
                        "hai lần nhập mật khẩu không khớp; chưa đổi gì",
                        "the two passwords typed differ; nothing changed"
                    ),
                });
            }
            first
        }
    };
    people::check_new_password(&pw, None)?;
    Ok(pw)
}

fn login(l: ServerLogin) -> Server {
    Server {
        url: l.url,
        user: l.user,
    }
}

pub(crate) fn run(json: bool, data_dir: &Path, action: ServerCommand) -> newsroom::Result<()> {
    match action {
        ServerCommand::Connect {
            login: l,
            keep_password,
        } => {
            let pw = password()?;
            let conn = store::open(data_dir)?;
            let c = newsroom_server::sync::join(&conn, &login(l), &pw)?;
            if keep_password {
                newsroom_server::kept::keep(&conn, &pw)?;
            }
            if json {
                print_json(&c);
            } else {
                outln!(
                    "Đã nối thư mục {} với máy chủ tòa soạn dưới tên “{}”. Chạy “newsroom sync” để đồng bộ.",
                    data_dir.display(),
                    c.joined.user
                );
                if keep_password {
                    outln!(
                        "Mật khẩu được giữ trong kho mật khẩu của hệ điều hành: “newsroom sync” không hỏi lại (“newsroom server forget-password” để bỏ)."
                    );
                }
                if c.password_in_url {
                    outln!(
                        "Mật khẩu viết trong địa chỉ máy chủ đã được bỏ đi: thư mục không lưu mật khẩu (hãy dùng NEWSROOM_PASSWORD hoặc gõ khi được hỏi)."
                    );
                }
                if !c.approves {
                    outln!("Vai trò của bạn không duyệt bài: bạn không cần khóa ký.");
                } else if c.key_registered {
                    outln!("Khóa ký {} của bạn đã được đăng ký trên máy chủ.", c.key_id);
                } else {
                    outln!(
                        "Khóa ký của bạn đã được gửi lên máy chủ và chờ quản trị đăng ký. Dấu vân tay: {}",
                        c.fingerprint
                    );
                    outln!(
                        "Khi quản trị đăng ký, hai bên đọc cho nhau dấu này (qua điện thoại): phải giống nhau."
                    );
                }
            }
        }
        ServerCommand::Status => {
            let conn = store::open(data_dir)?;
            // A folder joined by an earlier version may hold a password in its address: never shown.
            let joined = newsroom::sync::joined(&conn)?.map(|mut j| {
                j.url = newsroom_server::without_password(&j.url).0;
                j
            });
            let pending = newsroom::sync::pending(&conn)?;
            let log = newsroom::sync::log(&conn, 20)?;
            if json {
                print_json(&serde_json::json!({
                    "server": joined, "pending": pending,
                    "log": log.iter().map(|(at, m)| serde_json::json!({"at": at, "message": m})).collect::<Vec<_>>(),
                }));
            } else if let Some(j) = joined {
                outln!("Máy chủ: {} · tên: {}", j.url, j.user);
                match (&j.synced_at, &j.error) {
                    (_, Some(e)) => outln!("Lần đồng bộ cuối không xong: {e}"),
                    (Some(at), None) => outln!("Đồng bộ lần cuối: {at}"),
                    (None, None) => outln!("Chưa đồng bộ lần nào"),
                }
                outln!("Đang chờ gửi: {pending}");
                if j.password_kept {
                    outln!("Mật khẩu: giữ trong kho mật khẩu của hệ điều hành");
                }
                if let Some(k) = newsroom::signing::own_key(&conn, &j.user)? {
                    let id = k.key_id();
                    let registered = newsroom::signing::registered(
                        &newsroom::signing::trusted(&conn)?,
                        &id,
                        &j.user,
                    );
                    outln!(
                        "Khóa ký: {} · {}",
                        newsroom::signing::fingerprint(&id),
                        if registered {
                            "đã đăng ký"
                        } else {
                            "chờ quản trị đăng ký"
                        }
                    );
                }
                for (at, m) in log {
                    outln!("{at}\t{m}");
                }
            } else {
                outln!("Thư mục này chưa nối với máy chủ tòa soạn.");
            }
        }
        ServerCommand::Leave => {
            let conn = store::open(data_dir)?;
            let left = newsroom_server::sync::leave(&conn)?;
            if json {
                print_json(&left);
            } else {
                outln!(
                    "Đã rời máy chủ {}. Bài viết vẫn ở thư mục này; {} thay đổi chưa gửi được giữ lại và sẽ được gửi nếu “{}” nối lại tòa soạn này.",
                    left.url,
                    left.unsent,
                    left.user
                );
            }
        }
        ServerCommand::KeepPassword => {
            let conn = store::open(data_dir)?;
            let (server, _) = newsroom_server::sync::server_of(&conn)?;
            let pw = password()?;
            newsroom_server::sync::check_sign_in(&server, &pw)?;
            newsroom_server::kept::keep(&conn, &pw)?;
            if json {
                print_json(&serde_json::json!({ "kept": true }));
            } else {
                outln!(
                    "Mật khẩu được giữ trong kho mật khẩu của hệ điều hành (dịch vụ “{}”).",
                    newsroom_server::kept::SERVICE
                );
            }
        }
        ServerCommand::ForgetPassword => {
            let conn = store::open(data_dir)?;
            newsroom_server::kept::forget(&conn)?;
            if json {
                print_json(&serde_json::json!({ "kept": false }));
            } else {
                outln!("Mật khẩu không còn được giữ trên máy này: sẽ được hỏi khi cần.");
            }
        }
        ServerCommand::Move { url } => {
            let conn = store::open(data_dir)?;
            let pw = password_of(&conn)?;
            let j = newsroom_server::sync::move_to(&conn, &url, &pw)?;
            if json {
                print_json(&j);
            } else {
                outln!(
                    "Thư mục đã chuyển sang máy chủ {}; lần đồng bộ tới đọc lại mọi thứ một lần.",
                    j.url
                );
            }
        }
        ServerCommand::Password { login: l } => {
            let old = password()?;
            let new = new_password(NEW_PASSWORD_ENV)?;
            people::check_new_password(&new, Some(&old))?;
            let server = login(l);
            newsroom_server::sync::set_own_password(&server, &old, &new)?;
            // The data folder's own person, if it is joined as them: a kept password follows.
            let conn = store::open(data_dir)?;
            if newsroom::sync::joined(&conn)?
                .is_some_and(|j| server.user.as_deref() == Some(j.user.as_str()))
            {
                newsroom_server::kept::renew(&conn, &new)?;
            }
            if json {
                print_json(&serde_json::json!({ "changed": true }));
            } else {
                outln!(
                    "Đã đổi mật khẩu của bạn trên máy chủ tòa soạn. Từ nay hãy dùng mật khẩu mới."
                );
            }
        }
        ServerCommand::Init { url, admin } => {
            let superuser_password = std::env::var("PGPASSWORD").ok();
            let done = newsroom_server::init(
                &Server { url, user: None },
                superuser_password.as_deref(),
                &admin,
                || new_password(PASSWORD_ENV),
            )?;
            if json {
                print_json(&done);
            } else if done.from == 0 {
                outln!("Đã tạo tòa soạn trên máy chủ (lược đồ {}).", done.to);
            } else if done.from < done.to {
                outln!(
                    "Đã nâng cấp lược đồ máy chủ từ {} lên {}.",
                    done.from,
                    done.to
                );
            } else {
                outln!("Máy chủ đã ở lược đồ {}; không cần nâng cấp.", done.to);
            }
            if !json && done.admin_created {
                outln!("Đã tạo quản trị “{}”.", admin.trim());
            }
        }
        ServerCommand::Keys { login: l, action } => {
            let pw = password()?;
            let mut client = newsroom_server::connect(&login(l), Some(&pw))?;
            schema::check_version(&mut client)?;
            match action {
                ServerKeysCommand::Add { name, key } => {
                    let id = keys::add(&mut client, &name, &key)?;
                    if json {
                        print_json(&serde_json::json!({ "person": name, "key_id": id }));
                    } else {
                        outln!("Đã đăng ký khóa {id} cho {name}");
                    }
                }
                ServerKeysCommand::List => {
                    let all = keys::list(&mut client)?;
                    if json {
                        print_json(&all);
                    } else {
                        for k in all {
                            let revoked = k
                                .revoked_at
                                .map(|at| format!(" · thu hồi lúc {at}"))
                                .unwrap_or_default();
                            outln!("{}	{}	{}{revoked}", k.key_id, k.person, k.public_key);
                        }
                    }
                }
                ServerKeysCommand::Pending => {
                    let all = keys::pending(&mut client)?;
                    if json {
                        print_json(&all);
                    } else if all.is_empty() {
                        outln!("Không có khóa nào chờ đăng ký.");
                    } else {
                        for k in all {
                            outln!("{}\t{}\tgửi lúc {}", k.person, k.fingerprint, k.offered_at);
                        }
                    }
                }
                ServerKeysCommand::Register { name, key } => {
                    let id = keys::register(
                        &mut client,
                        &name,
                        &newsroom::signing::key_id_of_fingerprint(&key),
                    )?;
                    if json {
                        print_json(&serde_json::json!({ "person": name, "key_id": id }));
                    } else {
                        outln!(
                            "Đã đăng ký khóa {} cho {name}",
                            newsroom::signing::fingerprint(&id)
                        );
                    }
                }
                ServerKeysCommand::Dismiss { name, key } => {
                    keys::dismiss(
                        &mut client,
                        &name,
                        &newsroom::signing::key_id_of_fingerprint(&key),
                    )?;
                    if json {
                        print_json(&serde_json::json!({ "dismissed": key }));
                    } else {
                        outln!("Đã bỏ khóa chờ của {name}");
                    }
                }
                ServerKeysCommand::Revoke { key_id } => {
                    keys::revoke(&mut client, &key_id)?;
                    if json {
                        print_json(&serde_json::json!({ "revoked": key_id }));
                    } else {
                        outln!(
                            "Đã thu hồi khóa {key_id}: mọi bản duyệt ký bằng nó không còn giá trị, các phiên đang mở của người giữ nó đã bị ngắt"
                        );
                    }
                }
                ServerKeysCommand::Export { out } => {
                    let conn = store::open(data_dir)?;
                    let (n, signer) = keys::export(&mut client, &conn, &out)?;
                    let print = newsroom::signing::fingerprint(&signer);
                    if json {
                        print_json(&serde_json::json!({
                            "out": out, "keys": n, "signed_by": signer, "fingerprint": print,
                        }));
                    } else {
                        outln!("Đã ghi {n} khóa vào {}", out.display());
                        outln!(
                            "Tệp được ký bằng khóa quản trị của bạn, dấu khóa: {print}. Đọc dấu này cho bàn đăng bài (qua điện thoại) lần đầu họ dùng tệp."
                        );
                    }
                }
            }
        }
        ServerCommand::User { login: l, action } => {
            let pw = password()?;
            let mut client = newsroom_server::connect(&login(l), Some(&pw))?;
            schema::check_version(&mut client)?;
            match action {
                ServerUserCommand::Add { name, role, first } => {
                    let pw = new_password(NEW_PASSWORD_ENV)?;
                    let p = if first {
                        people::add_first(&mut client, &name, role, &pw)?
                    } else {
                        people::add(&mut client, &name, role, &pw)?
                    };
                    if json {
                        print_json(&p);
                    } else if first {
                        outln!(
                            "Đã thêm {} ({}); lần đầu đăng nhập, họ phải đặt mật khẩu của riêng mình",
                            p.name,
                            p.role.label_vi()
                        );
                    } else {
                        outln!("Đã thêm {} ({})", p.name, p.role.label_vi());
                    }
                }
                ServerUserCommand::List => match people::overview(&mut client) {
                    Ok(all) => {
                        if json {
                            print_json(&all);
                        } else {
                            for p in all {
                                let first = if p.first_password {
                                    " · chưa đổi mật khẩu đầu"
                                } else {
                                    ""
                                };
                                let seen = p.last_seen_at.map_or_else(
                                    || "chưa đồng bộ".to_string(),
                                    |at| {
                                        format!(
                                            "đồng bộ lúc {at} (bản {})",
                                            p.app_version.unwrap_or_default()
                                        )
                                    },
                                );
                                outln!("{}\t{}{first}\t{seen}", p.name, p.role.label_vi());
                            }
                        }
                    }
                    Err(e) if e.code() == newsroom::ErrorCode::Forbidden => {
                        let all = people::list(&mut client)?;
                        if json {
                            print_json(&all);
                        } else {
                            for p in all {
                                outln!("{}\t{}", p.name, p.role.label_vi());
                            }
                        }
                    }
                    Err(e) => return Err(e),
                },
                ServerUserCommand::Reset { name } => {
                    let pw = new_password(NEW_PASSWORD_ENV)?;
                    people::reset_password(&mut client, &name, &pw)?;
                    if json {
                        print_json(&serde_json::json!({ "reset": name }));
                    } else {
                        outln!(
                            "Đã đặt mật khẩu đầu mới cho {name}: các phiên đang mở của họ đã bị ngắt; lần đăng nhập tới họ phải đặt mật khẩu của riêng mình"
                        );
                    }
                }
                ServerUserCommand::Role { name, role } => {
                    let p = people::set_role(&mut client, &name, role)?;
                    if json {
                        print_json(&p);
                    } else {
                        outln!("{} giờ là {}", p.name, p.role.label_vi());
                    }
                }
                ServerUserCommand::Remove { name } => {
                    people::remove(&mut client, &name)?;
                    if json {
                        print_json(&serde_json::json!({ "removed": name }));
                    } else {
                        outln!("Đã xoá {name} khỏi máy chủ tòa soạn");
                    }
                }
            }
        }
    }
    Ok(())
}

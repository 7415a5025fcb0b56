//! "Giữ mật khẩu trên máy này": a person's server password kept in the OS's own password store
//! when they tick it — the Secret Service on Linux (GNOME Keyring, KWallet), the Credential
//! Manager on Windows — through the `keyring` crate. The data folder records only *that* it was
//! kept (`sync_server.password_kept`), never the password, so the OS store is asked at start only
//! for a folder whose person asked, and a folder that never did never touches it.
//!
//! One entry per person and server: service `toa-soan`, account `user@address` (the address
//! without any password). Leaving the server removes it; moving to a new address moves it; a new
//! password replaces it.

use newsroom::sync::{self as local, Joined};
use newsroom::{Error, Result, said};
use rusqlite::Connection;

/// The service name of the app's entries in the OS store.
pub const SERVICE: &str = "toa-soan";

/// The account of the folder's person on its server, as its entry is named.
fn account(url: &str, user: &str) -> String {
    format!("{user}@{}", crate::conn::without_password(url).0)
}

fn entry(account: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, account).map_err(refused)
}

/// The OS store's refusal, in words a person can act on.
fn refused(e: keyring::Error) -> Error {
    let reason = match e {
        keyring::Error::NoDefaultStore => said!(
            "máy này không có dịch vụ giữ mật khẩu đang chạy (trên Linux: GNOME Keyring hoặc KWallet trong phiên đăng nhập; trên Windows: Credential Manager); mật khẩu sẽ được hỏi mỗi lần mở ứng dụng",
            "no password service runs on this computer (on Linux: GNOME Keyring or KWallet in the session; on Windows: Credential Manager); the password will be asked at each start"
        ),
        keyring::Error::NoStorageAccess(why) => said!(
            "kho mật khẩu đang khóa hoặc từ chối ({why}); hãy mở khóa nó (thường bằng mật khẩu đăng nhập máy) rồi thử lại",
            "the password store is locked or refused ({why}); unlock it (usually with the computer's sign-in password) and try again"
        ),
        other => said!("{other}", "{other}"),
    };
    Error::Keyring { reason }
}

/// The entry's account of the folder's person, if they asked to keep their password.
fn kept_account(conn: &Connection) -> Result<Option<(Joined, String)>> {
    Ok(local::joined(conn)?.filter(|j| j.password_kept).map(|j| {
        let a = account(&j.url, &j.user);
        (j, a)
    }))
}

/// Keeps `password` in the OS store for the folder's person: the app will not ask it again at
/// start. A folder not joined is refused; nothing is recorded if the OS store refuses.
pub fn keep(conn: &Connection, password: &str) -> Result<()> {
    let j = local::joined(conn)?.ok_or_else(local::not_joined)?;
    entry(&account(&j.url, &j.user))?
        .set_password(password)
        .map_err(refused)?;
    local::set_password_kept(conn, true)
}

/// The password kept for the folder's person, if they asked to keep it and the OS store still has
/// it (an entry removed there is forgotten here too: the app asks again).
pub fn kept(conn: &Connection) -> Result<Option<String>> {
    let Some((_, a)) = kept_account(conn)? else {
        return Ok(None);
    };
    match entry(&a)?.get_password() {
        Ok(p) => Ok(Some(p)),
        Err(keyring::Error::NoEntry) => {
            local::set_password_kept(conn, false)?;
            Ok(None)
        }
        Err(e) => Err(refused(e)),
    }
}

/// Whether the folder's person asked to keep their password.
pub fn is_kept(conn: &Connection) -> Result<bool> {
    Ok(local::joined(conn)?.is_some_and(|j| j.password_kept))
}

/// Takes the folder's person's password out of the OS store ("Quên mật khẩu đã lưu"); nothing to
/// do if it was not kept.
pub fn forget(conn: &Connection) -> Result<()> {
    let Some((_, a)) = kept_account(conn)? else {
        return Ok(());
    };
    remove(&a)?;
    local::set_password_kept(conn, false)
}

fn remove(account: &str) -> Result<()> {
    match entry(account)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(refused(e)),
    }
}

/// The person's password changed (`new`): the kept one, if kept, becomes it.
pub fn renew(conn: &Connection, new: &str) -> Result<()> {
    match kept_account(conn)? {
        Some((_, a)) => entry(&a)?.set_password(new).map_err(refused),
        None => Ok(()),
    }
}

/// The folder's server moved from `old_url`: a kept password follows it to the new address's
/// entry, and the old entry goes.
pub fn moved(conn: &Connection, old_url: &str, password: &str) -> Result<()> {
    let Some((j, new)) = kept_account(conn)? else {
        return Ok(());
    };
    let old = account(old_url, &j.user);
    if old == new {
        return Ok(());
    }
    entry(&new)?.set_password(password).map_err(refused)?;
    remove(&old)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_names_its_person_and_server_never_a_password() {
        assert_eq!(
            account("postgresql://binh:secret@may-chu:5432/toasoan", "binh"),
            "binh@postgresql://binh@may-chu:5432/toasoan"
        );
    }

    /// The Credential Manager for real (Windows, and Wine in `make windows-test`): a kept password
    /// is read back, replaced, and gone once forgotten.
    #[cfg(windows)]
    #[test]
    fn the_credential_manager_keeps_replaces_and_forgets_a_password() {
        let dir = tempfile::tempdir().expect("tempdir");
        let conn = newsroom::store::open(dir.path()).expect("data folder");
        local::join(&conn, "postgresql://may-chu/toasoan", "Trần Bình", None).expect("join");
        keep(&conn, "mật khẩu một").expect("kept");
        assert!(is_kept(&conn).expect("flag"));
        assert_eq!(kept(&conn).expect("read").as_deref(), Some("mật khẩu một"));
        renew(&conn, "mật khẩu hai").expect("renewed");
        assert_eq!(kept(&conn).expect("read").as_deref(), Some("mật khẩu hai"));
        forget(&conn).expect("forgotten");
        assert!(!is_kept(&conn).expect("flag"));
        assert_eq!(kept(&conn).expect("read"), None);
        let gone = entry(&account("postgresql://may-chu/toasoan", "Trần Bình"))
            .expect("entry")
            .get_password();
        assert!(matches!(gone, Err(keyring::Error::NoEntry)), "{gone:?}");
    }
}

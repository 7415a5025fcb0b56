//! The newsroom's signing keys on the server: an admin registers each person's public key (made on
//! their own machine) and revokes it when a laptop is lost; every member reads them, to check the
//! approvals they pull. The secret halves never leave the laptops.

use newsroom::Result;
use newsroom::signing::{PublicKey, decode_public};
use newsroom::text::nfc;
use postgres::{Client, GenericClient};

use crate::conn::{ClientExt, error};

/// Every key, revoked ones included (with when), with its person's role now (none: no longer one
/// of the newsroom's people).
pub fn list<C: GenericClient>(client: &mut C) -> Result<Vec<PublicKey>> {
    Ok(client
        .query(
            "SELECT key_id, person, public_key, registered_at, revoked_at, role FROM newsroom.keys_list()",
            &[],
        )
        .map_err(error)?
        .into_iter()
        .map(|r| PublicKey {
            key_id: r.get(0),
            person: r.get(1),
            public_key: r.get(2),
            registered_at: r.get(3),
            revoked_at: r.get(4),
            role: Some(r.get::<_, Option<String>>(5).unwrap_or_default()),
        })
        .collect())
}

/// Writes the newsroom's keys file to `out`, signed by the caller, who must be an admin whose own
/// key (in data folder `conn`) is registered: [`newsroom::signing::keys_file`]. The key that signed.
pub fn export(
    client: &mut Client,
    conn: &rusqlite::Connection,
    out: &std::path::Path,
) -> Result<(usize, String)> {
    let all = list(client)?;
    let me: String = client
        .query_one("SELECT session_user::text", &[])
        .map_err(error)?
        .get(0);
    let signer = newsroom::signing::own_key(conn, &me)?.ok_or_else(|| {
        newsroom::Error::InvalidInput {
            field: "keys",
            reason: newsroom::said!(
                "thư mục dữ liệu này không có khóa của “{me}”: tệp khóa phải được ký bằng khóa quản trị đã đăng ký (chạy lệnh trong thư mục đã nối máy chủ của bạn)",
                "this data folder holds no key of “{me}”: the keys file must be signed with a registered admin key (run this in your folder joined to the server)"
            ),
        }
    })?;
    newsroom::signing::write_keys_file(out, &all, &signer)?;
    Ok((all.len(), signer.key_id()))
}

/// Registers `public_key` (`ed25519:…`) as `person`'s; the caller must be an admin. Its key id.
pub fn add(client: &mut Client, person: &str, public_key: &str) -> Result<String> {
    // Checked here too, for a clear message before the server's.
    decode_public(public_key)?;
    let rows = client.call(
        "SELECT newsroom.add_key($1, $2)",
        &[&nfc(person.trim()), &public_key.trim()],
    )?;
    Ok(rows.first().map(|r| r.get(0)).unwrap_or_default())
}

/// Revokes key `key_id` (a lost laptop): its person's open sessions end too. The caller must be
/// an admin.
pub fn revoke(client: &mut Client, key_id: &str) -> Result<()> {
    client.call("SELECT newsroom.revoke_key($1)", &[&key_id.trim()])?;
    Ok(())
}

/// A key its person offered, waiting for an admin to register it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Pending {
    /// Whose login offered it.
    pub person: String,
    /// Its id.
    pub key_id: String,
    /// As read aloud on both machines: groups of four hex digits of the id.
    pub fingerprint: String,
    /// `ed25519:…`.
    pub public_key: String,
    /// When it was offered (RFC 3339 UTC).
    pub offered_at: String,
}

/// Offers the caller's own public key (their role must approve): it waits for an admin. Its id.
pub fn offer(client: &mut Client, public_key: &str) -> Result<String> {
    decode_public(public_key)?;
    let rows = client.call("SELECT newsroom.offer_key($1)", &[&public_key.trim()])?;
    Ok(rows.first().map(|r| r.get(0)).unwrap_or_default())
}

/// Keys waiting: all of them for an admin, the caller's own for anyone else.
pub fn pending(client: &mut Client) -> Result<Vec<Pending>> {
    Ok(client
        .call(
            "SELECT person, key_id, public_key, offered_at FROM newsroom.pending_keys_list()",
            &[],
        )?
        .into_iter()
        .map(|r| {
            let key_id: String = r.get(1);
            Pending {
                person: r.get(0),
                fingerprint: newsroom::signing::fingerprint(&key_id),
                key_id,
                public_key: r.get(2),
                offered_at: r.get(3),
            }
        })
        .collect())
}

/// Registers `person`'s pending key `key_id` (the caller must be an admin). Its id.
pub fn register(client: &mut Client, person: &str, key_id: &str) -> Result<String> {
    let rows = client.call(
        "SELECT newsroom.register_key($1, $2)",
        &[&nfc(person.trim()), &key_id.trim()],
    )?;
    Ok(rows.first().map(|r| r.get(0)).unwrap_or_default())
}

/// Turns `person`'s pending key `key_id` away (the caller must be an admin).
pub fn dismiss(client: &mut Client, person: &str, key_id: &str) -> Result<()> {
    client.call(
        "SELECT newsroom.dismiss_key($1, $2)",
        &[&nfc(person.trim()), &key_id.trim()],
    )?;
    Ok(())
}

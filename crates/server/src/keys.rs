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

/// Revokes key `key_id`; the caller must be an admin.
pub fn revoke(client: &mut Client, key_id: &str) -> Result<()> {
    client.call("SELECT newsroom.revoke_key($1)", &[&key_id.trim()])?;
    Ok(())
}

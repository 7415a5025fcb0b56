//! The newsroom's people on the server: each a PostgreSQL login role in one of the four group
//! roles. Only an admin adds, changes and removes people; the server's functions check it.

use newsroom::Result;
use newsroom::text::nfc;
use newsroom::workflow::Role;
use postgres::Client;
use serde::Serialize;

use crate::conn::{ClientExt, scram_verifier};

/// A person of the newsroom, as the server knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Person {
    /// Name: their login, as shown and recorded.
    pub name: String,
    /// Their role: the group role they are in.
    pub role: Role,
}

fn role_named(s: Option<String>) -> Option<Role> {
    s.as_deref().and_then(Role::parse)
}

/// Who is connected, as the server sees them (None: a login that is not one of the newsroom's people).
pub fn me(client: &mut Client) -> Result<Option<Person>> {
    let rows = client.call("SELECT name, role FROM newsroom.me()", &[])?;
    Ok(rows.first().and_then(|r| {
        role_named(r.get(1)).map(|role| Person {
            name: r.get(0),
            role,
        })
    }))
}

/// The people, by name.
pub fn list(client: &mut Client) -> Result<Vec<Person>> {
    Ok(client
        .call("SELECT name, role FROM newsroom.people_list()", &[])?
        .into_iter()
        .filter_map(|r| {
            role_named(r.get(1)).map(|role| Person {
                name: r.get(0),
                role,
            })
        })
        .collect())
}

/// Adds `name` as `role` with `password` (sent as a SCRAM verifier). The caller must be an admin.
pub fn add(client: &mut Client, name: &str, role: Role, password: &str) -> Result<Person> {
    let name = nfc(name.trim());
    client.call(
        "SELECT newsroom.add_person($1, $2, $3)",
        &[&name, &role.as_str(), &scram_verifier(password)],
    )?;
    Ok(Person { name, role })
}

/// Gives `name` another role (the newsroom keeps at least one admin). The caller must be an admin.
pub fn set_role(client: &mut Client, name: &str, role: Role) -> Result<Person> {
    let name = nfc(name.trim());
    client.call("SELECT newsroom.set_role($1, $2)", &[&name, &role.as_str()])?;
    Ok(Person { name, role })
}

/// Removes `name`: their login is dropped, their name stays in the history. The caller must be
/// an admin, and not `name`.
pub fn remove(client: &mut Client, name: &str) -> Result<()> {
    let name = nfc(name.trim());
    client.call("SELECT newsroom.remove_person($1)", &[&name])?;
    Ok(())
}

/// Adds `name` as `role` with a first `password` they must replace before anything else: until
/// [`change_password`], their login may only say who it is and set its own. The caller must be an
/// admin.
pub fn add_first(client: &mut Client, name: &str, role: Role, password: &str) -> Result<Person> {
    let name = nfc(name.trim());
    client.call(
        "SELECT newsroom.add_person($1, $2, $3, true)",
        &[&name, &role.as_str(), &scram_verifier(password)],
    )?;
    Ok(Person { name, role })
}

/// Who is connected and their role; for someone still holding their first password, the role
/// they will have and `first_password`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Me {
    /// Their login.
    pub name: String,
    /// Their role, or the one waiting for their own password (None: not one of the people).
    pub role: Option<Role>,
    /// They still have the first password an admin gave them.
    pub first_password: bool,
}

/// Who is connected, as the server sees them, first password or not.
pub fn me_first(client: &mut Client) -> Result<Me> {
    let rows = client.call(
        "SELECT name, role, first_role FROM newsroom.me_first()",
        &[],
    )?;
    let row = rows.first().ok_or_else(|| newsroom::Error::Server {
        reason: newsroom::said!(
            "máy chủ không cho biết bạn là ai",
            "the server does not say who you are"
        ),
    })?;
    let role = role_named(row.get(1));
    let first = role_named(row.get(2));
    Ok(Me {
        name: row.get(0),
        first_password: role.is_none() && first.is_some(),
        role: role.or(first),
    })
}

/// Sets the caller's own password (a first password's person gets their role with it).
pub fn change_password(client: &mut Client, password: &str) -> Result<()> {
    client.call(
        "SELECT newsroom.change_password($1)",
        &[&scram_verifier(password)],
    )?;
    Ok(())
}

/// Gives `name` a new first `password` (forgotten, or a lost laptop): their open sessions end and
/// they can do nothing until they set their own. The caller must be an admin, and not `name`.
pub fn reset_password(client: &mut Client, name: &str, password: &str) -> Result<()> {
    client.call(
        "SELECT newsroom.reset_password($1, $2)",
        &[&nfc(name.trim()), &scram_verifier(password)],
    )?;
    Ok(())
}

/// The caller's laptop synced, running `app_version` (the server writes it at most once a minute).
pub fn seen(client: &mut Client, app_version: &str) -> Result<()> {
    client.call("SELECT newsroom.seen($1)", &[&app_version])?;
    Ok(())
}

/// A person as an admin sees them in Settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Overview {
    /// Name (their login).
    pub name: String,
    /// Their role (for one still holding their first password, the role waiting for them).
    pub role: Role,
    /// They have not yet replaced the first password an admin gave them.
    pub first_password: bool,
    /// When they were added (RFC 3339 UTC).
    pub added_at: String,
    /// Their laptop's last sync (RFC 3339 UTC; to the minute).
    #[ts(optional = nullable)]
    pub last_seen_at: Option<String>,
    /// The app's version at that sync.
    #[ts(optional = nullable)]
    pub app_version: Option<String>,
}

/// The people, with roles, first passwords and last syncs. The caller must be an admin.
pub fn overview(client: &mut Client) -> Result<Vec<Overview>> {
    Ok(client
        .call(
            "SELECT name, role, first_password,
                    to_char(added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                    to_char(last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                    app_version
             FROM newsroom.people_overview()",
            &[],
        )?
        .into_iter()
        .filter_map(|r| {
            role_named(r.get(1)).map(|role| Overview {
                name: r.get(0),
                role,
                first_password: r.get(2),
                added_at: r.get::<_, Option<String>>(3).unwrap_or_default(),
                last_seen_at: r.get(4),
                app_version: r.get(5),
            })
        })
        .collect())
}

/// Shortest password the server's people may have.
pub const MIN_PASSWORD: usize = 8;

/// A new password as people may choose it: at least [`MIN_PASSWORD`] characters, and not `old`.
pub fn check_new_password(new: &str, old: Option<&str>) -> Result<()> {
    if new.chars().count() < MIN_PASSWORD {
        return Err(newsroom::Error::InvalidInput {
            field: "password",
            reason: newsroom::said!(
                "mật khẩu cần ít nhất {MIN_PASSWORD} ký tự",
                "a password needs at least {MIN_PASSWORD} characters"
            ),
        });
    }
    if old == Some(new) {
        return Err(newsroom::Error::InvalidInput {
            field: "password",
            reason: newsroom::said!(
                "mật khẩu mới phải khác mật khẩu cũ",
                "the new password must differ from the old one"
            ),
        });
    }
    Ok(())
}

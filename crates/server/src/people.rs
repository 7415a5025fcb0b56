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

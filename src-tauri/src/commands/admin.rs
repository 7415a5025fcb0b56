//! Settings → "Tòa soạn" for an admin of a joined folder: the newsroom's people (add with a first
//! password, change a role, give a new first password, remove), signing keys (register a pending
//! one after the fingerprints match, turn one away, revoke a lost laptop's), who synced when.
//! Each command connects to the server with the admin's own login; the server decides, and
//! refuses anyone but an admin.

use newsroom::workflow::Role;
use newsroom_server::Client;
use newsroom_server::{keys, people};
use serde::Serialize;
use tauri::AppHandle;

use super::blocking;
use crate::error::CmdResult;
use crate::state::AppState;

/// A registered key, as Settings lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct KeyView {
    /// Its id.
    pub key_id: String,
    /// Its fingerprint, as read aloud.
    pub fingerprint: String,
    /// Whose it is.
    pub person: String,
    /// When it was registered (UTC).
    pub registered_at: String,
    /// When it was revoked, if it was.
    #[ts(optional = nullable)]
    pub revoked_at: Option<String>,
}

/// What an admin sees of the newsroom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct NewsroomView {
    /// The people, by name.
    pub people: Vec<people::Overview>,
    /// Keys waiting for an admin.
    pub pending: Vec<keys::Pending>,
    /// Registered keys, revoked ones included.
    pub keys: Vec<KeyView>,
}

/// A connection to the joined folder's server as its person, with the password given since the
/// app started.
fn client(state: &AppState) -> CmdResult<Client> {
    let conn = state.own_connection()?;
    let (server, _) = newsroom_server::sync::server_of(&conn)?;
    let password = state.server.password_given()?;
    let mut client = newsroom_server::connect(&server, Some(&password))?;
    if newsroom_server::schema::check_version(&mut client)?
        < newsroom_server::schema::RUNS_THE_NEWSROOM
    {
        return Err(newsroom::Error::Server {
            reason: newsroom::said!(
                "máy chủ tòa soạn còn ở lược đồ cũ: hãy chạy “newsroom server init” để nâng cấp, rồi quản lý người và khóa ở đây",
                "the newsroom server has an older schema: run “newsroom server init” to upgrade it, then manage people and keys here"
            ),
        }
        .into());
    }
    Ok(client)
}

fn view(client: &mut Client) -> CmdResult<NewsroomView> {
    Ok(NewsroomView {
        people: people::overview(client)?,
        pending: keys::pending(client)?,
        keys: keys::list(client)?
            .into_iter()
            .map(|k| KeyView {
                fingerprint: newsroom::signing::fingerprint(&k.key_id),
                key_id: k.key_id,
                person: k.person,
                registered_at: k.registered_at,
                revoked_at: k.revoked_at,
            })
            .collect(),
    })
}

/// Runs `change` as the admin, wakes the sync (the people and keys reach this folder at once) and
/// answers what the admin sees now.
async fn admin_change(
    app: AppHandle,
    name: &'static str,
    change: impl FnOnce(&mut Client) -> newsroom::Result<()> + Send + 'static,
) -> CmdResult<NewsroomView> {
    blocking(app, name, move |_app, state| {
        let mut c = client(state)?;
        change(&mut c)?;
        state.server.changed();
        view(&mut c)
    })
    .await
}

/// The newsroom's people and keys (an admin only).
#[tauri::command]
pub async fn newsroom_view(app: AppHandle) -> CmdResult<NewsroomView> {
    blocking(app, "newsroom_view", move |_app, state| {
        view(&mut client(state)?)
    })
    .await
}

/// Adds a person with a first password they must replace at their first sign-in.
#[tauri::command]
pub async fn newsroom_add_person(
    app: AppHandle,
    name: String,
    role: Role,
    password: String,
) -> CmdResult<NewsroomView> {
    admin_change(app, "newsroom_add_person", move |c| {
        people::check_new_password(&password, None)?;
        people::add_first(c, &name, role, &password).map(|_| ())
    })
    .await
}

/// Gives a person another role.
#[tauri::command]
pub async fn newsroom_set_role(
    app: AppHandle,
    name: String,
    role: Role,
) -> CmdResult<NewsroomView> {
    admin_change(app, "newsroom_set_role", move |c| {
        people::set_role(c, &name, role).map(|_| ())
    })
    .await
}

/// Gives a person a new first password (forgotten, or a lost laptop): their sessions end.
#[tauri::command]
pub async fn newsroom_reset_password(
    app: AppHandle,
    name: String,
    password: String,
) -> CmdResult<NewsroomView> {
    admin_change(app, "newsroom_reset_password", move |c| {
        people::check_new_password(&password, None)?;
        people::reset_password(c, &name, &password)
    })
    .await
}

/// Removes a person: their login goes, their keys are revoked, their name stays in the history.
#[tauri::command]
pub async fn newsroom_remove_person(app: AppHandle, name: String) -> CmdResult<NewsroomView> {
    admin_change(app, "newsroom_remove_person", move |c| {
        people::remove(c, &name)
    })
    .await
}

/// Registers a person's pending key (once the fingerprints read aloud match).
#[tauri::command]
pub async fn newsroom_register_key(
    app: AppHandle,
    person: String,
    key_id: String,
) -> CmdResult<NewsroomView> {
    admin_change(app, "newsroom_register_key", move |c| {
        keys::register(c, &person, &key_id).map(|_| ())
    })
    .await
}

/// Turns a pending key away.
#[tauri::command]
pub async fn newsroom_dismiss_key(
    app: AppHandle,
    person: String,
    key_id: String,
) -> CmdResult<NewsroomView> {
    admin_change(app, "newsroom_dismiss_key", move |c| {
        keys::dismiss(c, &person, &key_id)
    })
    .await
}

/// Revokes a key (a lost laptop): its approvals stop counting and its person's sessions end.
#[tauri::command]
pub async fn newsroom_revoke_key(app: AppHandle, key_id: String) -> CmdResult<NewsroomView> {
    admin_change(app, "newsroom_revoke_key", move |c| {
        keys::revoke(c, &key_id)
    })
    .await
}

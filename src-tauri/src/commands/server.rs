//! Settings → "Máy chủ tòa soạn": joining the data folder to the newsroom server, and the sync
//! that runs in the background while the app is open (`newsroom_server::sync::watch` on a
//! connection of its own: the server's NOTIFY wakes it, a change made here wakes it, else every
//! few seconds). Its state goes to the window as the `server://state` event.

use std::sync::atomic::Ordering;

use newsroom::Error;
use newsroom_server::{Address, Server};
use serde::Serialize;
use tauri::{AppHandle, Emitter as _, Manager as _};

use super::blocking;
use crate::error::{CmdResult, CommandError};
use crate::state::AppState;

/// The event the background sync sends after each sync.
const STATE_EVENT: &str = "server://state";

/// Where the folder stands with the newsroom server, as the window shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ServerState {
    /// `alone` (no server), `unlocking` (the password kept in the OS store is being tried, at
    /// start), `locked` (joined; the password is needed since the app started),
    /// `syncing`, `synced` (nothing waiting), `partial` (in sync, but something was refused by
    /// the server or left out as bad data since the app started: the log says what), `pending`
    /// (changes waiting to be sent), `offline` (the server cannot be reached), `failed` (it
    /// answered with an error).
    pub state: String,
    /// How many items the syncs since the app started did not take (`partial`).
    pub left_out: u32,
    /// The server's address.
    #[ts(optional = nullable)]
    pub url: Option<String>,
    /// Who this folder works as.
    #[ts(optional = nullable)]
    pub user: Option<String>,
    /// Changes made here not yet sent.
    pub pending: u32,
    /// The last sync that went through (UTC).
    #[ts(optional = nullable)]
    pub synced_at: Option<String>,
    /// Since when the server cannot be reached (UTC).
    #[ts(optional = nullable)]
    pub offline_since: Option<String>,
    /// Why the last sync did not go through.
    #[ts(optional = nullable)]
    pub error: Option<String>,
    /// Articles the last sync brought (the window reloads what it shows).
    pub received: u32,
    /// Articles the last sync moved to a new id (someone else had pushed first under theirs): a
    /// window showing the old id follows to the new.
    pub moved: Vec<newsroom_server::sync::Moved>,
    /// This person's signing key's id (its public half goes to the server by itself, pending).
    #[ts(optional = nullable)]
    pub key_id: Option<String>,
    /// Its fingerprint, as read aloud to the admin who registers it.
    #[ts(optional = nullable)]
    pub fingerprint: Option<String>,
    /// Whether the server has registered it (approvals need it; until then it waits there for
    /// an admin).
    pub key_registered: bool,
    /// The server revoked it (a lost laptop): its approvals no longer count.
    pub key_revoked: bool,
    /// For an admin: people's keys waiting to be registered (Settings → "Tòa soạn").
    pub keys_waiting: u32,
    /// This person's role, as the server last said (`admin` sees Settings → "Tòa soạn").
    #[ts(optional = nullable)]
    pub role: Option<String>,
    /// The sync log, newest first: what the server refused, approvals left out.
    pub log: Vec<String>,
    /// The person asked the OS's password store to keep their password on this computer.
    pub password_kept: bool,
    /// Why the kept password was not used, or could not be kept (both languages, as an error).
    #[ts(optional = nullable)]
    pub kept_note: Option<crate::error::CommandError>,
    /// The server a folder on its own left (the join form offers it again), with the changes
    /// still unsent.
    #[ts(optional = nullable)]
    pub left: Option<newsroom::sync::Left>,
}

/// The state of the folder of `conn` (the app's, or the sync's own connection).
fn state_of(
    conn: &rusqlite::Connection,
    state: &AppState,
    received: u32,
    moved: Vec<newsroom_server::sync::Moved>,
) -> CmdResult<ServerState> {
    let Some(j) = newsroom::sync::joined(conn)? else {
        let left = match newsroom::sync::left(conn)? {
            Some(l) => Some(newsroom::sync::Left {
                unsent: newsroom::sync::pending(conn)?,
                ..l
            }),
            None => None,
        };
        return Ok(ServerState {
            state: "alone".into(),
            received,
            moved,
            left,
            ..ServerState::default()
        });
    };
    let pending = newsroom::sync::pending(conn)?;
    let link = &state.server;
    let offline_since = link
        .offline_since
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let has_password = link
        .password
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .is_some();
    let word = if !has_password && link.unlocking.load(Ordering::SeqCst) {
        "unlocking"
    } else if !has_password {
        "locked"
    } else if offline_since.is_some() {
        "offline"
    } else if link.syncing.load(Ordering::SeqCst) && j.synced_at.is_none() {
        "syncing"
    } else if j.error.is_some() {
        "failed"
    } else if pending > 0 {
        "pending"
    } else if link.left_out.load(Ordering::SeqCst) > 0 {
        "partial"
    } else {
        "synced"
    };
    let own = newsroom::signing::own_key(conn, &j.user)?;
    let key_id = own.as_ref().map(newsroom::signing::OwnKey::key_id);
    let trusted = newsroom::signing::trusted(conn)?;
    let key_registered = match &key_id {
        Some(id) => newsroom::signing::registered(&trusted, id, &j.user),
        None => false,
    };
    let key_revoked = key_id.as_ref().is_some_and(|id| {
        trusted
            .iter()
            .any(|k| &k.key_id == id && k.revoked_at.is_some())
    });
    let role = newsroom::rules::users(conn)?
        .into_iter()
        .find(|u| u.name == j.user)
        .map(|u| u.role.as_str().to_string());
    Ok(ServerState {
        state: word.into(),
        fingerprint: key_id.as_deref().map(newsroom::signing::fingerprint),
        role,
        left_out: link.left_out.load(Ordering::SeqCst),
        pending,
        synced_at: j.synced_at,
        offline_since,
        error: j.error,
        received,
        moved,
        key_id,
        key_registered,
        key_revoked,
        keys_waiting: link.keys_waiting.load(Ordering::SeqCst),
        password_kept: j.password_kept,
        kept_note: link.kept_note(),
        left: None,
        log: newsroom::sync::log(conn, 20)?
            .into_iter()
            .map(|(at, m)| format!("{at} · {m}"))
            .collect(),
        url: Some(j.url),
        user: Some(j.user),
    })
}

/// Where the folder stands with the newsroom server.
#[tauri::command]
pub async fn server_state(app: AppHandle) -> CmdResult<ServerState> {
    blocking(app, "server_state", move |_app, state| {
        state_of(&state.db(), state, 0, Vec::new())
    })
    .await
}

/// Joins this data folder to the newsroom server at `address` as `user` with `password` (kept in
/// memory while the app runs, never written), then syncs in the background. With `new_password`,
/// `password` is the first one an admin gave: it is replaced by `new_password` first (the server
/// answers `password_change` to a join with a first password). With `keep`, the password goes to
/// the OS's password store too; if that store refuses, the folder is joined all the same and the
/// state says why the password was not kept.
#[tauri::command]
pub async fn server_connect(
    app: AppHandle,
    address: Address,
    user: String,
    password: String,
    new_password: Option<String>,
    keep: bool,
) -> CmdResult<ServerState> {
    blocking(app, "server_connect", move |app, state| {
        let conn = state.own_connection()?;
        let server = Server {
            url: address.to_url()?,
            user: Some(user.trim().to_string()),
        };
        let password = match new_password {
            Some(new) => {
                newsroom_server::people::check_new_password(&new, Some(&password))?;
                newsroom_server::sync::set_own_password(&server, &password, &new)?;
                new
            }
            None => password,
        };
        newsroom_server::sync::join(&conn, &server, &password)?;
        if keep {
            keep_password(state, &conn, &password);
        }
        *state
            .server
            .password
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(password);
        start(app);
        state_of(&conn, state, 0, Vec::new())
    })
    .await
}

/// "Kiểm tra kết nối": tries `address` as `user` with `password`, joining nothing.
#[tauri::command]
pub async fn server_test(
    app: AppHandle,
    address: Address,
    user: String,
    password: String,
) -> CmdResult<newsroom_server::sync::Tested> {
    blocking(app, "server_test", move |_app, _state| {
        let server = Server {
            url: address.to_url()?,
            user: Some(user.trim().to_string()),
        };
        Ok(newsroom_server::sync::test_connection(&server, &password)?)
    })
    .await
}

/// Leaves the newsroom server: the background sync stops, the password is forgotten, the folder's
/// work stays (what was not sent is counted in the answer).
#[tauri::command]
pub async fn server_leave(app: AppHandle) -> CmdResult<newsroom::sync::Left> {
    blocking(app, "server_leave", move |_app, state| {
        let conn = state.own_connection()?;
        let left = newsroom_server::sync::leave(&conn)?;
        state.server.stop();
        Ok(left)
    })
    .await
}

/// The newsroom server moved to `address`: the folder follows once the new address answers as the
/// same newsroom and takes this person with the password given since the start.
#[tauri::command]
pub async fn server_move(app: AppHandle, address: Address) -> CmdResult<ServerState> {
    blocking(app, "server_move", move |_app, state| {
        let conn = state.own_connection()?;
        let password = state.server.password_given()?;
        newsroom_server::sync::move_to(&conn, &address.to_url()?, &password)?;
        state.server.changed();
        state_of(&conn, state, 0, Vec::new())
    })
    .await
}

/// The password of a joined folder's person, asked once after the app starts: checked against
/// the server (offline: taken as given, checked at the first sync), then the sync starts. `keep`
/// is the "keep it on this computer" box: ticked, the password goes to the OS's password store
/// (replacing a kept one that no longer worked); unticked, a kept one is taken out.
#[tauri::command]
pub async fn server_unlock(app: AppHandle, password: String, keep: bool) -> CmdResult<ServerState> {
    blocking(app, "server_unlock", move |app, state| {
        let conn = state.own_connection()?;
        let (server, _) = newsroom_server::sync::server_of(&conn)?;
        match newsroom_server::sync::check_sign_in(&server, &password) {
            Ok(()) | Err(Error::Offline { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        state.server.set_kept_note(None);
        if keep {
            keep_password(state, &conn, &password);
        } else if let Err(e) = newsroom_server::kept::forget(&conn) {
            // The sign-in stands; the window says the store still holds it.
            log::warn!("the kept password was not taken out: {e}");
            note_kept(state, e);
        }
        *state
            .server
            .password
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(password);
        start(app);
        state_of(&conn, state, 0, Vec::new())
    })
    .await
}

/// Changes this person's password on the server (`old` must be the current one): the sync goes on
/// with the new one.
#[tauri::command]
pub async fn server_change_password(
    app: AppHandle,
    old: String,
    new: String,
) -> CmdResult<ServerState> {
    blocking(app, "server_change_password", move |app, state| {
        let conn = state.own_connection()?;
        let (server, _) = newsroom_server::sync::server_of(&conn)?;
        newsroom_server::people::check_new_password(&new, Some(&old))?;
        newsroom_server::sync::set_own_password(&server, &old, &new)?;
        if let Err(e) = newsroom_server::kept::renew(&conn, &new) {
            // The server has the new one: the store's old one would fail at the next start.
            log::warn!("the kept password was not replaced: {e}");
            let _ = newsroom::sync::set_password_kept(&conn, false);
            note_kept(state, e);
        }
        *state
            .server
            .password
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(new);
        state.server.changed();
        start(app);
        state_of(&conn, state, 0, Vec::new())
    })
    .await
}

/// "Giữ mật khẩu trên máy này", ticked or unticked once the password was given: the password given
/// since the start goes to the OS's password store, or the kept one is taken out of it.
#[tauri::command]
pub async fn server_keep_password(app: AppHandle, keep: bool) -> CmdResult<ServerState> {
    blocking(app, "server_keep_password", move |_app, state| {
        let conn = state.own_connection()?;
        state.server.set_kept_note(None);
        if keep {
            let password = state.server.password_given()?;
            newsroom_server::kept::keep(&conn, &password)?;
        } else {
            newsroom_server::kept::forget(&conn)?;
        }
        state_of(&conn, state, 0, Vec::new())
    })
    .await
}

/// Keeps `password` in the OS's password store; a refusal does not undo what the person did (a
/// join, a sign-in): the state says why it was not kept.
fn keep_password(state: &AppState, conn: &rusqlite::Connection, password: &str) {
    if let Err(e) = newsroom_server::kept::keep(conn, password) {
        log::warn!("the password was not kept: {e}");
        note_kept(state, e);
    }
}

/// Records why a kept password was not used or kept (the window says it by the password field).
fn note_kept(state: &AppState, e: Error) {
    state.server.set_kept_note(Some(CommandError::from(e)));
}

/// At start: a folder whose person asked to keep their password reads it from the OS's password
/// store and signs in with it, on a thread of its own (the store may be slow to answer, or ask
/// the person to unlock it). A password the server refuses, or a store that refuses, leaves the
/// folder locked as before, with the reason beside the password field.
pub fn unlock_with_kept(app: &AppHandle) {
    let state = app.state::<AppState>();
    // One query on the app's open connection: a folder whose person never ticked the box costs
    // the start nothing more.
    match newsroom_server::kept::is_kept(&state.db()) {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            log::warn!("kept password: {e}");
            return;
        }
    }
    state.server.unlocking.store(true, Ordering::SeqCst);
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("kept-password".into())
        .spawn(move || {
            let state = app.state::<AppState>();
            let conn = match state.own_connection() {
                Ok(c) => c,
                Err(e) => {
                    log::warn!("kept password: {e}");
                    state.server.unlocking.store(false, Ordering::SeqCst);
                    return;
                }
            };
            let tried = newsroom_server::kept::kept(&conn).and_then(|kept| match kept {
                None => Ok(None),
                Some(password) => {
                    let (server, _) = newsroom_server::sync::server_of(&conn)?;
                    match newsroom_server::sync::check_sign_in(&server, &password) {
                        Ok(()) | Err(Error::Offline { .. }) => Ok(Some(password)),
                        Err(e) => Err(e),
                    }
                }
            });
            match tried {
                Ok(Some(password)) => {
                    *state
                        .server
                        .password
                        .lock()
                        .unwrap_or_else(|p| p.into_inner()) = Some(password);
                    log::info!("signed in with the password kept in the OS store");
                }
                Ok(None) => log::info!("no kept password in the OS store: it is asked"),
                Err(e) => {
                    log::warn!("the kept password was not used: {e}");
                    note_kept(&state, e);
                }
            }
            state.server.unlocking.store(false, Ordering::SeqCst);
            start(&app);
            match state_of(&conn, &state, 0, Vec::new()) {
                Ok(view) => {
                    let _ = app.emit(STATE_EVENT, view);
                }
                Err(e) => log::warn!("sync state: {}", e.message),
            }
        });
    if let Err(e) = spawned {
        log::error!("no thread to read the kept password: {e}");
        state.server.unlocking.store(false, Ordering::SeqCst);
    }
}

/// Syncs now rather than at the next interval.
#[tauri::command]
pub async fn server_sync_now(app: AppHandle) -> CmdResult<ServerState> {
    blocking(app, "server_sync_now", move |_app, state| {
        state.server.changed();
        state_of(&state.db(), state, 0, Vec::new())
    })
    .await
}

/// Starts the background sync, if the folder is joined, the password known, and it is not running.
pub fn start(app: &AppHandle) {
    let state = app.state::<AppState>();
    let link = &state.server;
    let Some(password) = link
        .password
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
    else {
        return;
    };
    // A sync that was asked to stop (the folder left its server) ends within a slice of its
    // wait: let it, so the folder joined again gets a sync of its own.
    let asked_to_stop = link.stop.swap(false, Ordering::SeqCst);
    if asked_to_stop {
        let since = std::time::Instant::now();
        while link.running.load(Ordering::SeqCst)
            && since.elapsed() < std::time::Duration::from_secs(3)
        {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
    if link.running.swap(true, Ordering::SeqCst) {
        return;
    }
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("newsroom-sync".into())
        .spawn(move || {
            let state = app.state::<AppState>();
            let link = &state.server;
            let result = state.own_connection().and_then(|conn| {
                link.syncing.store(true, Ordering::SeqCst);
                newsroom_server::sync::watch(
                    &conn,
                    &password,
                    |done| {
                        let (received, moved) = match done {
                            Ok(s) => {
                                *link.offline_since.lock().unwrap_or_else(|p| p.into_inner()) =
                                    None;
                                let n = u32::try_from(s.refused.len()).unwrap_or(u32::MAX);
                                link.left_out.fetch_add(n, Ordering::SeqCst);
                                link.keys_waiting.store(s.keys_waiting, Ordering::SeqCst);
                                (s.received, s.moved.clone())
                            }
                            Err(Error::Offline { .. }) => {
                                let mut since =
                                    link.offline_since.lock().unwrap_or_else(|p| p.into_inner());
                                if since.is_none() {
                                    *since = Some(now_utc());
                                }
                                (0, Vec::new())
                            }
                            Err(e) => {
                                log::warn!("sync: {e}");
                                (0, Vec::new())
                            }
                        };
                        match state_of(&conn, &state, received, moved) {
                            Ok(view) => {
                                let _ = app.emit(STATE_EVENT, view);
                            }
                            Err(e) => log::warn!("sync state: {}", e.message),
                        }
                    },
                    || link.stop.load(Ordering::SeqCst),
                    || link.wake.swap(false, Ordering::SeqCst),
                )
            });
            if let Err(e) = result {
                log::error!("the background sync stopped: {e}");
            }
            link.syncing.store(false, Ordering::SeqCst);
            link.running.store(false, Ordering::SeqCst);
        });
    if let Err(e) = spawned {
        log::error!("no thread for the background sync: {e}");
        state.server.running.store(false, Ordering::SeqCst);
    }
}

/// Now, as the app writes times (RFC 3339 UTC, milliseconds).
fn now_utc() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

//! What every command shares: the open database and the data folder.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};

use newsroom::backup::{self, Restored};
use newsroom::store;
use newsroom::workflow::{self, Actor};
use rusqlite::Connection;

/// The app's state, managed by Tauri.
pub struct AppState {
    /// The data folder (`NEWSROOM_DATA_DIR` or the OS app-data folder).
    pub data_dir: PathBuf,
    /// The OS user: who is working while the newsroom has no user profiles (solo mode).
    pub os_user: String,
    /// The profile signed in (team mode).
    signed_in: Mutex<Option<Actor>>,
    conn: Mutex<Connection>,
    /// Held while the app runs, so a restore from the CLI waits for the app to close.
    lock: Mutex<Option<File>>,
    /// The newsroom server link of a joined folder (`commands::server`).
    pub server: ServerLink,
}

/// What the app holds of its link to the newsroom server while it runs. The password is kept in
/// memory, never written by the app: asked when the folder is joined and once per start, unless
/// the person asked the OS's password store to keep it (`newsroom_server::kept`).
#[derive(Default)]
pub struct ServerLink {
    /// The person's server password, once given.
    pub password: Mutex<Option<String>>,
    /// The kept password is being read from the OS store and tried, at start.
    pub unlocking: AtomicBool,
    /// Why the kept password was not used, or not kept (the OS store refused, the server refused
    /// it): the window says it beside the password field.
    kept_note: Mutex<Option<crate::error::CommandError>>,
    /// The background sync is running.
    pub running: AtomicBool,
    /// The background sync is asked to end (the folder left its server).
    pub stop: AtomicBool,
    /// For an admin: keys waiting to be registered, as the last sync found.
    pub keys_waiting: std::sync::atomic::AtomicU32,
    /// A change was made here: sync now rather than at the next interval.
    pub wake: AtomicBool,
    /// When the server was last found unreachable, if it still is (RFC 3339 UTC).
    pub offline_since: Mutex<Option<String>>,
    /// A sync is under way.
    pub syncing: AtomicBool,
    /// What the syncs of this run did not take (refused by the server, or bad data from it left
    /// out): the state says so until the app is closed; the sync log says what.
    pub left_out: AtomicU32,
}

impl ServerLink {
    /// A change was made here: the background sync sends it now.
    pub fn changed(&self) {
        self.wake.store(true, Ordering::SeqCst);
    }

    /// The person's server password, given since the app started; else a refusal saying to give it.
    pub fn password_given(&self) -> newsroom::Result<String> {
        self.password
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| newsroom::Error::InvalidInput {
                field: "password",
                reason: newsroom::said!(
                    "hãy nhập mật khẩu máy chủ tòa soạn trước (Cài đặt → Máy chủ tòa soạn)",
                    "enter your newsroom server password first (Settings → Newsroom server)"
                ),
            })
    }

    /// Why the kept password was not used or kept, if it was not.
    pub fn kept_note(&self) -> Option<crate::error::CommandError> {
        self.kept_note
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Records (or clears) why the kept password was not used or kept.
    pub fn set_kept_note(&self, note: Option<crate::error::CommandError>) {
        *self.kept_note.lock().unwrap_or_else(|p| p.into_inner()) = note;
    }

    /// Stops the background sync (the folder left its server) and forgets the password.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        *self.password.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

impl AppState {
    /// Opens the data folder chosen by `NEWSROOM_DATA_DIR` or the OS default.
    pub fn open_default() -> newsroom::Result<Self> {
        let data_dir = store::resolve_data_dir(None)?;
        let conn = store::open(&data_dir)?;
        let lock = backup::lock_shared(&data_dir)?;
        Ok(AppState {
            lock: Mutex::new(Some(lock)),
            data_dir,
            os_user: std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_default(),
            signed_in: Mutex::new(None),
            conn: Mutex::new(conn),
            server: ServerLink::default(),
        })
    }

    /// Who acts now: in a folder joined to a newsroom server, its person; in solo mode the OS user
    /// (as admin); in team mode the profile signed in, with
    /// the role the newsroom gives it now (a role changed or a person removed since signing in
    /// counts at once), else a clear refusal asking to sign in.
    pub fn actor(&self, conn: &Connection) -> newsroom::Result<Actor> {
        // A folder joined to a newsroom server works as its one person.
        if let Some(j) = newsroom::sync::joined(conn)? {
            return workflow::current(conn, &j.user);
        }
        if workflow::is_solo(conn)? {
            return workflow::actor(conn, &self.os_user, None);
        }
        let name = self
            .signed_in
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .filter(|a| !a.solo)
            .map(|a| a.name)
            .ok_or_else(|| newsroom::Error::InvalidInput {
                field: "user",
                reason: newsroom::said!(
                    "tòa soạn có hồ sơ người dùng: hãy đăng nhập trước",
                    "the newsroom has user profiles: sign in first"
                ),
            })?;
        workflow::current(conn, &name)
    }

    /// The name recorded for what is done now ([`AppState::actor`]'s).
    pub fn author(&self, conn: &Connection) -> newsroom::Result<String> {
        Ok(self.actor(conn)?.name)
    }

    /// Signs `actor` in (or out with `None`).
    pub fn sign_in(&self, actor: Option<Actor>) {
        *self.signed_in.lock().unwrap_or_else(|p| p.into_inner()) = actor;
    }

    /// The database connection. A panic in another command while it held the lock does not make
    /// the data unusable (SQLite rolled back), so a poisoned lock is taken over.
    pub fn db(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A connection of its own, for a long job (backup, bundles, batch export, delete with its
    /// vacuum): WAL lets it read while autosaves write, and it never holds the app's connection,
    /// so an autosave is never queued behind it.
    pub fn own_connection(&self) -> newsroom::Result<Connection> {
        store::open(&self.data_dir)
    }

    /// Restores the backup `file` into the data folder the app has open: closes the database and
    /// lets go of the folder, restores (which checks everything before it moves anything), then
    /// opens the folder again, restored or, if the restore refused, as it was.
    pub fn restore(&self, file: &Path) -> newsroom::Result<Restored> {
        let mut conn = self.db();
        // Asked of the newsroom as it is, before it is closed: an admin in team mode.
        let by = self.actor(&conn)?;
        workflow::allow(&by, workflow::Change::Restore, None)?;
        let mut lock = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        // Every command waits on `conn` meanwhile; an in-memory stand-in holds its place.
        let open = std::mem::replace(&mut *conn, Connection::open_in_memory()?);
        if let Err((open, e)) = open.close() {
            *conn = open;
            return Err(e.into());
        }
        *lock = None;
        let result = backup::restore(&self.data_dir, file, &by);
        *conn = store::open(&self.data_dir)?;
        *lock = Some(backup::lock_shared(&self.data_dir)?);
        let (manifest, moved_to) = result?;
        Ok(Restored {
            manifest,
            moved_to: moved_to.map(|p| p.display().to_string()),
        })
    }
}

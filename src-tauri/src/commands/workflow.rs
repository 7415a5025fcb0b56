//! People and review: signing in, profiles, workflow steps, comments, the audit log, the review diff.

use newsroom::articles::{self, Article};
use newsroom::comments::{self, Comment, NewComment};
use newsroom::revisions::{self, FieldDiff};
use newsroom::workflow::{self, Action, Actor, LogEntry, Role, User};
use serde::Serialize;
use tauri::AppHandle;

use super::{blocking, long_job};
use crate::error::CmdResult;
use crate::state::AppState;

/// Who is working, and who could.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Session {
    /// The newsroom has no profiles: one person, no rules.
    pub solo: bool,
    /// The folder is joined to a newsroom server: it works as its one person, whose people and
    /// roles are the server's (no signing in or out, no local profiles).
    pub joined: bool,
    /// Who acts now (solo: the OS user), if anyone.
    #[ts(optional = nullable)]
    pub actor: Option<Actor>,
    /// Every profile, for the sign-in list.
    pub users: Vec<User>,
}

fn session_of(state: &AppState, conn: &rusqlite::Connection) -> CmdResult<Session> {
    let solo = workflow::is_solo(conn)?;
    Ok(Session {
        solo,
        joined: newsroom::sync::joined(conn)?.is_some(),
        actor: state.actor(conn).ok(),
        users: workflow::users(conn)?,
    })
}

/// The session: solo or team, who is signed in, the profiles.
#[tauri::command]
pub async fn session(app: AppHandle) -> CmdResult<Session> {
    blocking(app, "session", move |_app, state| {
        session_of(state, &state.db())
    })
    .await
}

/// Signs in as profile `name` (with its PIN, if it has one).
#[tauri::command]
pub async fn sign_in(app: AppHandle, name: String, pin: Option<String>) -> CmdResult<Session> {
    blocking(app, "sign_in", move |_app, state| {
        let conn = state.db();
        let actor = workflow::actor(&conn, &name, pin.as_deref().filter(|p| !p.is_empty()))?;
        state.sign_in(Some(actor));
        session_of(state, &conn)
    })
    .await
}

/// Signs out (team mode): nothing can be changed until someone signs in.
#[tauri::command]
pub async fn sign_out(app: AppHandle) -> CmdResult<Session> {
    blocking(app, "sign_out", move |_app, state| {
        state.sign_in(None);
        session_of(state, &state.db())
    })
    .await
}

/// Adds a profile: the first (an admin) by anyone, later ones by an admin signed in. Adding the
/// first one signs it in.
#[tauri::command]
pub async fn add_user(
    app: AppHandle,
    name: String,
    role: Role,
    pin: Option<String>,
) -> CmdResult<Session> {
    blocking(app, "add_user", move |_app, state| {
        let conn = state.db();
        let solo = workflow::is_solo(&conn)?;
        let by = match state.actor(&conn) {
            Ok(a) => a,
            Err(_) => workflow::actor(&conn, &state.os_user, None).unwrap_or(Actor {
                name: state.os_user.clone(),
                role: Role::Reporter,
                solo: false,
            }),
        };
        let pin = pin.filter(|p| !p.is_empty());
        let user = workflow::add_user(&conn, &by, &name, role, pin.as_deref())?;
        if solo {
            state.sign_in(Some(workflow::actor(&conn, &user.name, pin.as_deref())?));
        }
        session_of(state, &conn)
    })
    .await
}

/// Gives person `name` another role (an admin signed in; the newsroom keeps an admin).
#[tauri::command]
pub async fn set_user_role(app: AppHandle, name: String, role: Role) -> CmdResult<Session> {
    blocking(app, "set_user_role", move |_app, state| {
        let conn = state.db();
        let by = state.actor(&conn)?;
        workflow::set_role(&conn, &by, &name, role)?;
        session_of(state, &conn)
    })
    .await
}

/// Sets person `name`'s PIN, or takes it away with an empty or missing one (an admin for anyone,
/// anyone for their own).
#[tauri::command]
pub async fn set_user_pin(app: AppHandle, name: String, pin: Option<String>) -> CmdResult<Session> {
    blocking(app, "set_user_pin", move |_app, state| {
        let conn = state.db();
        let by = state.actor(&conn)?;
        let pin = pin.filter(|p| !p.is_empty());
        workflow::set_pin(&conn, &by, &name, pin.as_deref())?;
        session_of(state, &conn)
    })
    .await
}

/// Removes person `name` (an admin signed in; not the last admin). Removing oneself signs out.
#[tauri::command]
pub async fn remove_user(app: AppHandle, name: String) -> CmdResult<Session> {
    blocking(app, "remove_user", move |_app, state| {
        let conn = state.db();
        let by = state.actor(&conn)?;
        workflow::remove_user(&conn, &by, &name)?;
        if by.name == newsroom::text::nfc(name.trim()) {
            state.sign_in(None);
        }
        session_of(state, &conn)
    })
    .await
}

/// A workflow step on an article as the one signed in, with a note.
#[tauri::command]
pub async fn workflow_step(
    app: AppHandle,
    id: String,
    action: Action,
    note: String,
) -> CmdResult<Article> {
    blocking(app, "workflow_step", move |_app, state| {
        let conn = state.db();
        let by = state.actor(&conn)?;
        let a = workflow::transition(&conn, &id, &by, action, &note)?;
        state.server.changed();
        Ok(a)
    })
    .await
}

/// The audit log of an article.
#[tauri::command]
pub async fn article_log(app: AppHandle, id: String) -> CmdResult<Vec<LogEntry>> {
    blocking(app, "article_log", move |_app, state| {
        Ok(workflow::log(&state.db(), &id)?)
    })
    .await
}

/// An article's comments, placed in its current text.
#[tauri::command]
pub async fn list_comments(app: AppHandle, id: String) -> CmdResult<Vec<Comment>> {
    blocking(app, "list_comments", move |_app, state| {
        Ok(comments::list(&state.db(), &id)?)
    })
    .await
}

/// Adds a comment as the one signed in.
#[tauri::command]
pub async fn add_comment(app: AppHandle, id: String, comment: NewComment) -> CmdResult<Comment> {
    blocking(app, "add_comment", move |_app, state| {
        let conn = state.db();
        let by = state.actor(&conn)?;
        let c = comments::add(&conn, &id, &by, &comment)?;
        state.server.changed();
        Ok(c)
    })
    .await
}

/// Resolves (or reopens) a comment.
#[tauri::command]
pub async fn resolve_comment(app: AppHandle, comment: i64, resolved: bool) -> CmdResult<()> {
    blocking(app, "resolve_comment", move |_app, state| {
        let conn = state.db();
        let by = state.actor(&conn)?;
        comments::resolve(&conn, comment, &by, resolved)?;
        state.server.changed();
        Ok(())
    })
    .await
}

/// What changed since the one signed in last reviewed the article.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ReviewDiff {
    /// The revision last reviewed (1 when never).
    #[ts(type = "number")]
    pub since: i64,
    /// The current revision.
    #[ts(type = "number")]
    pub to: i64,
    /// Fields that changed, word by word.
    pub fields: Vec<FieldDiff>,
}

/// The word diff since the one signed in last approved, sent back or released the article.
#[tauri::command]
pub async fn review_diff(app: AppHandle, id: String) -> CmdResult<ReviewDiff> {
    blocking(app, "review_diff", move |_app, state| {
        let conn = state.db();
        let me = state.author(&conn)?;
        let a = articles::get(&conn, &id)?;
        let since = workflow::last_reviewed(&conn, &id, &me)?.unwrap_or(1);
        Ok(ReviewDiff {
            since,
            to: a.revision,
            fields: revisions::diff(&conn, &id, since, a.revision)?,
        })
    })
    .await
}

/// Writes an article as a bundle file the user picked.
#[tauri::command]
pub async fn export_bundle(app: AppHandle, id: String, path: String) -> CmdResult<()> {
    long_job(app, "export_bundle", move |_app, state| {
        let conn = state.own_connection()?;
        let by = state.author(&conn)?;
        Ok(newsroom::bundle::export(
            &conn,
            &state.data_dir,
            &id,
            std::path::Path::new(&path),
            &by,
        )?)
    })
    .await
}

/// Imports a bundle file the user picked: adds what is new, never overwrites.
#[tauri::command]
pub async fn import_bundle(
    app: AppHandle,
    path: String,
) -> CmdResult<newsroom::bundle::BundleImported> {
    long_job(app, "import_bundle", move |_app, state| {
        let conn = state.own_connection()?;
        let by = state.author(&conn)?;
        let spec = (newsroom::profile::active(&conn)?).photo_spec();
        Ok(newsroom::bundle::import(
            &conn,
            &state.data_dir,
            std::path::Path::new(&path),
            &spec,
            &by,
        )?)
    })
    .await
}

/// Both versions of an article after a bundle import found both sides changed it, if so.
#[tauri::command]
pub async fn article_divergence(
    app: AppHandle,
    id: String,
) -> CmdResult<Option<newsroom::bundle::Divergence>> {
    blocking(app, "article_divergence", move |_app, state| {
        Ok(newsroom::bundle::divergence(&state.db(), &id)?)
    })
    .await
}

/// The result of merging both versions.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Merged {
    /// The article, saved merged.
    pub article: Article,
    /// Fields both sides changed on the same lines (both versions kept between markers).
    pub conflicts: Vec<String>,
}

/// Merges the other side's version into ours, as a new revision.
#[tauri::command]
pub async fn merge_versions(app: AppHandle, id: String) -> CmdResult<Merged> {
    blocking(app, "merge_versions", move |_app, state| {
        let conn = state.db();
        let by = state.author(&conn)?;
        let (article, conflicts) = newsroom::bundle::merge(&conn, &id, &by)?;
        Ok(Merged { article, conflicts })
    })
    .await
}

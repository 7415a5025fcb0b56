//! People and review: signing in, profiles, workflow steps, comments, the audit log, the review diff.

use newsroom::articles::{self, Article};
use newsroom::comments::{self, Comment, NewComment};
use newsroom::revisions::{self, FieldDiff};
use newsroom::workflow::{self, Action, Actor, LogEntry, Role, User};
use serde::Serialize;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Who is working, and who could.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Session {
    /// The newsroom has no profiles: one person, no rules.
    pub solo: bool,
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
        actor: state.actor(conn).ok(),
        users: workflow::users(conn)?,
    })
}

/// The session: solo or team, who is signed in, the profiles.
#[tauri::command]
pub fn session(state: State<'_, AppState>) -> CmdResult<Session> {
    session_of(&state, &state.db())
}

/// Signs in as profile `name` (with its PIN, if it has one).
#[tauri::command]
pub fn sign_in(
    state: State<'_, AppState>,
    name: String,
    pin: Option<String>,
) -> CmdResult<Session> {
    let conn = state.db();
    let actor = workflow::actor(&conn, &name, pin.as_deref().filter(|p| !p.is_empty()))?;
    state.sign_in(Some(actor));
    session_of(&state, &conn)
}

/// Signs out (team mode): nothing can be changed until someone signs in.
#[tauri::command]
pub fn sign_out(state: State<'_, AppState>) -> CmdResult<Session> {
    state.sign_in(None);
    session_of(&state, &state.db())
}

/// Adds a profile: the first (an admin) by anyone, later ones by an admin signed in. Adding the
/// first one signs it in.
#[tauri::command]
pub fn add_user(
    state: State<'_, AppState>,
    name: String,
    role: Role,
    pin: Option<String>,
) -> CmdResult<Session> {
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
    session_of(&state, &conn)
}

/// A workflow step on an article as the one signed in, with a note.
#[tauri::command]
pub fn workflow_step(
    state: State<'_, AppState>,
    id: String,
    action: Action,
    note: String,
) -> CmdResult<Article> {
    let conn = state.db();
    let by = state.actor(&conn)?;
    Ok(workflow::transition(&conn, &id, &by, action, &note)?)
}

/// The audit log of an article.
#[tauri::command]
pub fn article_log(state: State<'_, AppState>, id: String) -> CmdResult<Vec<LogEntry>> {
    Ok(workflow::log(&state.db(), &id)?)
}

/// An article's comments, placed in its current text.
#[tauri::command]
pub fn list_comments(state: State<'_, AppState>, id: String) -> CmdResult<Vec<Comment>> {
    Ok(comments::list(&state.db(), &id)?)
}

/// Adds a comment as the one signed in.
#[tauri::command]
pub fn add_comment(
    state: State<'_, AppState>,
    id: String,
    comment: NewComment,
) -> CmdResult<Comment> {
    let conn = state.db();
    let by = state.actor(&conn)?;
    Ok(comments::add(&conn, &id, &by, &comment)?)
}

/// Resolves (or reopens) a comment.
#[tauri::command]
pub fn resolve_comment(state: State<'_, AppState>, comment: i64, resolved: bool) -> CmdResult<()> {
    let conn = state.db();
    let by = state.actor(&conn)?;
    Ok(comments::resolve(&conn, comment, &by, resolved)?)
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
pub fn review_diff(state: State<'_, AppState>, id: String) -> CmdResult<ReviewDiff> {
    let conn = state.db();
    let me = state.author(&conn)?;
    let a = articles::get(&conn, &id)?;
    let since = workflow::last_reviewed(&conn, &id, &me)?.unwrap_or(1);
    Ok(ReviewDiff {
        since,
        to: a.revision,
        fields: revisions::diff(&conn, &id, since, a.revision)?,
    })
}

/// Writes an article as a bundle file the user picked.
#[tauri::command]
pub fn export_bundle(state: State<'_, AppState>, id: String, path: String) -> CmdResult<()> {
    let conn = state.db();
    let by = state.author(&conn)?;
    Ok(newsroom::bundle::export(
        &conn,
        &state.data_dir,
        &id,
        std::path::Path::new(&path),
        &by,
    )?)
}

/// Imports a bundle file the user picked: adds what is new, never overwrites.
#[tauri::command]
pub async fn import_bundle(
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<newsroom::bundle::BundleImported> {
    let conn = state.db();
    let by = state.author(&conn)?;
    let spec = newsroom::media::Spec::of(&newsroom::profile::active(&conn)?);
    Ok(newsroom::bundle::import(
        &conn,
        &state.data_dir,
        std::path::Path::new(&path),
        &spec,
        &by,
    )?)
}

/// Both versions of an article after a bundle import found both sides changed it, if so.
#[tauri::command]
pub fn article_divergence(
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<Option<newsroom::bundle::Divergence>> {
    Ok(newsroom::bundle::divergence(&state.db(), &id)?)
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
pub fn merge_versions(state: State<'_, AppState>, id: String) -> CmdResult<Merged> {
    let conn = state.db();
    let by = state.author(&conn)?;
    let (article, conflicts) = newsroom::bundle::merge(&conn, &id, &by)?;
    Ok(Merged { article, conflicts })
}

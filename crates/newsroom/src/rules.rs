//! People and the rule table: who is acting (solo mode or a signed-in profile, PINs), the roles,
//! and what each role may do to an article in each state. Every change the core makes asks here
//! first; [`crate::workflow`] (review steps, approvals, the audit log) and [`crate::articles`] (every
//! save) call it. This module reads articles' rows but not the `articles` module: it sits below it.
//!
//! **Solo mode.** While the newsroom has no user profiles, one person uses it: every action is
//! allowed and attributed to the name given, and export does not ask for an approval. Adding the
//! first profile (which must be an admin) switches the rules on for everyone.
//!
//! **Rules** (team mode):
//! - reporter (phóng viên): writes, submits, edits own articles while not in someone's review;
//! - editor (biên tập viên): claims a submitted article (it is then locked to them), edits, requests
//!   changes, approves — never an article they created;
//! - staff (cán bộ đăng tin): exports approved articles; does not edit;
//! - admin (quản trị): everything, and manages profiles — but does not approve their own article.
//!
//! An edit of an approved or exported article sends it back to "Chờ duyệt": the approval no longer holds.
//! Export refuses an article whose content hash differs from the approved one.

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::status::Status;
use crate::text::nfc;
use crate::{Error, Result, Said, said};
use newsroom_base::timestamp;

/// What a person does in the newsroom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    /// Phóng viên.
    Reporter,
    /// Biên tập viên.
    Editor,
    /// Cán bộ đăng tin.
    Staff,
    /// Quản trị.
    Admin,
}

impl Role {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reporter => "reporter",
            Role::Editor => "editor",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Reporter => "phóng viên",
            Role::Editor => "biên tập viên",
            Role::Staff => "cán bộ đăng tin",
            Role::Admin => "quản trị",
        }
    }

    /// Its label in both languages, as messages say it.
    pub fn label(self) -> Said {
        let en = match self {
            Role::Reporter => "reporter",
            Role::Editor => "editor",
            Role::Staff => "publishing staff member",
            Role::Admin => "admin",
        };
        Said::new(self.label_vi(), en)
    }

    /// Parses a stored name or a Vietnamese label.
    pub fn parse(s: &str) -> Option<Role> {
        let folded = crate::text::fold(s.trim());
        [Role::Reporter, Role::Editor, Role::Staff, Role::Admin]
            .into_iter()
            .find(|r| r.as_str() == folded || crate::text::fold(r.label_vi()) == folded)
    }
}

/// What someone does to an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Action {
    /// Send for review.
    Submit,
    /// Open for review (locks it to the editor).
    Claim,
    /// Give back an article one has claimed, unreviewed.
    Release,
    /// Send back to the reporter.
    RequestChanges,
    /// Approve.
    Approve,
    /// Export as a package.
    Export,
    /// Edit the text.
    Edit,
}

impl Action {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Claim => "claim",
            Action::Release => "release",
            Action::RequestChanges => "request_changes",
            Action::Approve => "approve",
            Action::Export => "export",
            Action::Edit => "edit",
        }
    }

    /// What it is called, in Vietnamese, after "được" / "không được".
    pub fn label_vi(self) -> &'static str {
        match self {
            Action::Submit => "gửi duyệt",
            Action::Claim => "nhận biên tập",
            Action::Release => "trả bài về hàng chờ",
            Action::RequestChanges => "yêu cầu sửa",
            Action::Approve => "duyệt",
            Action::Export => "xuất bản",
            Action::Edit => "sửa bài",
        }
    }

    /// What it is called in both languages (English: after "may not").
    pub fn label(self) -> Said {
        let en = match self {
            Action::Submit => "submit for review",
            Action::Claim => "take up for review",
            Action::Release => "give back to the queue",
            Action::RequestChanges => "ask for changes",
            Action::Approve => "approve",
            Action::Export => "publish",
            Action::Edit => "edit the article",
        };
        Said::new(self.label_vi(), en)
    }
}

/// A person's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct User {
    /// Name, as shown and recorded.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Whether signing in asks for a PIN.
    pub has_pin: bool,
}

/// Who is acting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Actor {
    /// Name recorded.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Solo mode: the newsroom has no profiles, the rules are off.
    pub solo: bool,
}

pub(crate) fn forbidden(actor: &Actor, action: Action, why: Said) -> Error {
    Error::Forbidden {
        role: actor.role.label(),
        action: action.label(),
        reason: why,
    }
}

use newsroom_base::hex;

/// How earlier versions stored a PIN: salted SHA-256, hex. Still read (and replaced by an argon2id
/// hash at the next right sign-in), never written.
fn legacy_pin_hash(salt: &str, pin: &str) -> String {
    hex(&Sha256::digest(
        format!("toasoan-pin:{salt}:{pin}").as_bytes(),
    ))
}

/// A PIN as stored: an argon2id PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`, the salt in it).
fn pin_phc(pin: &str) -> Result<String> {
    use argon2::password_hash::PasswordHasher;
    // A random salt from the OS (argon2's getrandom feature), kept inside the PHC string.
    argon2::Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| Error::InvalidInput {
            field: "pin",
            reason: said!(
                "không lưu được mã PIN ({e})",
                "the PIN could not be stored ({e})"
            ),
        })
}

/// Whether `pin` is the one stored as `hash` (argon2id, or the salted SHA-256 of earlier versions
/// with its `salt`); the comparison takes the same time wherever the PIN differs.
fn pin_matches(pin: &str, salt: Option<&str>, hash: &str) -> bool {
    use argon2::password_hash::{PasswordVerifier, phc::PasswordHash};
    match PasswordHash::new(hash) {
        Ok(parsed) => argon2::Argon2::default()
            .verify_password(pin.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => salt.is_some_and(|salt| {
            constant_time_eq::constant_time_eq(
                legacy_pin_hash(salt, pin).as_bytes(),
                hash.as_bytes(),
            )
        }),
    }
}

/// Wrong tries in a row allowed without a wait.
const FREE_PIN_TRIES: i64 = 2;
/// The longest wait after wrong tries, in seconds.
const MAX_PIN_WAIT_SECS: i64 = 300;

/// The wait after `failures` wrong tries in a row: none for the first [`FREE_PIN_TRIES`], then 1 s,
/// 2 s, 4 s … at most [`MAX_PIN_WAIT_SECS`].
fn pin_wait(failures: i64) -> i64 {
    let over = failures - FREE_PIN_TRIES;
    if over <= 0 {
        0
    } else {
        1i64.checked_shl(u32::try_from(over - 1).unwrap_or(u32::MAX))
            .unwrap_or(MAX_PIN_WAIT_SECS)
            .min(MAX_PIN_WAIT_SECS)
    }
}

/// Whether the newsroom has no profiles (solo mode).
pub fn is_solo(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM users LIMIT 1", [], |_| Ok(()))
        .optional()?
        .is_none())
}

/// Every profile, by name.
pub fn users(conn: &Connection) -> Result<Vec<User>> {
    let mut stmt =
        conn.prepare("SELECT name, role, pin_hash IS NOT NULL FROM users ORDER BY name")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|(name, role, has_pin)| User {
            name,
            role: Role::parse(&role).unwrap_or(Role::Reporter),
            has_pin,
        })
        .collect())
}

/// Whether this folder is joined to a newsroom server (then the server is its authority: its
/// people, its registered keys). `sync::joined` says to which, as whom.
pub fn joined_to_server(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM sync_server WHERE id = 1", [], |_| Ok(()))
        .optional()?
        .is_some())
}

/// In a folder joined to a newsroom server, people are the server's (a mirror refreshed at every
/// sync): a local profile would be gone at the next sync, so none is added, changed or removed.
fn people_are_local(conn: &Connection) -> Result<()> {
    if joined_to_server(conn)? {
        return Err(Error::InvalidInput {
            field: "user",
            reason: said!(
                "thư mục này nối với máy chủ tòa soạn: người dùng do quản trị quản lý trên máy chủ (newsroom server user)",
                "this folder is joined to a newsroom server: people are managed there by an admin (newsroom server user)"
            ),
        });
    }
    Ok(())
}

/// Adds a profile. The first one must be an admin (and may be added by anyone: it is how a newsroom
/// starts); later ones only by an admin. A PIN, if given, is 4 to 12 digits.
pub fn add_user(
    conn: &Connection,
    by: &Actor,
    name: &str,
    role: Role,
    pin: Option<&str>,
) -> Result<User> {
    people_are_local(conn)?;
    let name = nfc(name.trim());
    if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
        return Err(Error::InvalidInput {
            field: "name",
            reason: said!(
                "tên người dùng cần từ 1 đến 80 ký tự",
                "a person's name needs 1 to 80 characters"
            ),
        });
    }
    if let Some(pin) = pin {
        check_pin_form(pin)?;
    }
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let solo = tx
        .query_row("SELECT 1 FROM users LIMIT 1", [], |_| Ok(()))
        .optional()?
        .is_none();
    if solo && role != Role::Admin {
        return Err(Error::InvalidInput {
            field: "role",
            reason: said!(
                "hồ sơ đầu tiên phải là quản trị (admin), để có người thêm các hồ sơ khác",
                "the first profile must be an admin, so that someone can add the others"
            ),
        });
    }
    if !solo && (by.solo || by.role != Role::Admin) {
        return Err(Error::Forbidden {
            role: by.role.label(),
            action: said!("thêm người dùng", "add people"),
            reason: said!(
                "chỉ quản trị được thêm người dùng",
                "only an admin adds people"
            ),
        });
    }
    let hash = pin.map(pin_phc).transpose()?;
    let added = tx.execute(
        "INSERT INTO users (name, role, pin_salt, pin_hash, created_at, created_by)
         VALUES (?1, ?2, NULL, ?3, ?4, ?5) ON CONFLICT (name) DO NOTHING",
        params![name, role.as_str(), hash, timestamp(Utc::now()), by.name],
    )?;
    if added == 0 {
        return Err(Error::InvalidInput {
            field: "name",
            reason: said!(
                "đã có người dùng “{name}”",
                "there is already someone called “{name}”"
            ),
        });
    }
    tx.commit()?;
    Ok(User {
        name,
        role,
        has_pin: pin.is_some(),
    })
}

/// A PIN is 4 to 12 digits.
fn check_pin_form(pin: &str) -> Result<()> {
    if !(4..=12).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::InvalidInput {
            field: "pin",
            reason: said!("mã PIN gồm 4 đến 12 chữ số", "a PIN is 4 to 12 digits"),
        });
    }
    Ok(())
}

/// A change to the newsroom that is not a review step of an article ([`Action`]). Every one goes
/// through [`allow`] before the core makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Change {
    /// Put an article in the trash.
    Trash,
    /// Take an article out of the trash.
    Untrash,
    /// Delete an article from the trash for good.
    Delete,
    /// Add, change, import, remove or make default a portal profile (its names list included).
    Profiles,
    /// Change a library photo's description, credit or copyright.
    LibraryPhoto,
    /// Write a backup of the whole newsroom.
    Backup,
    /// Replace the newsroom with a backup.
    Restore,
    /// Change someone's role, set or reset a PIN, remove a person.
    People,
}

impl Change {
    /// What it is, in both languages, as a refusal says it.
    pub fn label(self) -> Said {
        let (vi, en) = match self {
            Change::Trash => ("bỏ bài vào thùng rác", "put the article in the trash"),
            Change::Untrash => (
                "lấy bài khỏi thùng rác",
                "take the article out of the trash",
            ),
            Change::Delete => ("xoá hẳn bài", "delete the article for good"),
            Change::Profiles => ("sửa hồ sơ cổng", "change portal profiles"),
            Change::LibraryPhoto => (
                "sửa thông tin ảnh trong thư viện",
                "change a library photo's details",
            ),
            Change::Backup => ("sao lưu tòa soạn", "back up the newsroom"),
            Change::Restore => (
                "khôi phục tòa soạn từ bản sao lưu",
                "restore the newsroom from a backup",
            ),
            Change::People => ("quản lý người dùng", "manage people"),
        };
        Said::new(vi, en)
    }
}

/// Whether `actor` may make `change`; `owner` is who created the article concerned (trash,
/// untrash, delete). Solo mode allows everything. In team mode:
///
/// | change | reporter | editor | staff | admin |
/// |---|---|---|---|---|
/// | trash, untrash, delete | own articles | any | no | any |
/// | profiles (and their names list) | no | no | no | yes |
/// | library photo metadata | no | yes | no | yes |
/// | backup, restore, people | no | no | no | yes |
pub fn allow(actor: &Actor, change: Change, owner: Option<&str>) -> Result<()> {
    if actor.solo {
        return Ok(());
    }
    use Role::*;
    let why: Option<Said> = match change {
        Change::Trash | Change::Untrash | Change::Delete => match actor.role {
            Editor | Admin => None,
            Reporter if owner == Some(actor.name.as_str()) => None,
            Reporter => Some(said!(
                "phóng viên chỉ làm việc này với bài của mình",
                "reporters do this only to their own articles"
            )),
            Staff => Some(said!(
                "cán bộ đăng tin không sửa bài",
                "publishing staff do not edit articles"
            )),
        },
        Change::LibraryPhoto => (!matches!(actor.role, Editor | Admin))
            .then(|| said!("chỉ biên tập viên hoặc quản trị", "only editors and admins")),
        Change::Profiles | Change::Backup | Change::Restore | Change::People => {
            (actor.role != Admin).then(|| said!("chỉ quản trị", "only an admin"))
        }
    };
    match why {
        None => Ok(()),
        Some(why) => Err(Error::Forbidden {
            role: actor.role.label(),
            action: change.label(),
            reason: why,
        }),
    }
}

/// The newsroom's admins other than `name`.
fn other_admins(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT count(*) FROM users WHERE role = 'admin' AND name <> ?1",
        [name],
        |r| r.get(0),
    )?)
}

fn last_admin() -> Error {
    Error::InvalidInput {
        field: "role",
        reason: said!(
            "tòa soạn cần ít nhất một quản trị; hãy giao quyền quản trị cho người khác trước",
            "the newsroom needs at least one admin; make someone else an admin first"
        ),
    }
}

/// Gives `name` the role `role` (admin only). The last admin keeps the role.
pub fn set_role(conn: &Connection, by: &Actor, name: &str, role: Role) -> Result<User> {
    people_are_local(conn)?;
    allow(by, Change::People, None)?;
    let who = actor_unchecked(conn, name)?;
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    if who.role == Role::Admin && role != Role::Admin && other_admins(&tx, &who.name)? == 0 {
        return Err(last_admin());
    }
    tx.execute(
        "UPDATE users SET role = ?2 WHERE name = ?1",
        params![who.name, role.as_str()],
    )?;
    tx.commit()?;
    user(conn, &who.name)
}

/// Sets `name`'s PIN to `pin` (4 to 12 digits), or takes it away with `None`: an admin for
/// anyone, anyone for themselves. Wrong tries so far are forgotten.
pub fn set_pin(conn: &Connection, by: &Actor, name: &str, pin: Option<&str>) -> Result<User> {
    people_are_local(conn)?;
    let who = actor_unchecked(conn, name)?;
    if by.name != who.name || by.solo {
        allow(by, Change::People, None)?;
    }
    if let Some(pin) = pin {
        check_pin_form(pin)?;
    }
    let hash = pin.map(pin_phc).transpose()?;
    conn.execute(
        "UPDATE users SET pin_salt = NULL, pin_hash = ?2, pin_failures = 0, pin_wait_until = NULL
         WHERE name = ?1",
        params![who.name, hash],
    )?;
    user(conn, &who.name)
}

/// Removes `name` from the newsroom's people (admin only; not the last admin). What they wrote
/// and did stays, under their name.
pub fn remove_user(conn: &Connection, by: &Actor, name: &str) -> Result<()> {
    people_are_local(conn)?;
    allow(by, Change::People, None)?;
    let who = actor_unchecked(conn, name)?;
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    if who.role == Role::Admin && other_admins(&tx, &who.name)? == 0 {
        return Err(last_admin());
    }
    tx.execute("DELETE FROM users WHERE name = ?1", [&who.name])?;
    tx.commit()?;
    Ok(())
}

/// Person `name` as stored.
fn user(conn: &Connection, name: &str) -> Result<User> {
    users(conn)?
        .into_iter()
        .find(|u| u.name == name)
        .ok_or_else(|| Error::NotFound {
            what: said!("người dùng", "person"),
            id: name.to_string(),
        })
}

/// Who `name` is now, by the stored role, without a PIN: for someone who signed in earlier (the
/// app asks at every command, so a role changed or a person removed since counts at once).
/// Solo mode: anyone, as admin.
pub fn current(conn: &Connection, name: &str) -> Result<Actor> {
    if is_solo(conn)? {
        return Ok(Actor {
            name: nfc(name.trim()),
            role: Role::Admin,
            solo: true,
        });
    }
    actor_unchecked(conn, name)
}

/// Who `name` is: in solo mode anyone, as admin; else a profile, whose PIN must be given if it has one.
/// PINs are checked against their argon2id hash; after two wrong tries in a row each further try
/// waits longer ([`pin_wait`]), and a PIN stored by an earlier version is re-stored as argon2id.
pub fn actor(conn: &Connection, name: &str, pin: Option<&str>) -> Result<Actor> {
    let name = nfc(name.trim());
    if is_solo(conn)? {
        return Ok(Actor {
            name,
            role: Role::Admin,
            solo: true,
        });
    }
    type Row = (String, Option<String>, Option<String>, i64, Option<String>);
    let row: Option<Row> = conn
        .query_row(
            "SELECT role, pin_salt, pin_hash, pin_failures, pin_wait_until FROM users WHERE name = ?1",
            [&name],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((role, salt, hash, failures, wait_until)) = row else {
        return Err(Error::NotFound {
            what: said!("người dùng", "person"),
            id: name,
        });
    };
    if let Some(hash) = hash {
        let Some(pin) = pin else {
            return Err(Error::InvalidInput {
                field: "pin",
                reason: said!(
                    "hồ sơ “{name}” có mã PIN: hãy nhập mã PIN",
                    "“{name}” has a PIN: type it"
                ),
            });
        };
        // After wrong tries, a wait before the next one is even checked (the counters live in the
        // database, so separate runs of the command line wait too).
        let now = Utc::now();
        if let Some(until) = wait_until
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
            .filter(|until| *until > now)
        {
            let secs = (until - now).num_seconds() + 1;
            return Err(Error::InvalidInput {
                field: "pin",
                reason: said!(
                    "đã nhập sai mã PIN của “{name}” {failures} lần liền; hãy thử lại sau {secs} giây",
                    "a wrong PIN for “{name}” was typed {failures} times in a row; try again in {secs} seconds"
                ),
            });
        }
        if !pin_matches(pin, salt.as_deref(), &hash) {
            let failures = failures + 1;
            let wait = pin_wait(failures);
            conn.execute(
                "UPDATE users SET pin_failures = ?2, pin_wait_until = ?3 WHERE name = ?1",
                params![
                    name,
                    failures,
                    (wait > 0).then(|| timestamp(Utc::now() + chrono::Duration::seconds(wait)))
                ],
            )?;
            return Err(Error::InvalidInput {
                field: "pin",
                reason: said!("mã PIN của “{name}” không đúng", "wrong PIN for “{name}”"),
            });
        }
        // Right: the counters start again, and a PIN of an earlier version becomes argon2id.
        let upgraded = if salt.is_some() {
            Some(pin_phc(pin)?)
        } else {
            None
        };
        if failures > 0 || upgraded.is_some() {
            conn.execute(
                "UPDATE users SET pin_failures = 0, pin_wait_until = NULL,
                        pin_hash = coalesce(?2, pin_hash),
                        pin_salt = CASE WHEN ?2 IS NULL THEN pin_salt END
                 WHERE name = ?1",
                params![name, upgraded],
            )?;
        }
    }
    Ok(Actor {
        name,
        role: Role::parse(&role).unwrap_or(Role::Reporter),
        solo: false,
    })
}

/// One line for the audit log.
pub(crate) struct Step<'a> {
    pub(crate) action: &'a str,
    pub(crate) from: Status,
    pub(crate) to: Status,
    pub(crate) revision: i64,
    pub(crate) note: &'a str,
}

pub(crate) fn audit(tx: &Transaction<'_>, id: &str, actor: &Actor, step: &Step<'_>) -> Result<()> {
    let Step {
        action,
        from,
        to,
        revision,
        note,
    } = *step;
    tx.execute(
        "INSERT INTO audit (article_id, at, actor, role, action, from_status, to_status, revision, note, uid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            id,
            timestamp(Utc::now()),
            actor.name,
            actor.role.as_str(),
            action,
            from.as_str(),
            to.as_str(),
            revision,
            nfc(note.trim()),
            newsroom_base::new_uid()
        ],
    )?;
    Ok(())
}

/// Whether `actor` wrote article `created_by`.
fn own(actor: &Actor, created_by: &str) -> bool {
    actor.name == created_by
}

/// The state `action` moves an article to from `from`, if the workflow allows it at all.
fn next(action: Action, from: Status) -> Option<Status> {
    use Status::*;
    match (action, from) {
        (Action::Submit, Draft | ChangesRequested) => Some(Submitted),
        (Action::Claim, Submitted) => Some(InReview),
        (Action::Release, InReview) => Some(Submitted),
        (Action::RequestChanges, InReview) => Some(ChangesRequested),
        (Action::Approve, InReview) => Some(Approved),
        (Action::Export, Approved | Exported) => Some(Exported),
        (Action::Edit, Spiked) => None,
        (Action::Edit, Approved | Exported) => Some(Submitted),
        (Action::Edit, s) => Some(s),
        _ => None,
    }
}

/// The state `action` moves an article to, or why `actor` may not do it: the state must allow the
/// action ([`next`]), and in team mode the role, authorship and review lock must too.
pub(crate) fn rule(
    actor: &Actor,
    action: Action,
    from: Status,
    created_by: &str,
    claimed_by: Option<&str>,
) -> Result<Status> {
    use Role::*;
    let Some(to) = next(action, from) else {
        let (vi, en) = (from.label_vi(), from.label_en());
        let why = match (action, from) {
            (Action::Export, _) => said!(
                "bài chưa được duyệt (đang “{vi}”)",
                "the article is not approved (it is “{en}”)"
            ),
            (_, Status::Spiked) => said!("bài đang ở thùng rác", "the article is in the trash"),
            _ => said!("bài đang ở trạng thái “{vi}”", "the article is “{en}”"),
        };
        return Err(forbidden(actor, action, why));
    };
    if actor.solo {
        return Ok(to);
    }
    let role = actor.role;
    let mine = own(actor, created_by);
    let holder = claimed_by == Some(actor.name.as_str());
    let locked = || {
        let who = claimed_by.unwrap_or_default();
        said!(
            "bài đang do “{who}” biên tập",
            "“{who}” is reviewing the article"
        )
    };
    let why: Option<Said> = match action {
        Action::Submit => match role {
            Staff => Some(said!(
                "cán bộ đăng tin không gửi duyệt bài",
                "publishing staff do not submit articles"
            )),
            Reporter if !mine => Some(said!(
                "phóng viên chỉ gửi duyệt bài của mình",
                "reporters submit only their own articles"
            )),
            _ => None,
        },
        Action::Claim => (!matches!(role, Editor | Admin)).then(|| {
            said!(
                "chỉ biên tập viên hoặc quản trị nhận biên tập",
                "only editors and admins take up articles for review"
            )
        }),
        Action::Release | Action::RequestChanges => match role {
            Admin => None,
            Editor if holder => None,
            Editor => Some(locked()),
            _ => Some(said!(
                "chỉ biên tập viên hoặc quản trị",
                "only editors and admins"
            )),
        },
        Action::Approve => match role {
            Editor | Admin if mine => Some(said!(
                "không ai được duyệt bài của chính mình",
                "nobody approves their own article"
            )),
            Editor if !holder => Some(locked()),
            Editor | Admin => None,
            _ => Some(said!(
                "chỉ biên tập viên hoặc quản trị được duyệt",
                "only editors and admins approve"
            )),
        },
        Action::Export => (!matches!(role, Staff | Admin)).then(|| {
            said!(
                "chỉ cán bộ đăng tin hoặc quản trị được xuất bản",
                "only publishing staff and admins publish"
            )
        }),
        Action::Edit => match role {
            Staff => Some(said!(
                "cán bộ đăng tin không sửa bài",
                "publishing staff do not edit articles"
            )),
            _ if from == Status::InReview && role != Admin && !holder => Some(locked()),
            Reporter if !mine => Some(said!(
                "phóng viên chỉ sửa bài của mình",
                "reporters edit only their own articles"
            )),
            _ => None,
        },
    };
    match why {
        Some(why) => Err(forbidden(actor, action, why)),
        None => Ok(to),
    }
}

/// Checks that `author` may edit article `id` (in `tx`, before the write), and moves an approved or
/// exported article back to "Chờ duyệt" with an audit line. Called by every save of the text.
pub(crate) fn before_edit(
    tx: &Transaction<'_>,
    id: &str,
    author: &str,
    revision: i64,
) -> Result<()> {
    let actor = writer(tx, author)?;
    if actor.solo {
        return Ok(());
    }
    let (from, created_by, claimed_by): (Status, String, Option<String>) = tx.query_row(
        "SELECT status, created_by, claimed_by FROM articles WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let to = rule(
        &actor,
        Action::Edit,
        from,
        &created_by,
        claimed_by.as_deref(),
    )?;
    if to != from {
        tx.execute(
            "UPDATE articles SET status = ?2, claimed_by = NULL WHERE id = ?1",
            params![id, to],
        )?;
        audit(
            tx,
            id,
            &actor,
            &Step {
                action: "edit",
                from,
                to,
                revision,
                note: "sửa sau khi duyệt: cần duyệt lại",
            },
        )?;
    }
    Ok(())
}

/// Who saves under `author`: [`actor`] without asking for the PIN, which the app checked at sign-in
/// and the CLI checks before any command that changes something.
fn writer(conn: &Connection, author: &str) -> Result<Actor> {
    actor(conn, author, None).or_else(|e| match e {
        Error::InvalidInput { field: "pin", .. } => actor_unchecked(conn, author),
        e => Err(e),
    })
}

/// A profile by name without its PIN (for checks after sign-in).
fn actor_unchecked(conn: &Connection, name: &str) -> Result<Actor> {
    let name = nfc(name.trim());
    let role: String = conn
        .query_row("SELECT role FROM users WHERE name = ?1", [&name], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: said!("người dùng", "person"),
            id: name.clone(),
        })?;
    Ok(Actor {
        name,
        role: Role::parse(&role).unwrap_or(Role::Reporter),
        solo: false,
    })
}

/// Who may create articles: anyone but publishing staff (solo mode: anyone).
pub(crate) fn before_create(conn: &Connection, author: &str) -> Result<()> {
    let actor = writer(conn, author)?;
    if !actor.solo && actor.role == Role::Staff {
        return Err(Error::Forbidden {
            role: actor.role.label(),
            action: said!("viết bài mới", "write a new article"),
            reason: said!(
                "cán bộ đăng tin không viết bài",
                "publishing staff do not write articles"
            ),
        });
    }
    Ok(())
}

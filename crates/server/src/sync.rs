//! Syncing a data folder with the newsroom server: joining it, then push (what this laptop made,
//! in the order it made it, each row its own call of a server function, so a push cut off
//! halfway and repeated sends nothing twice) and pull (every article the server changed since
//! the last pull, read in one snapshot and merged as a bundle is).
//!
//! The pull's cursor is the previous pull's snapshot (`pg_current_snapshot()`, as text): a pull
//! reads every article whose row was written by a transaction that snapshot did not see and this
//! one does (`newsroom.changed_since`). A transaction that commits late is read by the next pull,
//! never skipped, and one left open anywhere in the cluster holds back nothing but itself.
//!
//! What the server sends is checked with this laptop's own limits before it is written; an
//! article or photo that fails is left out and said in the sync log, and the rest goes on.

use newsroom::sync::{self as local, Incoming, Outgoing, RevisionData, ServerArticle};
use std::collections::HashMap;

use newsroom::bundle::{ApprovalRow, AuditRow, CommentRow, FigureRow, PhotoRow};

use newsroom::workflow::Role;
use newsroom::{Error, ErrorCode, Result, said};
use postgres::{Client, IsolationLevel};
use rusqlite::Connection;
use serde::Serialize;

use crate::conn::{ClientExt, Server, connect, error, is_taken};
use crate::{people, schema};

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Synced {
    /// Revisions and steps the server took.
    pub sent: u32,
    /// Articles that came with something new.
    pub received: u32,
    /// What the server refused, said in Vietnamese (also in the folder's sync log).
    pub refused: Vec<String>,
    /// Changes still waiting (made by someone else on this laptop, or refused).
    pub pending: u32,
    /// Articles of this folder moved to a new id because someone else had pushed first under
    /// theirs (`newsroom::sync::rekey`): the old id and the new (a window showing one follows it).
    pub moved: Vec<Moved>,
    /// For an admin: people's keys waiting to be registered (0 for anyone else).
    pub keys_waiting: u32,
}

/// An article moved to a new id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Moved {
    /// Its id before.
    pub from: String,
    /// Its id now.
    pub to: String,
}

/// Joins the data folder of `conn` to `server` as its user, with `password`: checks the
/// password, the server's schema and that the user is one of the newsroom's people, then records
/// the server and takes its people and roles. Nothing is sent yet (`sync` does).
pub fn join(conn: &Connection, server: &Server, password: &str) -> Result<Connected> {
    let mut client = connect(server, Some(password))?;
    let speaks = schema::check_version(&mut client)?;
    let me = who(&mut client, speaks)?;
    // A password written into the address is used for this connection only, never stored.
    let (url, password_in_url) = crate::conn::without_password(&server.url);
    if password_in_url {
        log::warn!("the password written into the server's address was taken out of it");
    }
    let id = newsroom_id(&mut client, speaks)?;
    let joined = local::join(conn, &url, &me.name, id.as_deref())?;
    refresh_people(&mut client, conn)?;
    if speaks >= schema::RUNS_THE_NEWSROOM {
        people::seen(&mut client, APP_VERSION)?;
    }
    let approves = newsroom::signing::approves(me.role.as_str());
    if !approves {
        // Only editors and admins hold approving keys (the server refuses another role's).
        newsroom::signing::replace_trusted(conn, &crate::keys::list(&mut client)?)?;
        return Ok(Connected {
            joined,
            password_in_url,
            approves,
            key_id: String::new(),
            public_key: String::new(),
            fingerprint: String::new(),
            key_registered: false,
        });
    }
    // Your signing key: made here if there is none; an admin registers their own at once, anyone
    // else's waits for an admin as pending.
    let key = newsroom::signing::ensure_own_key(conn, &me.name)?;
    let key_id = key.key_id();
    let public_key = newsroom::signing::encode_public(&key.public());
    let registered = |keys: &[newsroom::signing::PublicKey]| {
        newsroom::signing::registered(keys, &key_id, &me.name)
    };
    if !registered(&crate::keys::list(&mut client)?) {
        if me.role == Role::Admin {
            crate::keys::add(&mut client, &me.name, &public_key)?;
        } else if speaks >= schema::RUNS_THE_NEWSROOM {
            crate::keys::offer(&mut client, &public_key)?;
        }
    }
    let keys = crate::keys::list(&mut client)?;
    newsroom::signing::replace_trusted(conn, &keys)?;
    Ok(Connected {
        key_registered: registered(&keys),
        fingerprint: newsroom::signing::fingerprint(&key_id),
        joined,
        password_in_url,
        approves,
        key_id,
        public_key,
    })
}

/// The newsroom's own id, as its server says it (None: a server of a schema before it had one).
fn newsroom_id(client: &mut Client, speaks: schema::Speaks) -> Result<Option<String>> {
    if speaks < schema::RUNS_THE_NEWSROOM {
        return Ok(None);
    }
    Ok(Some(
        client
            .query_one("SELECT newsroom.newsroom_id()", &[])
            .map_err(error)?
            .get(0),
    ))
}

/// A folder's server answers as the newsroom the folder joined (one joined before the id was
/// recorded takes it now): an address that now reaches another newsroom is refused.
fn same_newsroom(
    client: &mut Client,
    conn: &Connection,
    url: &str,
    speaks: schema::Speaks,
) -> Result<()> {
    let Some(id) = newsroom_id(client, speaks)? else {
        return Ok(());
    };
    match local::newsroom_id(conn)? {
        Some(known) if known != id => Err(Error::Server {
            reason: said!(
                "địa chỉ {url} giờ dẫn tới một tòa soạn khác, không phải tòa soạn thư mục này đã nối; chưa gửi hay nhận gì",
                "the address {url} now leads to another newsroom, not the one this folder joined; nothing was sent or received"
            ),
        }),
        Some(_) => Ok(()),
        None => {
            let (_, user) = server_of(conn)?;
            local::join(conn, url, &user, Some(&id)).map(|_| ())
        }
    }
}

/// What "test the connection" found: the server answers, speaks this version's schema, and
/// takes this person (whose first password, if it is one, must be replaced before joining).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Tested {
    /// PostgreSQL's version, as the server says it (`15.10`).
    pub server_version: String,
    /// The newsroom schema's version there.
    pub schema: i32,
    /// Who the password signs in as.
    pub user: String,
    /// Their role (or the one waiting for their own password).
    #[ts(optional = nullable)]
    pub role: Option<Role>,
    /// They still have a first password: joining asks for their own.
    pub first_password: bool,
    /// Whether the connection is encrypted.
    pub tls: bool,
}

/// Tries `server` with `password` without joining anything: the answer says what was found, an
/// error why it cannot be used (offline, TLS, a wrong password, another schema).
pub fn test_connection(server: &Server, password: &str) -> Result<Tested> {
    let mut client = connect(server, Some(password))?;
    let speaks = schema::check_version(&mut client)?;
    let me = if speaks >= schema::RUNS_THE_NEWSROOM {
        people::me_first(&mut client)?
    } else {
        let me = people::me(&mut client)?;
        people::Me {
            name: me.as_ref().map_or_else(String::new, |p| p.name.clone()),
            role: me.map(|p| p.role),
            first_password: false,
        }
    };
    let row = client
        .query_one(
            "SELECT current_setting('server_version'),
                    coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)",
            &[],
        )
        .map_err(error)?;
    Ok(Tested {
        server_version: row.get(0),
        schema: speaks,
        user: me.name,
        role: me.role,
        first_password: me.first_password,
        tls: row.get(1),
    })
}

/// Leaves the server: [`local::leave`] (the folder's work stays; what was not sent is counted).
pub fn leave(conn: &Connection) -> Result<local::Left> {
    // A kept password goes with the link; an OS store that refuses does not keep the folder
    // joined (the person asked to leave): the log says what is left there.
    if let Err(e) = crate::kept::forget(conn) {
        log::warn!(
            "leaving the server: the kept password stays in the OS store (service {}): {e}",
            crate::kept::SERVICE
        );
    }
    local::leave(conn)
}

/// The folder's server moved to `url`: it must answer as the same newsroom and take this folder's
/// person with `password`; the folder then syncs there, reading everything once again.
pub fn move_to(conn: &Connection, url: &str, password: &str) -> Result<local::Joined> {
    let (old, user) = server_of(conn)?;
    let (url, _) = crate::conn::without_password(url.trim());
    let server = Server {
        url: url.clone(),
        user: old.user,
    };
    let mut client = connect(&server, Some(password))?;
    let speaks = schema::check_version(&mut client)?;
    let me = who(&mut client, speaks)?;
    if me.name != user {
        let other = me.name;
        return Err(Error::Server {
            reason: said!(
                "ở địa chỉ mới, mật khẩu này đăng nhập là “{other}”, không phải “{user}”",
                "at the new address this password signs in as “{other}”, not “{user}”"
            ),
        });
    }
    let id = newsroom_id(&mut client, speaks)?;
    if let (Some(known), Some(id)) = (local::newsroom_id(conn)?, id.as_deref())
        && known != id
    {
        return Err(Error::Server {
            reason: said!(
                "địa chỉ {url} là một tòa soạn khác, không phải tòa soạn thư mục này đã nối; vẫn giữ địa chỉ cũ",
                "the address {url} is another newsroom, not the one this folder joined; the old address stays"
            ),
        });
    }
    let moved = local::move_to(conn, &url)?;
    local::join(conn, &url, &user, id.as_deref())?;
    if let Err(e) = crate::kept::moved(conn, &old.url, password) {
        log::warn!("the kept password did not follow the server to {url}: {e}");
        local::set_password_kept(conn, false)?;
    }
    Ok(moved)
}

/// The app's version, as each laptop tells the server at its syncs (Settings shows it to admins).
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Who is connected: one of the newsroom's people with their role. Someone still holding the
/// first password an admin gave them is told to set their own ([`Error::PasswordChange`]).
fn who(client: &mut Client, speaks: schema::Speaks) -> Result<people::Person> {
    if speaks < schema::RUNS_THE_NEWSROOM {
        return people::me(client)?.ok_or_else(|| Error::Server {
            reason: said!(
                "tài khoản này không thuộc tòa soạn trên máy chủ",
                "this account is not one of the newsroom's people on the server"
            ),
        });
    }
    let me = people::me_first(client)?;
    if me.first_password {
        return Err(Error::PasswordChange { user: me.name });
    }
    match me.role {
        Some(role) => Ok(people::Person {
            name: me.name,
            role,
        }),
        None => Err(Error::Server {
            reason: said!(
                "tài khoản này không thuộc tòa soạn trên máy chủ",
                "this account is not one of the newsroom's people on the server"
            ),
        }),
    }
}

/// The first sign-in of someone an admin added with a first password: `old` (that one) is
/// replaced by `new`, their own, and their role is theirs from then on.
pub fn set_own_password(server: &Server, old: &str, new: &str) -> Result<()> {
    let mut client = connect(server, Some(old))?;
    if schema::check_version(&mut client)? < schema::RUNS_THE_NEWSROOM {
        return Err(Error::Server {
            reason: said!(
                "máy chủ tòa soạn còn ở lược đồ cũ: quản trị hãy chạy “newsroom server init” để nâng cấp trước khi đổi mật khẩu từ ứng dụng",
                "the newsroom server has an older schema: an admin should run “newsroom server init” to upgrade it before passwords are changed from the app"
            ),
        });
    }
    people::change_password(&mut client, new)
}

/// Checks a password of the joined folder's person against the server: they are one of the
/// newsroom's people, their own password set ([`Error::PasswordChange`] for a first one).
pub fn check_sign_in(server: &Server, password: &str) -> Result<()> {
    let mut client = connect(server, Some(password))?;
    let speaks = schema::check_version(&mut client)?;
    who(&mut client, speaks).map(|_| ())
}

/// Offers this folder's own signing key when the server has not registered it yet (a role that
/// approves only): it waits for an admin. A refusal (a revoked key) goes to the app's log, never
/// stops the sync.
fn offer_own_key(
    client: &mut Client,
    conn: &Connection,
    me: &str,
    people: &[(String, Role)],
) -> Result<()> {
    let Some((_, role)) = people.iter().find(|(name, _)| name == me) else {
        return Ok(());
    };
    if !newsroom::signing::approves(role.as_str()) {
        return Ok(());
    }
    let key = newsroom::signing::ensure_own_key(conn, me)?;
    let key_id = key.key_id();
    if newsroom::signing::registered(&newsroom::signing::trusted(conn)?, &key_id, me) {
        return Ok(());
    }
    match crate::keys::offer(client, &newsroom::signing::encode_public(&key.public())) {
        Ok(_) => Ok(()),
        Err(e) if is_refusal(&e) => {
            log::warn!("the server did not take this folder's signing key: {e}");
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// A data folder joined to the server, and the signing key of its person.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Connected {
    /// The folder's server and person.
    #[serde(flatten)]
    pub joined: local::Joined,
    /// Whether the address had a password written into it (taken out: never stored).
    pub password_in_url: bool,
    /// Whether their role approves articles (editors and admins): only they hold signing keys.
    pub approves: bool,
    /// Their signing key's id (empty when their role does not approve).
    pub key_id: String,
    /// Its public half, offered to the server for an admin to register.
    pub public_key: String,
    /// Its fingerprint, as read aloud to the admin (empty with no key).
    pub fingerprint: String,
    /// Whether the server has it (an admin's own is registered when they connect).
    pub key_registered: bool,
}

fn refresh_people(client: &mut Client, conn: &Connection) -> Result<Vec<(String, Role)>> {
    let all: Vec<(String, Role)> = people::list(client)?
        .into_iter()
        .map(|p| (p.name, p.role))
        .collect();
    local::set_people(conn, &all)?;
    Ok(all)
}

/// The server of a joined folder, with its user.
pub fn server_of(conn: &Connection) -> Result<(Server, String)> {
    let j = local::joined(conn)?.ok_or_else(|| Error::InvalidInput {
        field: "server",
        reason: said!(
            "thư mục dữ liệu này chưa nối với máy chủ tòa soạn (newsroom server connect)",
            "this data folder is not joined to a newsroom server (newsroom server connect)"
        ),
    })?;
    Ok((
        Server {
            url: j.url,
            user: Some(j.user.clone()),
        },
        j.user,
    ))
}

/// Whether an error is the server refusing one row (which is set aside), rather than the
/// connection or the server failing (which stops the sync, to be repeated).
fn is_refusal(e: &Error) -> bool {
    matches!(
        e.code(),
        ErrorCode::Forbidden | ErrorCode::InvalidInput | ErrorCode::NotFound
    )
}

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pushed {
    /// Rows the server took.
    pub sent: u32,
    /// What it refused, in Vietnamese.
    pub refused: Vec<String>,
    /// The articles of what it refused: their state here was a request the server did not take,
    /// so the next pull reads them again whatever the cursor says.
    pub recheck: Vec<String>,
    /// Articles moved to ids of their own (someone else had taken theirs first).
    pub moved: Vec<Moved>,
}

/// The article an outgoing item belongs to.
fn article_of(item: &Outgoing) -> &str {
    match item {
        Outgoing::Revision(r) => &r.article_id,
        Outgoing::Step(s) => &s.article_id,
        Outgoing::Comment(id, _) | Outgoing::Resolution(id, _, _) => id,
        Outgoing::Figures(f) => &f.article_id,
    }
}

/// Sends what is waiting, in order. An article whose ids the server says someone else took first
/// is given ids of its own and sent again in the same push.
pub fn push(client: &mut Client, conn: &Connection, me: &str) -> Result<Pushed> {
    let mut first = push_round(client, conn, me, true)?;
    if !first.rekeyed.is_empty() {
        let again = push_round(client, conn, me, false)?;
        first.pushed.sent += again.pushed.sent;
        first.pushed.refused.extend(again.pushed.refused);
        first.pushed.recheck.extend(again.pushed.recheck);
        first.pushed.recheck.sort();
        first.pushed.recheck.dedup();
        first.pushed.moved.extend(again.pushed.moved);
    }
    Ok(first.pushed)
}

/// One pass of [`push`].
struct Round {
    pushed: Pushed,
    /// Articles given new ids in this pass.
    rekeyed: Vec<String>,
}

fn push_round(client: &mut Client, conn: &Connection, me: &str, may_rekey: bool) -> Result<Round> {
    let mut sent = 0u32;
    let mut refused = Vec::new();
    let mut recheck: Vec<String> = Vec::new();
    let mut rekeyed: Vec<String> = Vec::new();
    let mut moved: Vec<Moved> = Vec::new();
    for item in local::outgoing(conn)? {
        // What was read before its article moved carries the old ids: the next pass sends it.
        if rekeyed.iter().any(|a| a == article_of(&item)) {
            continue;
        }
        match item {
            Outgoing::Revision(r) => {
                let d: &RevisionData = &r.row;
                if d.author != me {
                    let author = &d.author;
                    let why = said!(
                        "do “{author}” viết trên máy này; chỉ người viết gửi được bản sửa của mình",
                        "written by “{author}” on this machine; only its writer can send it"
                    );
                    local::hold(conn, &d.uid, why.vi())?;
                    refused.push(why.vi().to_string());
                    recheck.push(r.article_id.clone());
                    continue;
                }
                let result = client.call(
                    "SELECT newsroom.push_revision($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
                    &[
                        &r.article_id,
                        &d.uid,
                        &d.parent_uid,
                        &d.merged_uid,
                        &d.kind,
                        &d.created_at,
                        &d.saved_at,
                        &d.title,
                        &d.lead,
                        &d.body,
                        &d.authors,
                        &d.category,
                        &d.tags,
                        &d.source,
                        &d.slug,
                        &d.scheduled_at,
                        &r.audit_uid,
                    ],
                );
                match result {
                    Ok(rows) => {
                        let said: String = rows.first().map(|x| x.get(0)).unwrap_or_default();
                        local::mark_sent(conn, &[&d.uid])?;
                        if let Some(a) = &r.audit_uid {
                            if said == "added+edit" {
                                local::mark_sent(conn, &[a])?;
                            } else {
                                // The server took it as an ordinary edit: our record of a step
                                // it did not take goes.
                                local::drop_step(conn, a, None)?;
                            }
                        }
                        sent += 1;
                    }
                    Err(e) if may_rekey && is_taken(&e) => {
                        let why = e.message(newsroom::Lang::Vi);
                        refused.push(why);
                        if let Some(to) = local::rekey(conn, &r.article_id)? {
                            moved.push(Moved {
                                from: r.article_id.clone(),
                                to,
                            });
                        }
                        rekeyed.push(r.article_id.clone());
                    }
                    Err(e) if is_refusal(&e) => {
                        let why = e.message(newsroom::Lang::Vi);
                        local::hold(conn, &d.uid, &why)?;
                        refused.push(why);
                        recheck.push(r.article_id.clone());
                    }
                    Err(e) => return Err(e),
                }
            }
            Outgoing::Step(s) => {
                if s.actor != me {
                    let actor = &s.actor;
                    let why = format!(
                        "bước “{}” do “{actor}” làm trên máy này; chỉ người làm gửi được",
                        s.action
                    );
                    local::hold(conn, &s.uid, &why)?;
                    refused.push(why);
                    recheck.push(s.article_id.clone());
                    continue;
                }
                let signed = s.signed.as_ref();
                let result = client.call(
                    "SELECT newsroom.step($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                    &[
                        &s.article_id,
                        &s.uid,
                        &s.action,
                        &s.revision_uid,
                        &s.note,
                        &s.content_sha256,
                        &s.approval_uid,
                        &signed.map(|x| x.approved_at.as_str()),
                        &signed.map(|x| i32::try_from(x.scheme).unwrap_or(0)),
                        &signed.map(|x| x.key_id.as_str()),
                        &signed.map(|x| x.signature.as_str()),
                    ],
                );
                match result {
                    Ok(_) => {
                        let mut uids = vec![s.uid.as_str()];
                        if let Some(a) = &s.approval_uid {
                            uids.push(a);
                        }
                        local::mark_sent(conn, &uids)?;
                        sent += 1;
                    }
                    Err(e) if is_refusal(&e) => {
                        let why = e.message(newsroom::Lang::Vi);
                        local::drop_step(conn, &s.uid, Some(&why))?;
                        refused.push(why);
                        recheck.push(s.article_id.clone());
                    }
                    Err(e) => return Err(e),
                }
            }
            Outgoing::Comment(article_id, c) => {
                if c.author != me {
                    let author = &c.author;
                    let why = format!(
                        "lời bình do “{author}” viết trên máy này; chỉ người viết gửi được"
                    );
                    local::hold(conn, &c.uid, &why)?;
                    refused.push(why);
                    continue;
                }
                let result = client.call(
                    "SELECT newsroom.push_comment($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                    &[
                        &article_id,
                        &c.uid,
                        &c.reply_to_uid,
                        &c.created_at,
                        &c.revision_uid,
                        &c.kind,
                        &c.field,
                        &c.quote,
                        &c.before,
                        &c.after,
                        &c.body,
                    ],
                );
                match result {
                    Ok(_) => {
                        let open = local::resolution_key(&c.uid, None);
                        local::mark_sent(conn, &[&c.uid, &open])?;
                        sent += 1;
                    }
                    Err(e) if is_refusal(&e) => {
                        let why = e.message(newsroom::Lang::Vi);
                        local::hold(conn, &c.uid, &why)?;
                        refused.push(why);
                    }
                    Err(e) => return Err(e),
                }
            }
            Outgoing::Resolution(article_id, uid, resolved) => {
                match client.call(
                    "SELECT newsroom.resolve_comment($1, $2)",
                    &[&uid, &resolved],
                ) {
                    // The server's time of it comes back with the pull.
                    Ok(_) => sent += 1,
                    Err(e) if is_refusal(&e) => {
                        refused.push(e.message(newsroom::Lang::Vi));
                    }
                    Err(e) => return Err(e),
                }
                recheck.push(article_id);
            }
            Outgoing::Figures(f) => {
                // The photos' original files first, each once (the server checks their hash).
                let mut refusal = None;
                for hash in &f.photos {
                    let (p, bytes) = local::photo_original(conn, hash)?;
                    let added = match client.call(
                        "SELECT newsroom.push_photo($1, $2, $3, $4, $5, $6)",
                        &[
                            &p.hash,
                            &bytes,
                            &p.original_name,
                            &p.description,
                            &p.credit,
                            &p.copyright,
                        ],
                    ) {
                        Ok(rows) => rows,
                        Err(e) if is_refusal(&e) => {
                            refusal = Some(e.message(newsroom::Lang::Vi));
                            break;
                        }
                        Err(e) => return Err(e),
                    };
                    // Its renditions, when this laptop sent it first (the server keeps the
                    // sender's: everyone then shows, and approves, the same files). 'added'
                    // says so; after 'known' (a push cut off, or someone else's) the server is
                    // asked.
                    let added = added
                        .first()
                        .is_some_and(|r| r.get::<_, String>(0) == "added");
                    let sender = added
                        || client
                            .call(
                                "SELECT EXISTS (SELECT FROM newsroom.photos
                                                 WHERE hash = $1 AND added_by = session_user)",
                                &[hash],
                            )?
                            .first()
                            .is_some_and(|r| r.get::<_, bool>(0));
                    if sender {
                        for r in local::photo_renditions(conn, hash)? {
                            let (w, h) = (
                                i32::try_from(r.width).unwrap_or(i32::MAX),
                                i32::try_from(r.height).unwrap_or(i32::MAX),
                            );
                            match client.call(
                                "SELECT newsroom.push_rendition($1, $2, $3, $4, $5)",
                                &[hash, &r.spec, &w, &h, &r.bytes],
                            ) {
                                // The photo has all the sizes the server keeps: the rest stay
                                // here (the active profile's went first), the figures go on.
                                Ok(rows)
                                    if rows
                                        .first()
                                        .is_some_and(|r| r.get::<_, String>(0) == "full") =>
                                {
                                    break;
                                }
                                Ok(_) => {}
                                Err(e) if is_refusal(&e) => {
                                    refusal = Some(e.message(newsroom::Lang::Vi));
                                    break;
                                }
                                Err(e) => return Err(e),
                            }
                        }
                    }
                    if refusal.is_some() {
                        break;
                    }
                    local::mark_sent(conn, &[&local::photo_key(hash)])?;
                }
                let result = match refusal {
                    Some(why) => Err(why),
                    None => {
                        let set = serde_json::to_string(&f.figures).unwrap_or_default();
                        match client.call(
                            "SELECT newsroom.set_figures($1, $2::text::jsonb)",
                            &[&f.article_id, &set],
                        ) {
                            Ok(_) => Ok(()),
                            Err(e) if is_refusal(&e) => Err(e.message(newsroom::Lang::Vi)),
                            Err(e) => return Err(e),
                        }
                    }
                };
                match result {
                    Ok(()) => {
                        local::figures_sent(conn, &f.article_id, &f.key)?;
                        sent += 1;
                    }
                    Err(why) => {
                        local::figures_refused(conn, &f.article_id, &f.key, &why)?;
                        refused.push(why);
                        recheck.push(f.article_id.clone());
                    }
                }
            }
        }
    }
    recheck.sort();
    recheck.dedup();
    Ok(Round {
        pushed: Pushed {
            sent,
            refused,
            recheck,
            moved,
        },
        rekeyed,
    })
}

/// Photos' original files read per query in a pull.
const PHOTO_CHUNK: usize = 8;

/// Articles read per query in a pull.
const PULL_CHUNK: usize = 500;

fn text(row: &postgres::Row, i: usize) -> String {
    row.get(i)
}

/// The previous pull's snapshot from the folder's cursor. A cursor of an earlier version is a
/// transaction horizon (every transaction below it seen): the snapshot `h:h:` says the same.
fn snapshot_of(cursor: &str) -> String {
    if cursor.contains(':') {
        return cursor.to_string();
    }
    let h = cursor.trim().parse::<u64>().unwrap_or(0).max(1);
    format!("{h}:{h}:")
}

/// Whether a failure to take one item the server sent is the item's own (bad data, left out and
/// said), rather than this laptop's or the connection's (the sync stops, to be repeated).
fn is_bad_item(e: &Error) -> bool {
    matches!(
        e.code(),
        ErrorCode::InvalidInput
            | ErrorCode::BadPhoto
            | ErrorCode::Server
            | ErrorCode::NotFound
            | ErrorCode::Conflict
            | ErrorCode::Forbidden
    )
}

/// Reads everything the server changed since the folder's cursor, and the articles in `recheck`
/// whatever their changes, in one snapshot, merges it, and moves the cursor. Returns how many
/// articles came; what was left out (bad data) is in the sync log and in `refused`.
pub fn pull(client: &mut Client, conn: &Connection, recheck: &[String]) -> Result<u32> {
    pull_said(client, conn, recheck, &mut Vec::new())
}

fn pull_said(
    client: &mut Client,
    conn: &Connection,
    recheck: &[String],
    refused: &mut Vec<String>,
) -> Result<u32> {
    let since = snapshot_of(&local::cursor(conn)?);
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(error)?;
    let snapshot: String = tx
        .query_one("SELECT newsroom.pull_snapshot()", &[])
        .map_err(error)?
        .get(0);
    // The keys the newsroom registered, before the approvals they check.
    newsroom::signing::replace_trusted(conn, &crate::keys::list(&mut tx)?)?;
    // The articles changed since the last pull's snapshot (by the txid index), and those to read
    // again.
    let articles = tx
        .query(
            "SELECT id, created_by, status, claimed_by, head_uid
             FROM newsroom.changed_since($1, $2) ORDER BY txid",
            &[&since, &recheck],
        )
        .map_err(error)?;
    let mut left_out = |conn: &Connection, what: String, e: &Error| -> Result<()> {
        let why = format!("{what}: {}", e.message(newsroom::Lang::Vi));
        log::warn!("sync: left out {why}");
        local::note_left_out(conn, &why)?;
        refused.push(why);
        Ok(())
    };
    let mut received = 0u32;
    // Their rows, a few hundred articles per query (not three queries an article).
    for chunk in articles.chunks(PULL_CHUNK) {
        let ids: Vec<String> = chunk.iter().map(|a| text(a, 0)).collect();
        let mut revisions: HashMap<String, Vec<RevisionData>> = HashMap::new();
        for r in tx
            .query(
                "SELECT article_id, uid, parent_uid, merged_uid, kind, author, created_at, saved_at, title,
                        lead, body, authors, category, tags, source, slug, scheduled_at
                 FROM newsroom.revisions WHERE article_id = ANY($1)",
                &[&ids],
            )
            .map_err(error)?
        {
            revisions.entry(r.get(0)).or_default().push(RevisionData {
                uid: r.get(1),
                parent_uid: r.get(2),
                merged_uid: r.get(3),
                kind: r.get(4),
                author: r.get(5),
                created_at: r.get(6),
                saved_at: r.get(7),
                title: r.get(8),
                lead: r.get(9),
                body: r.get(10),
                authors: r.get(11),
                category: r.get(12),
                tags: r.get(13),
                source: r.get(14),
                slug: r.get(15),
                scheduled_at: r.get(16),
            });
        }
        let mut audit: HashMap<String, Vec<AuditRow>> = HashMap::new();
        for r in tx
            .query(
                "SELECT article_id, uid, at, actor, role, action, from_status, to_status, revision_uid, note
                 FROM newsroom.audit WHERE article_id = ANY($1) ORDER BY txid, at",
                &[&ids],
            )
            .map_err(error)?
        {
            audit.entry(r.get(0)).or_default().push(AuditRow {
                uid: r.get(1),
                at: r.get(2),
                actor: r.get(3),
                role: r.get(4),
                action: r.get(5),
                from_status: r.get(6),
                to_status: r.get(7),
                revision_uid: r.get(8),
                note: r.get(9),
            });
        }
        let mut approvals: HashMap<String, Vec<ApprovalRow>> = HashMap::new();
        for r in tx
            .query(
                "SELECT article_id, uid, revision_uid, approver, approved_at, content_sha256, scheme,
                        key_id, signature
                 FROM newsroom.approvals WHERE article_id = ANY($1) ORDER BY txid, approved_at",
                &[&ids],
            )
            .map_err(error)?
        {
            approvals.entry(r.get(0)).or_default().push(ApprovalRow {
                uid: r.get(1),
                revision_uid: r.get(2),
                approver: r.get(3),
                approved_at: r.get(4),
                content_sha256: r.get(5),
                scheme: i64::from(r.get::<_, i32>(6)),
                key_id: r.get::<_, Option<String>>(7).unwrap_or_default(),
                signature: r.get::<_, Option<String>>(8).unwrap_or_default(),
            });
        }
        let mut comments: HashMap<String, Vec<CommentRow>> = HashMap::new();
        for r in tx
            .query(
                "SELECT article_id, uid, reply_to_uid, author, created_at, revision_uid, kind, field, quote,
                        before, after, body, resolved_at, resolved_by
                 FROM newsroom.comments WHERE article_id = ANY($1) ORDER BY txid, created_at",
                &[&ids],
            )
            .map_err(error)?
        {
            comments.entry(r.get(0)).or_default().push(CommentRow {
                uid: r.get(1),
                reply_to_uid: r.get(2),
                author: r.get(3),
                created_at: r.get(4),
                revision_uid: r.get(5),
                kind: r.get(6),
                field: r.get(7),
                quote: r.get(8),
                before: r.get(9),
                after: r.get(10),
                body: r.get(11),
                resolved_at: r.get(12),
                resolved_by: r.get(13),
            });
        }
        let mut figures: HashMap<String, Vec<FigureRow>> = HashMap::new();
        for r in tx
            .query(
                "SELECT article_id, n, photo, credit, lead, added_at FROM newsroom.figures
                 WHERE article_id = ANY($1) ORDER BY article_id, n",
                &[&ids],
            )
            .map_err(error)?
        {
            figures.entry(r.get(0)).or_default().push(FigureRow {
                n: u32::try_from(r.get::<_, i32>(1)).unwrap_or_default(),
                photo: r.get(2),
                credit: r.get(3),
                lead: r.get(4),
                added_at: r.get(5),
            });
        }
        // Photos this folder lacks: their original files, a few at a time, into the library
        // (checked and rendered as any photo added here) before the figures that show them.
        let mut missing: Vec<String> = Vec::new();
        for f in figures.values().flatten() {
            if !missing.contains(&f.photo) && !local::has_photo(conn, &f.photo)? {
                missing.push(f.photo.clone());
            }
        }
        for batch in missing.chunks(PHOTO_CHUNK) {
            let mut given: HashMap<String, Vec<newsroom::media::Given>> = HashMap::new();
            for r in tx
                .query(
                    "SELECT photo, spec, width, height, bytes FROM newsroom.renditions
                     WHERE photo = ANY($1) ORDER BY photo, spec",
                    &[&batch],
                )
                .map_err(error)?
            {
                given
                    .entry(r.get(0))
                    .or_default()
                    .push(newsroom::media::Given {
                        spec: r.get(1),
                        width: u32::try_from(r.get::<_, i32>(2)).unwrap_or_default(),
                        height: u32::try_from(r.get::<_, i32>(3)).unwrap_or_default(),
                        bytes: r.get(4),
                    });
            }
            for r in tx
                .query(
                    "SELECT hash, original_name, description, credit, copyright, bytes, added_by
                     FROM newsroom.photos WHERE hash = ANY($1)",
                    &[&batch],
                )
                .map_err(error)?
            {
                let row = PhotoRow {
                    hash: r.get(0),
                    original_name: r.get(1),
                    description: r.get(2),
                    credit: r.get(3),
                    copyright: r.get(4),
                };
                let by: String = r.get(6);
                let made = given.remove(&row.hash).unwrap_or_default();
                if let Err(e) = local::store_photo(conn, &row, r.get(5), &by, made) {
                    if !is_bad_item(&e) {
                        return Err(e);
                    }
                    left_out(conn, format!("ảnh {}", row.hash), &e)?;
                }
            }
        }
        for (a, id) in chunk.iter().zip(ids) {
            let mut inc = Incoming {
                article: ServerArticle {
                    created_by: text(a, 1),
                    status: text(a, 2),
                    claimed_by: a.get(3),
                    head_uid: text(a, 4),
                    id: id.clone(),
                },
                revisions: revisions.remove(&id).unwrap_or_default(),
                audit: audit.remove(&id).unwrap_or_default(),
                approvals: approvals.remove(&id).unwrap_or_default(),
                comments: comments.remove(&id).unwrap_or_default(),
                figures: figures.remove(&id).unwrap_or_default(),
            };
            // A figure whose photo could not be taken is left out; the article comes without it.
            let mut missing = Vec::new();
            for f in &inc.figures {
                if !local::has_photo(conn, &f.photo)? {
                    missing.push(f.n);
                }
            }
            if !missing.is_empty() {
                inc.figures.retain(|f| !missing.contains(&f.n));
                let e = Error::InvalidInput {
                    field: "figures",
                    reason: said!("ảnh không nhận được", "a photo that could not be taken"),
                };
                left_out(conn, format!("bài {id}, ảnh số {missing:?}"), &e)?;
            }
            match local::check_incoming(&inc).and_then(|()| local::apply(conn, &inc)) {
                Ok(_) => received += 1,
                Err(e) if is_bad_item(&e) => left_out(conn, format!("bài {id}"), &e)?,
                Err(e) => return Err(e),
            }
        }
    }
    tx.commit().map_err(error)?;
    local::set_cursor(conn, &snapshot)?;
    Ok(received)
}

/// One sync of the folder of `conn`: push, then pull, then the people and roles. The outcome is
/// recorded in the folder (`sync_server.synced_at` / `error`).
pub fn sync(conn: &Connection, password: &str) -> Result<Synced> {
    sync_with(conn, password, &mut None, false)
}

/// [`sync`] on `client`, which is connected first when there is none (and listens on the
/// `newsroom` channel when `listen`), and dropped after a failure so the next sync connects
/// again. A client kept between syncs spares the server a connection and its password check
/// every few seconds.
fn sync_with(
    conn: &Connection,
    password: &str,
    client: &mut Option<(Client, schema::Speaks)>,
    listen: bool,
) -> Result<Synced> {
    let (server, me) = server_of(conn)?;
    let result = (|| -> Result<Synced> {
        let (c, speaks) = match client {
            Some((c, speaks)) => (c, *speaks),
            None => {
                let mut c = connect(&server, Some(password))?;
                let speaks = schema::check_version(&mut c)?;
                who(&mut c, speaks)?;
                same_newsroom(&mut c, conn, &server.url, speaks)?;
                if listen {
                    c.batch_execute("LISTEN newsroom").map_err(error)?;
                }
                let (c, _) = client.insert((c, speaks));
                (c, speaks)
            }
        };
        let all = refresh_people(c, conn)?;
        if speaks >= schema::RUNS_THE_NEWSROOM {
            people::seen(c, APP_VERSION)?;
            offer_own_key(c, conn, &me, &all)?;
        }
        let mut pushed = push(c, conn, &me)?;
        let received = pull_said(c, conn, &pushed.recheck, &mut pushed.refused)?;
        let admin = all.iter().any(|(n, r)| *n == me && *r == Role::Admin);
        let keys_waiting = if admin && speaks >= schema::RUNS_THE_NEWSROOM {
            u32::try_from(crate::keys::pending(c)?.len()).unwrap_or(u32::MAX)
        } else {
            0
        };
        Ok(Synced {
            sent: pushed.sent,
            received,
            refused: pushed.refused,
            pending: local::pending(conn)?,
            moved: pushed.moved,
            keys_waiting,
        })
    })();
    match &result {
        Ok(_) => local::finished(conn, None)?,
        Err(e) => {
            *client = None;
            local::finished(conn, Some(&e.message(newsroom::Lang::Vi)))?;
        }
    }
    result
}

/// How long a watching folder waits for a poke before it syncs anyway.
pub const WATCH_INTERVAL: std::time::Duration = std::time::Duration::from_secs(5);

/// How often a waiting [`watch`] asks whether to stop or to sync now.
pub const WATCH_SLICE: std::time::Duration = std::time::Duration::from_millis(200);

/// Keeps the folder of `conn` in sync until `stop()` says so: a sync, then a wait on the
/// server's `newsroom` channel (another person's push or step pokes it) for at most
/// [`WATCH_INTERVAL`], and again. `wake()` is asked every [`WATCH_SLICE`] while waiting: true (a
/// change made here, to send now) ends the wait. LISTEN/NOTIFY only wakes it; the data comes by
/// the pull. Each sync's outcome goes to `said` (offline: the error; it tries again after the
/// interval).
pub fn watch(
    conn: &Connection,
    password: &str,
    mut said: impl FnMut(&Result<Synced>),
    stop: impl Fn() -> bool,
    wake: impl Fn() -> bool,
) -> Result<()> {
    use postgres::fallible_iterator::FallibleIterator as _;
    server_of(conn)?;
    // One connection, kept: it listens (before the first sync, so a poke sent during a sync is
    // not missed) and syncs.
    let mut client: Option<(Client, schema::Speaks)> = None;
    while !stop() {
        let synced_at = std::time::Instant::now();
        let done = sync_with(conn, password, &mut client, true);
        said(&done);
        let began = std::time::Instant::now();
        // Whether a change made here ended the wait (it goes at once), not the server's channel.
        let mut local = false;
        while began.elapsed() < WATCH_INTERVAL && !stop() {
            if wake() {
                local = true;
                break;
            }
            match client.as_mut().map(|(c, _)| c) {
                Some(l) => {
                    let poked = {
                        let mut n = l.notifications();
                        let mut it = n.timeout_iter(WATCH_SLICE);
                        it.next()
                    };
                    match poked {
                        // Drain what else came meanwhile: one sync reads it all.
                        Ok(Some(_)) => {
                            let mut n = l.notifications();
                            let mut it = n.iter();
                            while let Ok(Some(_)) = it.next() {}
                            break;
                        }
                        Ok(None) => {}
                        Err(_) => client = None,
                    }
                }
                None => std::thread::sleep(WATCH_SLICE),
            }
        }
        // At most one sync a second when the server's channel pokes it (anyone may NOTIFY it):
        // what arrives meanwhile is read by that one sync. A change made here (the person's own
        // step or save) is not held back: it ends the gap and goes at once, so a step reaches
        // the others within the usual 2 s even right after a sync.
        while !local && synced_at.elapsed() < MIN_SYNC_GAP && !stop() {
            if wake() {
                break;
            }
            std::thread::sleep(WATCH_SLICE.min(MIN_SYNC_GAP.saturating_sub(synced_at.elapsed())));
        }
        if let Some((l, _)) = client.as_mut() {
            let mut n = l.notifications();
            let mut it = n.iter();
            while let Ok(Some(_)) = it.next() {}
        }
    }
    Ok(())
}

/// The shortest time between the starts of two syncs of a watching folder.
pub const MIN_SYNC_GAP: std::time::Duration = std::time::Duration::from_secs(1);

//! The server's schema: its migrations (`migrations/NNNN_*.sql`, append-only, each file's SHA-256
//! in `migrations/SHA256SUMS`) and `init`, which creates or upgrades it and makes the first admin.

use newsroom::{Error, Result, said};
use postgres::Client;

use crate::conn::{Server, connect, error, scram_verifier};

/// The migrations, in order: version, name, SQL.
const MIGRATIONS: &[(i32, &str, &str)] = &[
    (
        1,
        "0001_people.sql",
        include_str!("../migrations/0001_people.sql"),
    ),
    (
        2,
        "0002_articles.sql",
        include_str!("../migrations/0002_articles.sql"),
    ),
    (
        3,
        "0003_pull_by_horizon.sql",
        include_str!("../migrations/0003_pull_by_horizon.sql"),
    ),
    (
        4,
        "0004_comments.sql",
        include_str!("../migrations/0004_comments.sql"),
    ),
    (
        5,
        "0005_signed_approvals.sql",
        include_str!("../migrations/0005_signed_approvals.sql"),
    ),
    (
        6,
        "0006_photos.sql",
        include_str!("../migrations/0006_photos.sql"),
    ),
    (
        7,
        "0007_trust.sql",
        include_str!("../migrations/0007_trust.sql"),
    ),
    (
        8,
        "0008_approval_form_4.sql",
        include_str!("../migrations/0008_approval_form_4.sql"),
    ),
    (
        9,
        "0009_taken_ids.sql",
        include_str!("../migrations/0009_taken_ids.sql"),
    ),
    (
        10,
        "0010_renditions.sql",
        include_str!("../migrations/0010_renditions.sql"),
    ),
    (
        11,
        "0011_renditions_full.sql",
        include_str!("../migrations/0011_renditions_full.sql"),
    ),
    (
        12,
        "0012_first_password_pending_keys.sql",
        include_str!("../migrations/0012_first_password_pending_keys.sql"),
    ),
];

/// The schema version this build makes and understands.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// A lock number only `init` takes, so two inits at once run one after the other.
const INIT_LOCK: i64 = 0x746f_6173_6f61_6e31;

/// What [`init`] did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Initialised {
    /// The schema version before (0: a new newsroom).
    pub from: i32,
    /// The schema version now.
    pub to: i32,
    /// Whether the admin named was created now (false: they were there already).
    pub admin_created: bool,
}

/// The schema version of the newsroom `client` is connected to (0: none yet).
pub fn version(client: &mut Client) -> Result<i32> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('newsroom.schema_migrations') IS NOT NULL",
            &[],
        )
        .map_err(error)?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_one("SELECT newsroom.schema_version()", &[])
        .map_err(error)?
        .get(0))
}

/// The oldest server schema this build can sync with: with an older one it keeps to what that
/// server speaks (a server of schema 11 has no pending keys, first passwords, `seen` or newsroom
/// id: those are left out), so a server upgraded after its laptops keeps them working.
pub const OLDEST_SERVER: i32 = 11;

/// The first schema with pending keys, first passwords, `seen` and the newsroom's id.
pub const RUNS_THE_NEWSROOM: i32 = 12;

/// What the server at the other end speaks, as [`check_version`] found it.
pub type Speaks = i32;

/// Checks that this build and the newsroom `client` reaches can work together, and answers the
/// server's schema: the same as this build's; an older one down to [`OLDEST_SERVER`] (this build
/// keeps to what it speaks); a newer one that still serves this build's schema (its
/// `newsroom.compat()` says the oldest laptop it serves). A laptop too old is told which version
/// of the app it needs; a server too old, to run `server init`.
pub fn check_version(client: &mut Client) -> Result<Speaks> {
    let found = version(client)?;
    if found > SCHEMA_VERSION {
        let row = client
            .query_one(
                "SELECT oldest_client_schema, oldest_client_app FROM newsroom.compat()",
                &[],
            )
            .map_err(error)?;
        let (oldest, app): (i32, String) = (row.get(0), row.get(1));
        if oldest > SCHEMA_VERSION {
            let mine = env!("CARGO_PKG_VERSION");
            return Err(Error::Server {
                reason: said!(
                    "máy chủ tòa soạn đã được nâng cấp (lược đồ {found}) và cần Tòa soạn từ bản {app} trở lên; máy này đang dùng bản {mine}. Hãy cập nhật ứng dụng (nhờ bộ phận tin học); bài viết trên máy vẫn nguyên",
                    "the newsroom server was upgraded (schema {found}) and needs Tòa soạn {app} or newer; this machine runs {mine}. Update the app (ask your IT contact); the articles on this machine are untouched"
                ),
            });
        }
        return Ok(found);
    }
    if found < OLDEST_SERVER {
        return Err(Error::Server {
            reason: if found == 0 {
                said!(
                    "cơ sở dữ liệu này chưa là một tòa soạn; hãy chạy “newsroom server init”",
                    "this database is not a newsroom yet; run “newsroom server init”"
                )
            } else {
                said!(
                    "máy chủ dùng lược đồ {found}, cũ hơn mức phiên bản này làm việc được ({OLDEST_SERVER}); quản trị hãy chạy “newsroom server init” để nâng cấp",
                    "the server has schema {found}, older than this version works with ({OLDEST_SERVER}); an admin should run “newsroom server init” to upgrade it"
                )
            },
        });
    }
    Ok(found)
}

/// Creates or upgrades the newsroom on `server` (connected as a superuser: the URL's user, or
/// the OS user over a local socket), in one transaction: the missing migrations, then `admin`
/// as an admin if there is no such person yet, with the password `password()` gives (asked only
/// then). A schema newer than this build is refused and nothing changes.
pub fn init(
    server: &Server,
    superuser_password: Option<&str>,
    admin: &str,
    password: impl FnOnce() -> Result<String>,
) -> Result<Initialised> {
    init_to(server, superuser_password, admin, password, SCHEMA_VERSION)
}

/// [`init`], its migrations up to schema `to` only: a server of an earlier release, for the tests
/// of laptops and servers of different releases.
pub fn init_to(
    server: &Server,
    superuser_password: Option<&str>,
    admin: &str,
    password: impl FnOnce() -> Result<String>,
    to: i32,
) -> Result<Initialised> {
    let admin = newsroom::text::nfc(admin.trim());
    let mut client = connect(server, superuser_password)?;
    let row = client
        .query_one(
            "SELECT rolsuper, current_setting('server_encoding') FROM pg_roles WHERE rolname = current_user",
            &[],
        )
        .map_err(error)?;
    let (superuser, encoding): (bool, String) = (row.get(0), row.get(1));
    if !superuser {
        return Err(Error::Server {
            reason: said!(
                "“server init” cần kết nối bằng tài khoản quản trị PostgreSQL (superuser), ví dụ người dùng postgres",
                "“server init” must connect as a PostgreSQL superuser, for example the postgres user"
            ),
        });
    }
    if encoding != "UTF8" {
        return Err(Error::Server {
            reason: said!(
                "cơ sở dữ liệu phải dùng bảng mã UTF8 (đang là {encoding})",
                "the database must use the UTF8 encoding (it uses {encoding})"
            ),
        });
    }
    let mut tx = client.transaction().map_err(error)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&INIT_LOCK])
        .map_err(error)?;
    let from = {
        let exists: bool = tx
            .query_one(
                "SELECT to_regclass('newsroom.schema_migrations') IS NOT NULL",
                &[],
            )
            .map_err(error)?
            .get(0);
        let mut applied: Vec<(i32, String)> = Vec::new();
        if exists {
            for r in tx
                .query(
                    "SELECT version, sha256 FROM newsroom.schema_migrations ORDER BY version",
                    &[],
                )
                .map_err(error)?
            {
                applied.push((r.get(0), r.get(1)));
            }
        }
        let from = applied.last().map_or(0, |a| a.0);
        if from > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                found: i64::from(from),
                supported: i64::from(SCHEMA_VERSION),
            });
        }
        for (v, sum) in &applied {
            let ours = MIGRATIONS
                .iter()
                .find(|m| m.0 == *v)
                .map(|m| newsroom_sha(m.2));
            if ours.as_deref() != Some(sum.as_str()) {
                return Err(Error::Server {
                    reason: said!(
                        "lược đồ {v} trên máy chủ khác với lược đồ của phiên bản này",
                        "the server's schema {v} differs from this version's"
                    ),
                });
            }
        }
        from
    };
    for (v, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > from && m.0 <= to) {
        log::info!("server schema: applying {name}");
        tx.batch_execute(sql).map_err(error)?;
        tx.execute(
            "INSERT INTO newsroom.schema_migrations (version, sha256) VALUES ($1, $2)",
            &[v, &newsroom_sha(sql)],
        )
        .map_err(error)?;
    }
    let known: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT FROM newsroom.people WHERE name = $1 AND removed_at IS NULL)",
            &[&admin],
        )
        .map_err(error)?
        .get(0);
    let admin_created = if known {
        let role: Option<String> = tx
            .query_one("SELECT newsroom.role_of($1)", &[&admin])
            .map_err(error)?
            .get(0);
        if role.as_deref() != Some("admin") {
            return Err(Error::Server {
                reason: said!(
                    "“{admin}” đã có trong tòa soạn nhưng không phải quản trị",
                    "“{admin}” is in the newsroom already, but not as an admin"
                ),
            });
        }
        false
    } else {
        let verifier = scram_verifier(&password()?);
        let by: String = tx
            .query_one("SELECT session_user::text", &[])
            .map_err(error)?
            .get(0);
        tx.execute(
            "SELECT newsroom.add_person_unchecked($1, 'admin', $2, $3)",
            &[&admin, &verifier, &by],
        )
        .map_err(error)?;
        true
    };
    tx.commit().map_err(error)?;
    Ok(Initialised {
        from,
        to: to.max(from),
        admin_created,
    })
}

fn newsroom_sha(sql: &str) -> String {
    newsroom_base::sha256_hex(sql.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// A shipped server migration is never edited: each file's SHA-256 is in
    /// `migrations/SHA256SUMS`, and every file is in `MIGRATIONS`.
    #[test]
    fn shipped_migrations_never_change() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).expect("SHA256SUMS");
        let listed: Vec<(&str, &str)> = sums.lines().filter_map(|l| l.split_once("  ")).collect();
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("migrations")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let names: Vec<&str> = listed.iter().map(|(_, n)| *n).collect();
        assert_eq!(names, files, "a new migration adds its line to SHA256SUMS");
        let known: Vec<&str> = MIGRATIONS.iter().map(|m| m.1).collect();
        assert_eq!(
            known, names,
            "every migration file is in MIGRATIONS, in order"
        );
        for ((sum, name), (v, _, sql)) in listed.iter().zip(MIGRATIONS) {
            assert_eq!(&newsroom_sha(sql), sum, "{name} changed after it shipped");
            assert_eq!(name.get(..4).and_then(|n| n.parse::<i32>().ok()), Some(*v));
        }
    }

    /// Laptops of the previous release keep syncing with an upgraded server only while the
    /// functions they call keep their signatures: a migration after the one that made
    /// `newsroom.client_floor` that drops or renames a function says so by raising the floor
    /// (then such laptops are told which version they need instead of failing on a missing
    /// function).
    #[test]
    fn a_migration_that_drops_a_function_raises_the_laptops_floor() {
        for (v, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > RUNS_THE_NEWSROOM) {
            let lower = sql.to_lowercase();
            let drops = lower.contains("drop function") || lower.contains("rename to");
            if drops {
                assert!(
                    lower.contains("update newsroom.client_floor"),
                    "{name} (schema {v}) drops or renames a function: raise newsroom.client_floor"
                );
            }
        }
        // And the floor this build states for itself holds: it serves the schema before it.
        let made = MIGRATIONS
            .iter()
            .find(|m| m.0 == RUNS_THE_NEWSROOM)
            .map(|m| m.2)
            .unwrap_or_default();
        assert!(made.contains("VALUES (11, '0.1.0')"), "the floor 0012 sets");
        assert_eq!(OLDEST_SERVER, 11);
    }
}

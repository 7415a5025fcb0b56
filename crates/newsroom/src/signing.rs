//! Approvals signed by their editor: each person's Ed25519 key, made on their own machine, and the
//! public keys a data folder trusts.
//!
//! **Secret halves** are files in `<data>/keys/<key id>.key` (owner-only, written atomically), never
//! in the database: a bundle, a sync or a copy of `newsroom.db` carries none. **Trusted keys** are the
//! `signing_keys` table: in a folder joined to a newsroom server exactly the server's, registered
//! there by an admin (replaced at each pull, [`replace_trusted`]); in a folder on its own, the keys
//! made here. A key id is the first 16 bytes of the public key's SHA-256, in hex.
//!
//! An approval is valid when its signature, by a trusted key that is the approver's and is not
//! revoked, verifies over [`approval_message`]. A revoked key's signatures are all void, whatever
//! time they claim: a stolen key could write any time.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::Utc;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use newsroom_base::{sha256_hex, timestamp, write_atomic};

use crate::{Error, Result, Said, said};

/// How a public key is written: `ed25519:` and its 32 bytes in base64.
pub const PUBLIC_PREFIX: &str = "ed25519:";

/// The form of content a new approval's hash covers (`workflow::canonical_content`): 5 since each
/// picture's files are named by their SHA-256 (4: the article's creator; 3: the slug and the lead
/// picture; 2: what the page shows).
pub const SCHEME: i64 = 5;

/// A public key and whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PublicKey {
    /// Key id: the first 16 bytes of the key's SHA-256, hex.
    pub key_id: String,
    /// Whose key it is.
    pub person: String,
    /// `ed25519:` and the key in base64.
    pub public_key: String,
    /// When it was registered (UTC).
    pub registered_at: String,
    /// When it was revoked, if it was: every signature by it is void.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub revoked_at: Option<String>,
    /// Its person's role in the newsroom (`editor`, `admin`, … ; empty: no longer one of its
    /// people). Only editors' and admins' keys approve. None: not said (a folder on its own, or a
    /// keys file of version 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub role: Option<String>,
}

/// Whether people of role `role` approve articles (and so hold approving keys).
pub fn approves(role: &str) -> bool {
    matches!(role, "editor" | "admin")
}

/// A newsroom's public keys as a file (`newsroom server keys export`, read by `verify --keys`).
///
/// Format 3 is signed: an admin of the newsroom, whose own key is in the list as an admin's and
/// not revoked, signs [`keys_message`] of the file without its `signed` part. A desk trusts the
/// list when that key is one it pinned ([`pin`]), once, by the fingerprint the admin reads aloud.
/// Formats 1 and 2 were not signed; 2 added each key's role.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeysFile {
    /// Always `toa-soan-keys`.
    pub format: String,
    /// 3: signed; 2: each key says its person's role; 1: it did not.
    pub format_version: u32,
    /// When it was written.
    pub exported_at: String,
    /// The keys, revoked ones included (with their time). A key approves from its registration
    /// until its revocation, while its person's role is one that approves.
    pub keys: Vec<PublicKey>,
    /// Who signed the list, and the signature (format 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<ListSignature>,
}

/// The signature of a keys file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSignature {
    /// The key that signed: an admin's, in the list.
    pub key_id: String,
    /// Whose.
    pub person: String,
    /// Ed25519 over [`keys_message`], base64.
    pub signature: String,
}

/// This file format's name.
pub const KEYS_FORMAT: &str = "toa-soan-keys";

/// What a keys file's signature covers: the file without its signature, as this program writes
/// it (compact JSON, fields in their order).
pub fn keys_message(file: &KeysFile) -> String {
    let unsigned = KeysFile {
        signed: None,
        ..file.clone()
    };
    format!(
        "toa-soan keys 3\n{}",
        serde_json::to_string(&unsigned).unwrap_or_default()
    )
}

/// Key `key_id` of `keys` if it is `person`'s, an admin's and not revoked: the only kind that signs
/// a keys file.
fn admin_key_in<'a>(keys: &'a [PublicKey], key_id: &str, person: &str) -> Option<&'a PublicKey> {
    keys.iter().find(|k| {
        k.key_id == key_id
            && k.person == person
            && k.revoked_at.is_none()
            && k.role.as_deref() == Some("admin")
    })
}

/// The keys file for `keys`, signed by `signer`, who must be an admin of the newsroom whose key is
/// in `keys` and not revoked.
pub fn keys_file(keys: &[PublicKey], signer: &OwnKey) -> Result<String> {
    let id = signer.key_id();
    if admin_key_in(keys, &id, &signer.person).is_none() {
        let who = &signer.person;
        return Err(Error::InvalidInput {
            field: "keys",
            reason: said!(
                "tệp khóa phải do một quản trị ký, bằng khóa của chính mình đã đăng ký trên máy chủ; khóa {id} của “{who}” không phải khóa quản trị đã đăng ký",
                "a keys file must be signed by an admin, with their own key registered on the server; key {id} of “{who}” is not a registered admin key"
            ),
        });
    }
    let mut file = KeysFile {
        format: KEYS_FORMAT.into(),
        format_version: 3,
        exported_at: timestamp(Utc::now()),
        keys: keys.to_vec(),
        signed: None,
    };
    file.signed = Some(ListSignature {
        key_id: id,
        person: signer.person.clone(),
        signature: signer.sign(&keys_message(&file)),
    });
    let mut out = serde_json::to_string_pretty(&file).unwrap_or_default();
    out.push('\n');
    Ok(out)
}

/// Writes the keys file for `keys`, signed by `signer`, to `path`, atomically.
pub fn write_keys_file(path: &Path, keys: &[PublicKey], signer: &OwnKey) -> Result<()> {
    write_atomic(path, keys_file(keys, signer)?.as_bytes())
}

/// A keys file read and checked.
#[derive(Debug, Clone)]
pub struct KeysRead {
    /// Its keys.
    pub keys: Vec<PublicKey>,
    /// The admin key whose signature over the list holds (format 3); none: an unsigned file.
    pub signer: Option<PublicKey>,
    /// When the list was written, as it says (covered by its signature in format 3).
    pub exported_at: String,
}

/// Reads a keys file, every key checked, and its signature if it has one: a signed file whose
/// signature does not hold by an admin key of its own list is refused.
pub fn read_keys_file(path: &Path) -> Result<KeysRead> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let bad = |why: Said| Error::InvalidInput {
        field: "keys",
        reason: why,
    };
    let file: KeysFile = serde_json::from_slice(&bytes).map_err(|e| {
        let e = e.to_string();
        bad(said!(
            "tệp khóa không đọc được: {e}",
            "the keys file cannot be read: {e}"
        ))
    })?;
    if file.format != KEYS_FORMAT || !matches!(file.format_version, 1..=3) {
        return Err(bad(said!(
            "đây không phải tệp khóa của Tòa soạn (phiên bản 1 đến 3)",
            "this is not a Tòa soạn keys file (version 1 to 3)"
        )));
    }
    for k in &file.keys {
        let key = decode_public(&k.public_key)?;
        if key_id(&key) != k.key_id {
            let id = &k.key_id;
            return Err(bad(said!(
                "mã khóa {id} không khớp với khóa",
                "key id {id} does not match its key"
            )));
        }
    }
    let signer = match (&file.signed, file.format_version) {
        (None, 1 | 2) => None,
        (None, _) => {
            return Err(bad(said!(
                "tệp khóa dạng 3 thiếu chữ ký",
                "a keys file of format 3 has no signature"
            )));
        }
        (Some(sig), _) => {
            let id = &sig.key_id;
            let who = &sig.person;
            let k = admin_key_in(&file.keys, &sig.key_id, &sig.person)
                .ok_or_else(|| {
                    bad(said!(
                        "tệp khóa được ký bằng khóa {id} của “{who}”, không phải khóa quản trị còn hiệu lực trong chính danh sách",
                        "the keys file is signed with key {id} of “{who}”, not an admin key in force in its own list"
                    ))
                })?;
            let holds = decode_public(&k.public_key).ok().is_some_and(|key| {
                let sig: Option<[u8; 64]> = B64
                    .decode(&sig.signature)
                    .ok()
                    .and_then(|b| b.try_into().ok());
                sig.is_some_and(|s| {
                    key.verify(keys_message(&file).as_bytes(), &Signature::from_bytes(&s))
                        .is_ok()
                })
            });
            if !holds {
                return Err(bad(said!(
                    "chữ ký của tệp khóa không đúng: danh sách đã bị sửa sau khi “{who}” ký",
                    "the keys file's signature does not hold: the list was changed after “{who}” signed it"
                )));
            }
            Some(k.clone())
        }
    };
    Ok(KeysRead {
        keys: file.keys,
        signer,
        exported_at: file.exported_at,
    })
}

/// A key id as people read it aloud: groups of four hex digits.
pub fn fingerprint(key_id: &str) -> String {
    key_id
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A fingerprint as typed (spaces, dashes, either case) as a key id.
pub fn key_id_of_fingerprint(typed: &str) -> String {
    typed
        .chars()
        .filter(char::is_ascii_hexdigit)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Pins newsroom key `key` in this folder: keys files it signs are trusted here from now on.
/// `vouched_by`: the pinned key whose trusted list named `key` an admin; none: pinned by the
/// fingerprint read aloud. A key once revoked here stays revoked.
pub fn pin(conn: &Connection, key: &PublicKey, vouched_by: Option<&str>) -> Result<()> {
    conn.execute(
        "INSERT INTO newsroom_pins (key_id, person, pinned_at, vouched_by) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (key_id) DO NOTHING",
        params![key.key_id, key.person, timestamp(Utc::now()), vouched_by],
    )?;
    Ok(())
}

/// Whether key `key_id` is pinned in this folder and not revoked.
pub fn pinned(conn: &Connection, key_id: &str) -> Result<bool> {
    Ok(pin_revoked(conn, key_id)? == Some(None))
}

/// Key `key_id`'s pin here: none if it was never pinned; `Some(None)` pinned and in force;
/// `Some(Some(when))` revoked, by a trusted list, at `when`.
fn pin_revoked(conn: &Connection, key_id: &str) -> Result<Option<Option<String>>> {
    use rusqlite::OptionalExtension as _;
    Ok(conn
        .query_row(
            "SELECT revoked_at FROM newsroom_pins WHERE key_id = ?1",
            [key_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// How far ahead of this machine's clock a keys list may say it was written (clocks differ; a
/// list from further ahead would lock out every genuine list until that date).
const LIST_CLOCK_SLACK_HOURS: i64 = 24;

/// The keys of keys file `read` if this folder may trust them, else why not (with the fingerprint
/// to compare).
///
/// The file must be signed by a newsroom key pinned here, or by the key whose fingerprint is
/// `newsroom_key` (then pinned). A key a trusted list said was revoked is never trusted again, not
/// even by its fingerprint; a list older than the newest this folder trusted is refused (replayed,
/// it could bring back a revoked key). A trusted list teaches the folder its newsroom's admins:
/// every admin key in force in it is pinned (so a newer admin's lists are trusted with no call),
/// and a pinned key it shows revoked, or no longer an admin's, is revoked here.
pub fn trust_keys_file(
    conn: &Connection,
    read: KeysRead,
    newsroom_key: Option<&str>,
) -> Result<Vec<PublicKey>> {
    let refuse = |why: Said| Error::InvalidInput {
        field: "keys",
        reason: why,
    };
    let Some(signer) = read.signer else {
        return Err(refuse(said!(
            "tệp khóa không được ký (dạng cũ): hãy nhờ quản trị xuất lại bằng “newsroom server keys export”",
            "the keys file is not signed (an older format): ask an admin to export it again with “newsroom server keys export”"
        )));
    };
    let print = fingerprint(&signer.key_id);
    let who = &signer.person;
    let state = pin_revoked(conn, &signer.key_id)?;
    if let Some(Some(when)) = &state {
        return Err(refuse(said!(
            "tệp khóa được ký bằng khóa {print} của “{who}”, khóa này đã bị thu hồi ({when}) theo danh sách của tòa soạn máy này đã tin: đừng tin tệp này, hãy xin quản trị bản mới",
            "the keys file is signed with key {print} of “{who}”, which was revoked ({when}) by a newsroom list this machine trusted: do not trust this file, ask an admin for a new one"
        )));
    }
    let typed_ok = match newsroom_key {
        Some(typed) if key_id_of_fingerprint(typed) != signer.key_id => {
            return Err(refuse(said!(
                "tệp khóa được ký bằng khóa {print} của “{who}”, không phải khóa “{typed}” đã cho: đừng tin tệp này",
                "the keys file is signed with key {print} of “{who}”, not the key “{typed}” given: do not trust this file"
            )));
        }
        Some(_) => true,
        None => false,
    };
    if !typed_ok && state.is_none() {
        return Err(refuse(said!(
            "tệp khóa được ký bằng khóa {print} của “{who}”, máy này chưa tin khóa đó: đọc dấu khóa với quản trị tòa soạn (gọi điện), đúng thì chạy lại với --newsroom-key \"{print}\"",
            "the keys file is signed with key {print} of “{who}”, which this machine does not trust yet: compare the fingerprint with the newsroom's admin (by phone) and, if it matches, run again with --newsroom-key \"{print}\""
        )));
    }
    let written = &read.exported_at;
    let at = chrono::DateTime::parse_from_rfc3339(written)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            refuse(said!(
                "tệp khóa ghi thời điểm xuất không đọc được: “{written}”",
                "the keys file's export time cannot be read: “{written}”"
            ))
        })?;
    if at > Utc::now() + chrono::Duration::hours(LIST_CLOCK_SLACK_HOURS) {
        return Err(refuse(said!(
            "tệp khóa ghi thời điểm xuất {written}, ở tương lai: đừng tin tệp này",
            "the keys file says it was written at {written}, in the future: do not trust this file"
        )));
    }
    let tx = conn.unchecked_transaction()?;
    let newest: Option<String> = {
        use rusqlite::OptionalExtension as _;
        tx.query_row(
            "SELECT exported_at FROM newsroom_list_seen WHERE only_row = 1",
            [],
            |r| r.get(0),
        )
        .optional()?
    };
    if let Some(newest) = newest {
        let newer =
            chrono::DateTime::parse_from_rfc3339(&newest).is_ok_and(|n| at < n.with_timezone(&Utc));
        if newer {
            return Err(refuse(said!(
                "tệp khóa này xuất lúc {written}, cũ hơn danh sách máy này đã tin (xuất lúc {newest}): một danh sách cũ có thể còn khóa đã bị thu hồi, hãy dùng tệp mới nhất",
                "this keys file was written at {written}, before the list this machine already trusts (written at {newest}): an older list may still hold keys since revoked, use the newest file"
            )));
        }
    }
    if typed_ok {
        pin(&tx, &signer, None)?;
    }
    tx.execute(
        "INSERT INTO newsroom_list_seen (only_row, exported_at, signer, trusted_at)
         VALUES (1, ?1, ?2, ?3)
         ON CONFLICT (only_row) DO UPDATE SET exported_at = excluded.exported_at,
             signer = excluded.signer, trusted_at = excluded.trusted_at",
        params![written, signer.key_id, timestamp(Utc::now())],
    )?;
    for k in &read.keys {
        let admin = k.revoked_at.is_none() && k.role.as_deref() == Some("admin");
        if admin {
            pin(&tx, k, Some(&signer.key_id))?;
        } else {
            let when = k.revoked_at.as_deref().unwrap_or(written);
            tx.execute(
                "UPDATE newsroom_pins SET revoked_at = ?2 WHERE key_id = ?1 AND revoked_at IS NULL",
                params![k.key_id, when],
            )?;
        }
    }
    tx.commit()?;
    Ok(read.keys)
}

/// The id of `key`.
pub fn key_id(key: &VerifyingKey) -> String {
    sha256_hex(key.as_bytes())[..32].to_string()
}

/// `key` as `ed25519:<base64>`.
pub fn encode_public(key: &VerifyingKey) -> String {
    format!("{PUBLIC_PREFIX}{}", B64.encode(key.as_bytes()))
}

/// Reads `ed25519:<base64>`.
pub fn decode_public(s: &str) -> Result<VerifyingKey> {
    let bad = || Error::InvalidInput {
        field: "public_key",
        reason: said!(
            "khóa công khai phải có dạng “ed25519:” và 32 byte base64",
            "a public key is “ed25519:” and 32 bytes in base64"
        ),
    };
    let bytes = s
        .trim()
        .strip_prefix(PUBLIC_PREFIX)
        .and_then(|b| B64.decode(b).ok())
        .ok_or_else(bad)?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| bad())?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| bad())
}

/// One's own key: the secret half, read from `<data>/keys/`.
pub struct OwnKey {
    /// Whose.
    pub person: String,
    key: SigningKey,
}

impl OwnKey {
    /// The key of `person` whose secret seed is `seed` (tests, and keys read back from their file).
    pub fn from_seed(person: &str, seed: [u8; 32]) -> OwnKey {
        OwnKey {
            person: person.to_string(),
            key: SigningKey::from_bytes(&seed),
        }
    }

    /// Its public half.
    pub fn public(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// Its id.
    pub fn key_id(&self) -> String {
        key_id(&self.public())
    }

    /// Signs `message`: the signature in base64.
    pub fn sign(&self, message: &str) -> String {
        B64.encode(self.key.sign(message.as_bytes()).to_bytes())
    }
}

#[derive(Serialize, Deserialize)]
struct KeyFile {
    person: String,
    key_id: String,
    /// The 32-byte secret seed, base64.
    secret: String,
    made_at: String,
}

/// Where keys are kept in data folder `dir`.
pub fn keys_dir(dir: &Path) -> PathBuf {
    dir.join("keys")
}

/// `person`'s own key in this data folder, if one was made here.
pub fn own_key(conn: &Connection, person: &str) -> Result<Option<OwnKey>> {
    let dir = keys_dir(&crate::db::data_dir_of(conn)?);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(None);
    };
    let mut found: Vec<(String, OwnKey)> = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().and_then(|x| x.to_str()) != Some("key") {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok(f) = serde_json::from_slice::<KeyFile>(&bytes) else {
            continue;
        };
        if f.person != person {
            continue;
        }
        let seed: Option<[u8; 32]> = B64.decode(&f.secret).ok().and_then(|b| b.try_into().ok());
        let Some(seed) = seed else {
            continue;
        };
        found.push((
            f.made_at,
            OwnKey {
                person: f.person,
                key: SigningKey::from_bytes(&seed),
            },
        ));
    }
    // The newest, if a person made more than one here.
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found.pop().map(|(_, k)| k))
}

/// `person`'s own key in this data folder, made now if there is none. A key made in a folder on
/// its own is trusted here at once (this folder's rule table is its authority); in a folder joined
/// to a server it is trusted once an admin registers it there.
pub fn ensure_own_key(conn: &Connection, person: &str) -> Result<OwnKey> {
    if let Some(k) = own_key(conn, person)? {
        return Ok(k);
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| {
        let e = e.to_string();
        Error::Server {
            reason: said!(
                "không lấy được số ngẫu nhiên để tạo khóa: {e}",
                "no randomness to make a key: {e}"
            ),
        }
    })?;
    let key = OwnKey {
        person: person.to_string(),
        key: SigningKey::from_bytes(&seed),
    };
    let id = key.key_id();
    let now = timestamp(Utc::now());
    let file = KeyFile {
        person: person.to_string(),
        key_id: id.clone(),
        secret: B64.encode(seed),
        made_at: now.clone(),
    };
    let dir = keys_dir(&crate::db::data_dir_of(conn)?);
    let bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
    write_atomic(&dir.join(format!("{id}.key")), &bytes)?;
    if !crate::rules::joined_to_server(conn)? {
        register(
            conn,
            &PublicKey {
                key_id: id,
                person: person.to_string(),
                public_key: encode_public(&key.public()),
                registered_at: now,
                revoked_at: None,
                role: None,
            },
        )?;
    }
    Ok(key)
}

/// Adds `key` to the keys this folder trusts (a key already there keeps its record).
pub fn register(conn: &Connection, key: &PublicKey) -> Result<()> {
    conn.execute(
        "INSERT INTO signing_keys (key_id, person, public_key, registered_at, revoked_at)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (key_id) DO NOTHING",
        params![
            key.key_id,
            key.person,
            key.public_key,
            key.registered_at,
            key.revoked_at
        ],
    )?;
    Ok(())
}

/// The keys this folder trusts, revoked ones included, each with its person's role among the
/// folder's people (in a folder joined to a server, the server's people and roles, refreshed at
/// every sync; empty for someone who is not one of them; none in a folder without people).
pub fn trusted(conn: &Connection) -> Result<Vec<PublicKey>> {
    Ok(conn
        .prepare_cached(
            "SELECT k.key_id, k.person, k.public_key, k.registered_at, k.revoked_at,
                    CASE WHEN EXISTS (SELECT 1 FROM users) THEN coalesce(u.role, '') END
             FROM signing_keys k LEFT JOIN users u ON u.name = k.person
             ORDER BY k.person, k.registered_at",
        )?
        .query_map([], |r| {
            Ok(PublicKey {
                key_id: r.get(0)?,
                person: r.get(1)?,
                public_key: r.get(2)?,
                registered_at: r.get(3)?,
                revoked_at: r.get(4)?,
                role: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Whether `keys` hold key `key_id` as `person`'s, not revoked.
pub fn registered(keys: &[PublicKey], key_id: &str, person: &str) -> bool {
    keys.iter()
        .any(|k| k.key_id == key_id && k.person == person && k.revoked_at.is_none())
}

/// Makes the keys this folder trusts exactly `keys` (the newsroom server's).
pub fn replace_trusted(conn: &Connection, keys: &[PublicKey]) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    tx.execute("DELETE FROM signing_keys", [])?;
    for k in keys {
        register(&tx, k)?;
    }
    tx.commit()?;
    Ok(())
}

/// Refuses an approval of `creator`'s article by `approver` when they are the same person: nobody's
/// approval of their own article counts, wherever it was made.
pub fn not_own(approver: &str, creator: &str) -> std::result::Result<(), Said> {
    if !creator.is_empty() && approver == creator {
        return Err(said!(
            "“{approver}” tự duyệt bài của chính mình: bản duyệt này không được tính",
            "“{approver}” approved their own article: this approval does not count"
        ));
    }
    Ok(())
}

/// What an approval's signature covers, one field a line: the article, the revision approved (by
/// uid, the same on every machine), the approver, the time, the form of content and its hash.
pub fn approval_message(
    article_id: &str,
    revision_uid: &str,
    approver: &str,
    approved_at: &str,
    scheme: i64,
    content_sha256: &str,
) -> String {
    format!(
        "toa-soan approval 1\narticle {article_id}\nrevision {revision_uid}\napprover {approver}\n\
         approved_at {approved_at}\nscheme {scheme}\ncontent_sha256 {content_sha256}\n"
    )
}

/// An approval's signed fields.
#[derive(Debug, Clone, Copy)]
pub struct Signed<'a> {
    /// The article.
    pub article_id: &'a str,
    /// The revision approved (uid).
    pub revision_uid: &'a str,
    /// Who approved.
    pub approver: &'a str,
    /// When.
    pub approved_at: &'a str,
    /// The form of content.
    pub scheme: i64,
    /// Its hash.
    pub content_sha256: &'a str,
    /// The key that signed.
    pub key_id: &'a str,
    /// The signature, base64.
    pub signature: &'a str,
}

/// Whether `a` is signed by a key of `keys` that is the approver's and not revoked; if not, why
/// (for the log and the package check).
pub fn check(keys: &[PublicKey], a: &Signed<'_>) -> std::result::Result<(), Said> {
    let approver = a.approver;
    if a.signature.is_empty() || a.key_id.is_empty() {
        return Err(said!(
            "bản duyệt của “{approver}” không có chữ ký",
            "the approval by “{approver}” is not signed"
        ));
    }
    let id = a.key_id;
    let Some(k) = keys.iter().find(|k| k.key_id == a.key_id) else {
        return Err(said!(
            "bản duyệt của “{approver}” được ký bằng khóa {id}, không phải khóa đã đăng ký của tòa soạn",
            "the approval by “{approver}” is signed with key {id}, which is not a registered key of the newsroom"
        ));
    };
    if k.person != a.approver {
        let owner = &k.person;
        return Err(said!(
            "khóa {id} là của “{owner}”, không phải của “{approver}”",
            "key {id} is “{owner}”’s, not “{approver}”’s"
        ));
    }
    if let Some(when) = &k.revoked_at {
        return Err(said!(
            "khóa {id} của “{approver}” đã bị thu hồi lúc {when}",
            "key {id} of “{approver}” was revoked at {when}"
        ));
    }
    if let Some(role) = k.role.as_deref().filter(|r| !approves(r)) {
        return Err(if role.is_empty() {
            said!(
                "“{approver}” không còn thuộc tòa soạn: khóa {id} không duyệt được bài",
                "“{approver}” is no longer one of the newsroom's people: key {id} approves nothing"
            )
        } else {
            said!(
                "“{approver}” là {role}, không phải biên tập viên hay quản trị: khóa {id} không duyệt được bài",
                "“{approver}” is a {role}, not an editor or an admin: key {id} approves nothing"
            )
        });
    }
    let bad_sig = || {
        said!(
            "chữ ký bản duyệt của “{approver}” không đúng với nội dung được duyệt",
            "the signature of the approval by “{approver}” does not match what was approved"
        )
    };
    let key = decode_public(&k.public_key).map_err(|_| bad_sig())?;
    let sig: [u8; 64] = B64
        .decode(a.signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(bad_sig)?;
    let message = approval_message(
        a.article_id,
        a.revision_uid,
        a.approver,
        a.approved_at,
        a.scheme,
        a.content_sha256,
    );
    key.verify(message.as_bytes(), &Signature::from_bytes(&sig))
        .map_err(|_| bad_sig())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn registered(k: &SigningKey, person: &str) -> PublicKey {
        PublicKey {
            key_id: key_id(&k.verifying_key()),
            person: person.into(),
            public_key: encode_public(&k.verifying_key()),
            registered_at: "2026-01-01T00:00:00.000Z".into(),
            revoked_at: None,
            role: None,
        }
    }

    #[test]
    fn a_signature_holds_only_for_what_it_covers_by_the_approvers_registered_key() {
        let k = key(7);
        let own = OwnKey {
            person: "Lan".into(),
            key: k.clone(),
        };
        let hash = "a".repeat(64);
        let msg = approval_message("A1", "r1", "Lan", "2026-01-02T03:04:05.000Z", 2, &hash);
        let sig = own.sign(&msg);
        let id = own.key_id();
        let signed = Signed {
            article_id: "A1",
            revision_uid: "r1",
            approver: "Lan",
            approved_at: "2026-01-02T03:04:05.000Z",
            scheme: 2,
            content_sha256: &hash,
            key_id: &id,
            signature: &sig,
        };
        let keys = vec![registered(&k, "Lan")];
        assert_eq!(check(&keys, &signed), Ok(()));
        // Any field changed: the signature no longer holds.
        let other = "b".repeat(64);
        for changed in [
            Signed {
                article_id: "A2",
                ..signed
            },
            Signed {
                revision_uid: "r2",
                ..signed
            },
            Signed {
                approved_at: "2026-01-02T03:04:06.000Z",
                ..signed
            },
            Signed {
                scheme: 1,
                ..signed
            },
            Signed {
                content_sha256: &other,
                ..signed
            },
        ] {
            assert!(check(&keys, &changed).is_err(), "{changed:?}");
        }
        // Claimed by someone else, or with a key that is not registered, or revoked.
        let as_hung = Signed {
            approver: "Hùng",
            ..signed
        };
        assert!(
            check(&keys, &as_hung)
                .expect_err("not the approver's key")
                .vi()
                .contains("không phải của")
        );
        assert!(check(&[registered(&key(8), "Lan")], &signed).is_err());
        let mut revoked = keys.clone();
        revoked[0].revoked_at = Some("2026-02-01T00:00:00.000Z".into());
        assert!(
            check(&revoked, &signed)
                .expect_err("revoked")
                .vi()
                .contains("thu hồi")
        );
        assert!(
            check(
                &keys,
                &Signed {
                    signature: "",
                    ..signed
                }
            )
            .is_err()
        );
        // Only an editor's or an admin's key approves; someone no longer in the newsroom's
        // people approves nothing.
        let mut roles = keys.clone();
        for (role, holds) in [
            ("reporter", false),
            ("staff", false),
            ("", false),
            ("editor", true),
            ("admin", true),
        ] {
            roles[0].role = Some(role.into());
            assert_eq!(check(&roles, &signed).is_ok(), holds, "{role}");
        }
        // Nobody's approval of their own article counts.
        assert!(not_own("Lan", "Lan").is_err());
        assert!(not_own("Lan", "Mai").is_ok());
    }

    #[test]
    fn public_keys_round_trip_and_junk_is_refused() {
        let k = key(3).verifying_key();
        assert_eq!(decode_public(&encode_public(&k)).expect("decode"), k);
        for junk in ["", "ed25519:", "ed25519:AAAA", "rsa:abc", "ed25519:!!!"] {
            assert!(decode_public(junk).is_err(), "{junk}");
        }
        assert_eq!(key_id(&k).len(), 32);
    }
}

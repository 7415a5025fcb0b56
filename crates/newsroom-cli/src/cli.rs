//! The command line as clap reads it: global options, and the commands in groups (each group's
//! commands are run by the module of the same name). The groups are flattened: `newsroom new`, not
//! `newsroom articles new`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use newsroom::status::Status;
use newsroom::{figures, text, workflow};

#[derive(Parser)]
#[command(
    name = "newsroom",
    version,
    about = "Tòa soạn — bài viết, xuất bản, từ dòng lệnh"
)]
pub(crate) struct Cli {
    /// Data folder (default: $NEWSROOM_DATA_DIR, else the app's folder in the OS data directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
    /// Print data as JSON.
    #[arg(long, global = true)]
    pub(crate) json: bool,
    /// Who is working, recorded in the history (default: $USER). Once the newsroom has user
    /// profiles (`user add`), one of them.
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub(crate) author: Option<String>,
    /// PIN of the profile given with --as, if it has one.
    #[arg(long, global = true, env = "NEWSROOM_PIN", hide_env_values = true)]
    pub(crate) pin: Option<String>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Fields of an article, for `new` and `edit`.
#[derive(Args)]
pub(crate) struct Fields {
    /// Lead (sapo), without the portal prefix.
    #[arg(long)]
    pub(crate) lead: Option<String>,
    /// Markdown body from a file, or `-` for standard input.
    #[arg(long, value_name = "F|-")]
    pub(crate) body_file: Option<PathBuf>,
    /// Author; repeat, or separate names with commas.
    #[arg(long, value_name = "NAME")]
    pub(crate) byline: Vec<String>,
    /// Category.
    #[arg(long)]
    pub(crate) category: Option<String>,
    /// Keyword; repeat for several.
    #[arg(long = "tag", value_name = "TAG")]
    pub(crate) tags: Vec<String>,
    /// Source line, without "Nguồn:".
    #[arg(long)]
    pub(crate) source: Option<String>,
    /// URL slug set by hand (empty string: follow the title again).
    #[arg(long)]
    pub(crate) slug: Option<String>,
    /// Publication time in the portal's local time, "YYYY-MM-DD HH:MM" (empty string: none).
    #[arg(long, value_name = "TIME")]
    pub(crate) published: Option<String>,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    #[command(flatten)]
    Articles(ArticleCommand),
    #[command(flatten)]
    Publish(PublishCommand),
    #[command(flatten)]
    Review(ReviewCommand),
    #[command(flatten)]
    Language(LanguageCommand),
    #[command(flatten)]
    Data(DataCommand),
    /// Photos of an article: add, list, change, remove.
    Photo {
        #[command(subcommand)]
        action: PhotoCommand,
    },
    /// Portal profiles: list, show, import, export, make default, remove.
    Profile {
        #[command(subcommand)]
        action: ProfileCommand,
    },
    /// People: add, list, change a role, set a PIN, remove.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// The newsroom server (PostgreSQL): create or upgrade it, manage its people.
    Server {
        #[command(subcommand)]
        action: ServerCommand,
    },
}

/// Where the newsroom server is and who signs in to it. The password is never an option:
/// $NEWSROOM_PASSWORD, else asked on the terminal.
#[derive(Args)]
pub(crate) struct ServerLogin {
    /// The server: a PostgreSQL URL (postgresql://host/toasoan) or connection string
    /// ("host=… dbname=…").
    #[arg(long, env = "NEWSROOM_SERVER_URL", value_name = "URL")]
    pub(crate) url: String,
    /// Your name on the server (default: the URL's user).
    #[arg(long, env = "NEWSROOM_SERVER_USER", value_name = "NAME")]
    pub(crate) user: Option<String>,
}

#[derive(Subcommand)]
pub(crate) enum ServerCommand {
    /// Create the newsroom on a PostgreSQL database, or upgrade it: the schema, the four group
    /// roles, row-level security, and the first admin (their password from $NEWSROOM_PASSWORD or
    /// the terminal). Connect as a PostgreSQL superuser (the URL's user, or the OS user over the
    /// local socket); the superuser's own password, if one is needed, from $PGPASSWORD.
    Init {
        /// The database: postgresql://postgres@localhost/toasoan, or "host=/var/run/postgresql dbname=toasoan".
        #[arg(long, value_name = "URL")]
        url: String,
        /// The first admin's name (created if missing; kept as is if already an admin).
        #[arg(long, value_name = "NAME")]
        admin: String,
    },
    /// Join this data folder to the newsroom server as NAME (your password from
    /// $NEWSROOM_PASSWORD or the terminal): from then on `newsroom sync` sends your work and
    /// brings the newsroom's, and the server decides every review step.
    Connect {
        #[command(flatten)]
        login: ServerLogin,
        /// Keep the password in the OS's own password store (Secret Service, Credential
        /// Manager): `newsroom sync` and the app no longer ask it on this computer.
        #[arg(long)]
        keep_password: bool,
    },
    /// Keep your password (from $NEWSROOM_PASSWORD or asked, checked with the server) in the OS's
    /// own password store: `newsroom sync` and the app no longer ask it on this computer.
    KeepPassword,
    /// Take your password out of the OS's password store: it is asked again when needed.
    ForgetPassword,
    /// This folder's server, the last sync, what is waiting to be sent, your signing key's
    /// fingerprint, and the sync log.
    Status,
    /// Leave the newsroom server: this folder works on its own again; its articles and the changes
    /// not yet sent stay here (sent if it joins the same newsroom again as the same person).
    Leave,
    /// The newsroom server moved: follow it to URL (it must be the same newsroom; your password
    /// from $NEWSROOM_PASSWORD or asked).
    Move {
        /// The new address.
        #[arg(long, value_name = "URL")]
        url: String,
    },
    /// Set your own password on the server: the current one from $NEWSROOM_PASSWORD (or the
    /// first one an admin gave you), the new one from $NEWSROOM_NEW_PASSWORD or asked twice.
    Password {
        #[command(flatten)]
        login: ServerLogin,
    },
    /// People on the server (admin): add, list, change a role, remove.
    User {
        #[command(flatten)]
        login: ServerLogin,
        #[command(subcommand)]
        action: ServerUserCommand,
    },
    /// Signing keys on the server: register (admin), list, revoke (admin), export for the upload
    /// desk's `newsroom verify --keys`.
    Keys {
        #[command(flatten)]
        login: ServerLogin,
        #[command(subcommand)]
        action: ServerKeysCommand,
    },
}

#[derive(Subcommand)]
pub(crate) enum ServerKeysCommand {
    /// Register KEY (`ed25519:…`, as `newsroom user key` prints it on their machine) as NAME's.
    Add {
        /// Whose key it is.
        name: String,
        /// The public key.
        key: String,
    },
    /// List the keys, revoked ones marked.
    List,
    /// Keys their people offered (sent by their laptops when they connect), waiting for an admin,
    /// with the fingerprint to compare with theirs, read aloud.
    Pending,
    /// Register NAME's pending key, by its id or its fingerprint as read aloud.
    Register {
        /// Whose key it is.
        name: String,
        /// Its id or fingerprint ("1a2b 3c4d …").
        key: String,
    },
    /// Turn NAME's pending key away (the fingerprints did not match).
    Dismiss {
        /// Whose key it is.
        name: String,
        /// Its id or fingerprint.
        key: String,
    },
    /// Revoke a key (a lost laptop): every approval signed with it stops counting.
    Revoke {
        /// The key id.
        key_id: String,
    },
    /// Write the newsroom's public keys to FILE, for `newsroom verify --keys`.
    Export {
        /// Where to write them.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub(crate) enum ServerUserCommand {
    /// Add a person: a PostgreSQL login in the role's group. Their first password comes from
    /// $NEWSROOM_NEW_PASSWORD, else is asked twice on the terminal; never from the command line.
    Add {
        /// Name, as shown and recorded ("Nguyễn Mai Anh"); it is also their login.
        name: String,
        /// reporter, editor, staff or admin.
        #[arg(long, value_parser = parse_role)]
        role: workflow::Role,
        /// The password is a first one: they must set their own before anything else.
        #[arg(long)]
        first: bool,
    },
    /// List the people and their roles (for an admin: first passwords not yet changed, the last
    /// sync and the app's version then).
    List,
    /// Give someone a new first password (forgotten, or a lost laptop): their open sessions end
    /// and they set their own at their next sign-in. From $NEWSROOM_NEW_PASSWORD or asked twice.
    Reset {
        /// Name of the person.
        name: String,
    },
    /// Give someone another role (the newsroom keeps at least one admin).
    Role {
        /// Name of the person.
        name: String,
        /// reporter, editor, staff or admin.
        #[arg(value_parser = parse_role)]
        role: workflow::Role,
    },
    /// Remove someone: their login is dropped; what they wrote stays under their name.
    Remove {
        /// Name of the person.
        name: String,
    },
}

/// Articles: write, read, search, history, the trash.
#[derive(Subcommand)]
pub(crate) enum ArticleCommand {
    /// Create a draft and print its id.
    New {
        /// Title (required, unless the draft is made from a Word file).
        #[arg(long, required_unless_present = "from")]
        title: Option<String>,
        /// Make the draft from a Word file (.docx): its text, pictures and captions; other options
        /// given here then change the draft.
        #[arg(long, value_name = "FILE.docx")]
        from: Option<PathBuf>,
        #[command(flatten)]
        fields: Fields,
    },
    /// Change fields of an article made from revision N (refused if it has changed since).
    Edit {
        /// Article id.
        id: String,
        /// The revision your change is based on (see `show`).
        #[arg(long, value_name = "N")]
        base_revision: i64,
        /// New title.
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        fields: Fields,
    },
    /// List articles, most recently saved first (the trash only with --status spiked).
    List {
        /// Only articles in this state (draft, spiked).
        #[arg(long, value_parser = parse_status)]
        status: Option<Status>,
    },
    /// Search articles, ranked; words with or without marks ("dang bo" finds "Đảng bộ").
    Search {
        /// Words to find.
        query: String,
        /// Only articles in this state (draft, spiked); default: all but the trash.
        #[arg(long, value_parser = parse_status)]
        status: Option<Status>,
        /// Only this category.
        #[arg(long)]
        category: Option<String>,
        /// Only articles by this author.
        #[arg(long)]
        author: Option<String>,
        /// Most results.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Show one article.
    Show {
        /// Article id.
        id: String,
    },
    /// List an article's revisions, newest first.
    History {
        /// Article id.
        id: String,
    },
    /// Compare two revisions word by word ([-removed-] {+added+}).
    Diff {
        /// Article id.
        id: String,
        /// Older revision.
        rev_a: i64,
        /// Newer revision.
        rev_b: i64,
    },
    /// Bring an old revision back as a new one.
    Restore {
        /// Article id.
        id: String,
        /// Revision to bring back.
        rev: i64,
    },
    /// Move an article to the trash.
    Spike {
        /// Article id.
        id: String,
    },
    /// Take an article out of the trash.
    Unspike {
        /// Article id.
        id: String,
    },
    /// Delete an article from the trash for good.
    Delete {
        /// Article id.
        id: String,
    },
}

/// Packages: export, the checklist, validate and verify.
#[derive(Subcommand)]
pub(crate) enum PublishCommand {
    /// Export an article as the package DIR/<slug>/ (index.html, article.html, article.json,
    /// manifest.json, images/), and DIR/<slug>.zip with --zip; DIR is "Tòa soạn" in Documents
    /// unless --out says otherwise. Refused while the checklist has a
    /// required item failing (see `check`).
    Export {
        /// Article id.
        id: String,
        /// Folder to write the package into (created if needed); by default "Tòa soạn" in the
        /// user's Documents folder (else the data folder's `exports`), as the window does.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Also write DIR/<slug>.zip.
        #[arg(long)]
        zip: bool,
        /// Portal profile (default: the data folder's default profile).
        #[arg(long, value_name = "P")]
        profile: Option<String>,
    },
    /// The export checklist of an article; exits with 1 when a required item fails.
    Check {
        /// Article id.
        id: String,
        /// Portal profile (default: the data folder's default profile).
        #[arg(long, value_name = "P")]
        profile: Option<String>,
    },
    /// Check a package folder: manifest, HTML, files referenced, images' alt and size.
    Validate {
        /// The package folder (DIR/<slug>).
        package: PathBuf,
    },
    /// Is this package what the editor approved? Rechecks every hash and the approval's
    /// signature; exit 1 if not.
    Verify {
        /// The package folder.
        package: PathBuf,
        /// The newsroom's public keys (`newsroom server keys export`): the approval must be signed
        /// by a registered editor's key. The file must be signed by a newsroom key this data
        /// folder trusts (see --newsroom-key). Without it, the keys this data folder trusts.
        #[arg(long, value_name = "FILE")]
        keys: Option<PathBuf>,
        /// The fingerprint of the admin key that signs the keys file, as the newsroom's admin
        /// reads it to you: checked, then trusted in this data folder for later files.
        #[arg(long, value_name = "FINGERPRINT", requires = "keys")]
        newsroom_key: Option<String>,
    },
}

/// Review: the workflow steps, comments, the audit log, the review diff.
#[derive(Subcommand)]
pub(crate) enum ReviewCommand {
    /// Send an article for review (Chờ duyệt).
    Submit {
        /// Article id.
        id: String,
        /// A note for the editor.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Open a submitted article for review; it is locked to you (Đang biên tập).
    Claim {
        /// Article id.
        id: String,
    },
    /// Give an article you claimed back to the review queue.
    Release {
        /// Article id.
        id: String,
    },
    /// Send an article in review back to its reporter (Yêu cầu sửa).
    RequestChanges {
        /// Article id.
        id: String,
        /// What to change.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Approve an article in review (Đã duyệt): its content hash is recorded.
    Approve {
        /// Article id.
        id: String,
        /// A note.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// The audit log of an article: every workflow step and every saved revision.
    Log {
        /// Article id.
        id: String,
    },
    /// Comment on an article: on a phrase (--quote), a paragraph (--paragraph) or the whole text.
    Comment {
        /// Article id.
        id: String,
        /// The comment.
        #[arg(long)]
        text: String,
        /// The phrase it is about, as written in the article.
        #[arg(long)]
        quote: Option<String>,
        /// The field the phrase is in: title, lead or body.
        #[arg(long)]
        field: Option<String>,
        /// A paragraph of the body instead (1 = first).
        #[arg(long, value_name = "N")]
        paragraph: Option<u32>,
        /// The comment this one answers.
        #[arg(long, value_name = "C")]
        reply_to: Option<i64>,
    },
    /// An article's comments, each with where it sits in the text now.
    Comments {
        /// Article id.
        id: String,
    },
    /// Mark a comment resolved (or open again with --reopen).
    Resolve {
        /// Comment id.
        comment: i64,
        /// Open it again.
        #[arg(long)]
        reopen: bool,
    },
    /// Word diff of an article since the revision you (--as) last reviewed, to its current one.
    ReviewDiff {
        /// Article id.
        id: String,
    },
}

/// Vietnamese: dates as the portal writes them, spelling, the dictionary, tone placement.
#[derive(Subcommand)]
pub(crate) enum LanguageCommand {
    /// A time as the portal writes it: "Chiều 2/12" for running text, then the long time line
    /// ("Thứ Tư, 02/12/2020 15:20"), in the default profile's zone.
    Date {
        /// The time (default: now), "YYYY-MM-DD HH:MM" in the portal's zone.
        #[arg(long)]
        at: Option<String>,
    },
    /// Check words against the Vietnamese dictionary (both tone placements) and the newsroom's own.
    Spell {
        /// Words (or sentences) to check.
        #[arg(required = true)]
        words: Vec<String>,
    },
    /// Add words (names, places, terms) to the newsroom's dictionary, shared by this data folder.
    Dictionary {
        /// Words to add.
        #[arg(required = true)]
        words: Vec<String>,
    },
    /// Put every tone mark of an article in one placement (hòa or hoà; default: the profile's house
    /// style, else the one most of the article uses), leaving proper names alone; saves a revision.
    Retone {
        /// Article id.
        id: String,
        /// old (hòa, thủy) or new (hoà, thuỷ).
        #[arg(long, value_parser = parse_tone)]
        style: Option<text::tone::ToneStyle>,
    },
}

/// Moving data: backups and bundles.
#[derive(Subcommand)]
pub(crate) enum DataCommand {
    /// Back up the whole newsroom (database and media) to one file.
    Backup {
        /// The backup file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Replace this data folder's newsroom with a backup (the current data is kept aside).
    RestoreBackup {
        /// The backup file.
        file: PathBuf,
    },
    /// Bundles: one file carrying an article (history, comments, log, photos) between machines.
    Bundle {
        #[command(subcommand)]
        action: BundleCommand,
    },
    /// Sync with the newsroom server this folder is joined to (`server connect`): send what was
    /// written and done here, bring what others did. Your password from $NEWSROOM_PASSWORD or the
    /// terminal.
    Sync {
        /// Keep syncing until stopped: at once when the server says someone changed something,
        /// else every few seconds; a line for each sync that moved something or failed.
        #[arg(long)]
        watch: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum BundleCommand {
    /// Write article ID as a bundle file.
    Export {
        /// Article id.
        id: String,
        /// The bundle file to write (e.g. bai.toasoan).
        #[arg(long, value_name = "F")]
        out: PathBuf,
    },
    /// Add what is new in a bundle file; never overwrites (both versions are kept when both changed).
    Import {
        /// The bundle file.
        file: PathBuf,
    },
    /// After an import found both sides changed: merge the other side's version into ours.
    Merge {
        /// Article id.
        id: String,
    },
}

#[derive(Subcommand)]
pub(crate) enum UserCommand {
    /// Add a profile (the first must be an admin; later ones are added by an admin, with --as).
    Add {
        /// Name, as shown and recorded.
        name: String,
        /// reporter (phóng viên), editor (biên tập viên), staff (cán bộ đăng tin) or admin (quản trị).
        #[arg(long, value_parser = parse_role)]
        role: workflow::Role,
        /// A PIN of 4 to 12 digits asked at sign-in.
        #[arg(long = "new-pin", value_name = "DIGITS")]
        new_pin: Option<String>,
    },
    /// List the profiles.
    List,
    /// Give someone another role (admin; the newsroom keeps at least one admin).
    Role {
        /// Name of the person.
        name: String,
        /// reporter, editor, staff or admin.
        #[arg(value_parser = parse_role)]
        role: workflow::Role,
    },
    /// Set or reset someone's PIN (admin, or anyone for their own). The new PIN is read from
    /// $NEWSROOM_NEW_PIN, else asked twice on the terminal without echo, else read from stdin.
    Pin {
        /// Name of the person.
        name: String,
        /// Take the PIN away instead (signing in then asks for none).
        #[arg(long)]
        clear: bool,
    },
    /// Remove someone (admin; not the last admin). What they wrote stays, under their name.
    Remove {
        /// Name of the person.
        name: String,
    },
    /// Your signing key (made now if you have none here): its id and public half, which a
    /// newsroom's admin registers (`newsroom server keys add`). The secret half stays in this
    /// data folder (keys/).
    Key,
}

pub(crate) fn parse_tone(s: &str) -> Result<text::tone::ToneStyle, String> {
    match s {
        "old" | "cu" | "cũ" => Ok(text::tone::ToneStyle::Old),
        "new" | "moi" | "mới" => Ok(text::tone::ToneStyle::New),
        _ => Err(format!("kiểu đặt dấu không hợp lệ: {s} (old, new)")),
    }
}

pub(crate) fn parse_role(s: &str) -> Result<workflow::Role, String> {
    workflow::Role::parse(s)
        .ok_or_else(|| format!("vai trò không hợp lệ: {s} (reporter, editor, staff, admin)"))
}

#[derive(Subcommand)]
pub(crate) enum ProfileCommand {
    /// List the profiles (* marks the default).
    List,
    /// Print a profile as JSON (default: the default profile).
    Show {
        /// Profile id.
        id: Option<String>,
    },
    /// Add or replace a profile from a JSON file (as `profile export` writes it).
    Import {
        /// The JSON file.
        file: PathBuf,
        /// Also make it the default.
        #[arg(long)]
        default: bool,
    },
    /// Write a profile to a JSON file.
    Export {
        /// Profile id.
        id: String,
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Print a profile's list of official names (one per line, dated), or replace it from a file in
    /// the same form (`# cập nhật: YYYY-MM-DD`, `# cần rà soát: có|không`, then one name per line).
    Names {
        /// Profile id (default: the default profile).
        id: Option<String>,
        /// Replace the list with this file.
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
    },
    /// Make a profile the default for exports.
    Default {
        /// Profile id.
        id: String,
    },
    /// Remove a stored profile (a changed built-in one goes back to as shipped).
    Remove {
        /// Profile id.
        id: String,
    },
}

/// What a figure says, for `photo add` and `photo set`.
#[derive(Args)]
pub(crate) struct FigureArgs {
    /// Caption for this article ("chú thích").
    #[arg(long)]
    pub(crate) caption: Option<String>,
    /// Alt text (what the photo shows, for readers who cannot see it).
    #[arg(long)]
    pub(crate) alt: Option<String>,
    /// Credit for this use (empty: the photo's own, from its metadata).
    #[arg(long)]
    pub(crate) credit: Option<String>,
    /// Make it (with `add`: the first photo) the lead photo.
    #[arg(long)]
    pub(crate) lead: bool,
}

impl FigureArgs {
    pub(crate) fn change(&self, lead: bool) -> figures::FigureChange {
        figures::FigureChange {
            caption: self.caption.clone(),
            alt: self.alt.clone(),
            credit: self.credit.clone(),
            lead: (self.lead && lead).then_some(true),
        }
    }
}

#[derive(Subcommand)]
pub(crate) enum PhotoCommand {
    /// Import photo files (JPEG, PNG, WebP) and add them to the end of article ID, on every core.
    Add {
        /// Article id.
        id: String,
        /// Photo files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        fields: FigureArgs,
    },
    /// List an article's photos with their renditions (path, width, height, bytes).
    List {
        /// Article id.
        id: String,
    },
    /// Change photo N of article ID (its number in the body: `anh:N`).
    Set {
        /// Article id.
        id: String,
        /// The photo's number in the article.
        n: u32,
        #[command(flatten)]
        fields: FigureArgs,
    },
    /// Take photo N out of article ID (it stays in the library).
    Remove {
        /// Article id.
        id: String,
        /// The photo's number in the article.
        n: u32,
    },
}

pub(crate) fn parse_status(s: &str) -> Result<Status, String> {
    Status::parse(s).ok_or_else(|| {
        format!(
            "trạng thái không hợp lệ: {s} ({})",
            newsroom::status::ALL.map(|st| st.as_str()).join(", ")
        )
    })
}

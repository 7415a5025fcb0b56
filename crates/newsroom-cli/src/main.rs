//! `newsroom`: the newsroom's operations from a terminal, on the same data folder as the app.
//!
//! Thin: each subcommand parses its arguments, calls one core function and prints the result.
//! Errors are one line on stderr and exit code 1 (2 for bad usage, from clap); with `--json`, that
//! line is a JSON object `{"error": {"code", "message"}}`.

mod out;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use newsroom::articles::{self, ArticleInput, ListFilter, SaveKind};
use newsroom::profile::Profile;
use newsroom::revisions::{self, DiffKind};
use newsroom::said;
use newsroom::search::{self, SearchQuery};
use newsroom::status::Status;
use newsroom::{
    Error, backup, checklist, export, figures, language, media, profile, store, text, workflow,
};
use out::{errln, out, outln};

#[derive(Parser)]
#[command(
    name = "newsroom",
    version,
    about = "Tòa soạn — bài viết, xuất bản, từ dòng lệnh"
)]
struct Cli {
    /// Data folder (default: $NEWSROOM_DATA_DIR, else the app's folder in the OS data directory).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Print data as JSON.
    #[arg(long, global = true)]
    json: bool,
    /// Who is working, recorded in the history (default: $USER). Once the newsroom has user
    /// profiles (`user add`), one of them.
    #[arg(long = "as", global = true, value_name = "NAME")]
    author: Option<String>,
    /// PIN of the profile given with --as, if it has one.
    #[arg(long, global = true, env = "NEWSROOM_PIN", hide_env_values = true)]
    pin: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// Fields of an article, for `new` and `edit`.
#[derive(Args)]
struct Fields {
    /// Lead (sapo), without the portal prefix.
    #[arg(long)]
    lead: Option<String>,
    /// Markdown body from a file, or `-` for standard input.
    #[arg(long, value_name = "F|-")]
    body_file: Option<PathBuf>,
    /// Author; repeat, or separate names with commas.
    #[arg(long, value_name = "NAME")]
    byline: Vec<String>,
    /// Category.
    #[arg(long)]
    category: Option<String>,
    /// Keyword; repeat for several.
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Source line, without "Nguồn:".
    #[arg(long)]
    source: Option<String>,
    /// URL slug set by hand (empty string: follow the title again).
    #[arg(long)]
    slug: Option<String>,
    /// Publication time in the portal's local time, "YYYY-MM-DD HH:MM" (empty string: none).
    #[arg(long, value_name = "TIME")]
    published: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Create a draft and print its id.
    New {
        /// Title (required).
        #[arg(long)]
        title: String,
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
    /// Photos of an article: add, list, change, remove.
    Photo {
        #[command(subcommand)]
        action: PhotoCommand,
    },
    /// Export an article as the package DIR/<slug>/ (index.html, article.html, article.json,
    /// manifest.json, images/), and DIR/<slug>.zip with --zip. Refused while the checklist has a
    /// required item failing (see `check`).
    Export {
        /// Article id.
        id: String,
        /// Folder to write the package into (created if needed).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
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
    /// Is this package what the editor approved? Rechecks every hash; exit 1 if not.
    Verify {
        /// The package folder.
        package: PathBuf,
    },
    /// Bundles: one file carrying an article (history, comments, log, photos) between machines.
    Bundle {
        #[command(subcommand)]
        action: BundleCommand,
    },
    /// User profiles: add, list.
    User {
        #[command(subcommand)]
        action: UserCommand,
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
    /// Check a package folder: manifest, HTML, files referenced, images' alt and size.
    Validate {
        /// The package folder (DIR/<slug>).
        package: PathBuf,
    },
    /// Portal profiles: list, show, import, export, make default, remove.
    Profile {
        #[command(subcommand)]
        action: ProfileCommand,
    },
}

#[derive(Subcommand)]
enum BundleCommand {
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
enum UserCommand {
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
}

fn parse_tone(s: &str) -> Result<text::tone::ToneStyle, String> {
    match s {
        "old" | "cu" | "cũ" => Ok(text::tone::ToneStyle::Old),
        "new" | "moi" | "mới" => Ok(text::tone::ToneStyle::New),
        _ => Err(format!("kiểu đặt dấu không hợp lệ: {s} (old, new)")),
    }
}

fn parse_role(s: &str) -> Result<workflow::Role, String> {
    workflow::Role::parse(s)
        .ok_or_else(|| format!("vai trò không hợp lệ: {s} (reporter, editor, staff, admin)"))
}

#[derive(Subcommand)]
enum ProfileCommand {
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
struct FigureArgs {
    /// Caption for this article ("chú thích").
    #[arg(long)]
    caption: Option<String>,
    /// Alt text (what the photo shows, for readers who cannot see it).
    #[arg(long)]
    alt: Option<String>,
    /// Credit for this use (empty: the photo's own, from its metadata).
    #[arg(long)]
    credit: Option<String>,
    /// Make it (with `add`: the first photo) the lead photo.
    #[arg(long)]
    lead: bool,
}

impl FigureArgs {
    fn change(&self, lead: bool) -> figures::FigureChange {
        figures::FigureChange {
            caption: self.caption.clone(),
            alt: self.alt.clone(),
            credit: self.credit.clone(),
            lead: (self.lead && lead).then_some(true),
        }
    }
}

#[derive(Subcommand)]
enum PhotoCommand {
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

fn parse_status(s: &str) -> Result<Status, String> {
    Status::parse(s).ok_or_else(|| {
        format!(
            "trạng thái không hợp lệ: {s} ({})",
            newsroom::status::ALL.map(|st| st.as_str()).join(", ")
        )
    })
}

/// Environment variable choosing the language of error messages: `en` for English; Vietnamese
/// otherwise (the default).
const LANG_ENV: &str = "NEWSROOM_LANG";

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    let lang = match std::env::var(LANG_ENV).as_deref() {
        Ok("en") => newsroom::Lang::En,
        _ => newsroom::Lang::Vi,
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if json => {
            // With --json a failure is JSON too, one line on standard error, in the core's one
            // vocabulary: {"error": {"code": "not_found", "message": "…"}}. Standard output keeps
            // only the command's data (`check` and `photo add` print theirs, then fail).
            let error =
                serde_json::json!({ "error": { "code": e.code(), "message": e.message(lang) } });
            errln!("{error}");
            ExitCode::FAILURE
        }
        Err(e) => {
            errln!("newsroom: {}", e.message(lang));
            ExitCode::FAILURE
        }
    }
}

/// The body from a file or standard input. A file that is not UTF-8 is read as the 8-bit text of an
/// old Vietnamese font (each byte a Latin-1 character); text in TCVN3 or VNI is converted to Unicode,
/// and the conversion is reported on standard error.
fn read_body(path: &PathBuf) -> newsroom::Result<String> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("<stdin>", e))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    }
    if bytes.len() > text::paste::MAX_PASTE_BYTES {
        return Err(Error::InvalidInput {
            field: "body",
            reason: {
                let max = text::paste::MAX_PASTE_BYTES / 1024 / 1024;
                let mb = bytes.len() / 1024 / 1024;
                said!(
                    "tệp nội dung lớn quá {max} MB ({mb} MB); hãy chia bài hoặc bỏ bớt phần không cần",
                    "the text file is over {max} MB ({mb} MB); split the article or leave out what is not needed"
                )
            },
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => e.into_bytes().into_iter().map(char::from).collect(),
    };
    let html = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    let pasted = if html {
        text::paste::html_to_markdown(&text)
    } else {
        text::paste::plain(&text)
    };
    let (text, converted) = (pasted.markdown, pasted.converted);
    if html {
        errln!("newsroom: nội dung HTML được chuyển sang Markdown.");
    }
    if let Some(l) = converted {
        errln!(
            "newsroom: nội dung được chuyển từ bảng mã {} sang Unicode.",
            l.label()
        );
    }
    Ok(text)
}

/// Applies the fields given on the command line to `input` (times read in `profile`'s zone).
fn apply(fields: Fields, input: &mut ArticleInput, profile: &Profile) -> newsroom::Result<()> {
    if let Some(published) = &fields.published {
        input.scheduled_at = if published.trim().is_empty() {
            None
        } else {
            Some(profile.parse_local(published)?)
        };
    }
    if let Some(lead) = fields.lead {
        input.lead = lead;
    }
    if let Some(path) = &fields.body_file {
        input.body = read_body(path)?;
    }
    if !fields.byline.is_empty() {
        input.authors = fields
            .byline
            .iter()
            .flat_map(|b| b.split(','))
            .map(str::to_string)
            .collect();
    }
    if let Some(category) = fields.category {
        input.category = category;
    }
    if !fields.tags.is_empty() {
        input.tags = fields.tags;
    }
    if let Some(source) = fields.source {
        input.source = source;
    }
    if let Some(slug) = fields.slug {
        input.slug = slug;
    }
    Ok(())
}

fn print_json(value: &impl serde::Serialize) {
    // Serialising our own plain structs cannot fail.
    outln!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

fn print_article(a: &articles::Article) {
    outln!("{}\n", a.title);
    if !a.lead.is_empty() {
        outln!("{}\n", a.lead);
    }
    outln!("{}", a.body);
    if !a.authors.is_empty() {
        outln!("\n{}", a.authors.join(", "));
    }
    outln!(
        "\n[{} · {} · bản {} · {} · {} chữ · cập nhật {}]",
        a.id,
        a.status.label_vi(),
        a.revision,
        a.slug,
        a.word_count,
        text::portal_time(a.updated_at)
    );
}

fn run(cli: Cli) -> newsroom::Result<()> {
    let data_dir = store::resolve_data_dir(cli.data_dir)?;
    let author = cli
        .author
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default();
    let pin = cli.pin;
    if let Command::RestoreBackup { file } = &cli.command {
        // Who asks is checked against the newsroom as it is (an admin in team mode); then the
        // database is closed, because restore replaces it.
        let by = backup::restorer(&data_dir, &author, pin.as_deref())?;
        let (manifest, aside) = backup::restore(&data_dir, file, &by)?;
        if cli.json {
            print_json(&serde_json::json!({ "articles": manifest.articles, "previous": aside }));
        } else {
            outln!(
                "Đã khôi phục {} bài viết (sao lưu lúc {}).",
                manifest.articles,
                manifest.created_at
            );
            if let Some(aside) = aside {
                outln!("Dữ liệu cũ được giữ ở {}", aside.display());
            }
        }
        return Ok(());
    }
    let conn = store::open(&data_dir)?;
    // Whoever changes something is a known profile, with their PIN (team mode).
    let reads_only = matches!(
        cli.command,
        Command::List { .. }
            | Command::Search { .. }
            | Command::Show { .. }
            | Command::History { .. }
            | Command::Diff { .. }
            | Command::Check { .. }
            | Command::Validate { .. }
            | Command::Log { .. }
            | Command::Comments { .. }
            | Command::ReviewDiff { .. }
            | Command::Verify { .. }
            | Command::Spell { .. }
            | Command::Date { .. }
            | Command::User {
                action: UserCommand::List
            }
    );
    // Checked once (a PIN's argon2 hash is slow on purpose); every change below is made as `me`,
    // and the core's rule table decides what `me` may do.
    let me: Option<workflow::Actor> = if reads_only {
        None
    } else {
        Some(workflow::actor(&conn, &author, pin.as_deref())?)
    };
    let me = || {
        me.as_ref().ok_or_else(|| Error::InvalidInput {
            field: "user",
            reason: said!(
                "lệnh này cần biết ai làm (--as)",
                "this command needs to know who acts (--as)"
            ),
        })
    };
    let json = cli.json;
    let show = |a: &articles::Article| {
        if json {
            print_json(a);
        } else {
            print_article(a);
        }
    };
    match cli.command {
        Command::New { title, fields } => {
            let mut input = ArticleInput {
                title,
                ..Default::default()
            };
            apply(fields, &mut input, &profile::active(&conn)?)?;
            let a = articles::create(&conn, &input, &author)?;
            if json {
                print_json(&a);
            } else {
                outln!("{}", a.id);
            }
        }
        Command::Edit {
            id,
            base_revision,
            title,
            fields,
        } => {
            let current = articles::get(&conn, &id)?;
            let mut input = ArticleInput::from(&current);
            if let Some(title) = title {
                input.title = title;
            }
            apply(fields, &mut input, &profile::active(&conn)?)?;
            let a = articles::save(&conn, &id, base_revision, &input, &author, SaveKind::Save)?;
            if json {
                print_json(&a);
            } else {
                outln!("{} bản {}", a.id, a.revision);
            }
        }
        Command::List { status } => {
            let list = articles::list(&conn, &ListFilter { status })?;
            if json {
                print_json(&list);
            } else {
                for a in list {
                    outln!(
                        "{}  {}  {:<6}  {}",
                        a.id,
                        text::portal_time(a.updated_at),
                        a.status.label_vi(),
                        a.title
                    );
                }
            }
        }
        Command::Search {
            query,
            status,
            category,
            author,
            limit,
        } => {
            let hits = search::search(
                &conn,
                &SearchQuery {
                    text: query,
                    status,
                    category,
                    author,
                    limit: Some(limit),
                    ..Default::default()
                },
            )?;
            if json {
                print_json(&hits);
            } else {
                for h in hits {
                    let snippet: String = h
                        .snippet
                        .iter()
                        .map(|p| {
                            if p.hit {
                                format!("[{}]", p.text)
                            } else {
                                p.text.clone()
                            }
                        })
                        .collect();
                    outln!(
                        "{}  {}
    {}",
                        h.article.id,
                        h.article.title,
                        snippet
                    );
                }
            }
        }
        Command::Show { id } => show(&articles::get(&conn, &id)?),
        Command::History { id } => {
            let history = revisions::history(&conn, &id)?;
            if json {
                print_json(&history);
            } else {
                for r in history {
                    let parent = r.parent.map(|p| format!(" ← {p}")).unwrap_or_default();
                    outln!(
                        "{:>4}{parent:<7} {}  {:<8} {}  {}",
                        r.number,
                        text::portal_time(r.saved_at),
                        r.kind,
                        r.author,
                        r.title
                    );
                }
            }
        }
        Command::Diff { id, rev_a, rev_b } => {
            let diff = revisions::diff(&conn, &id, rev_a, rev_b)?;
            if json {
                print_json(&diff);
            } else if diff.is_empty() {
                outln!("(không khác nhau)");
            } else {
                for field in diff {
                    outln!("== {} ==", field.field);
                    let mut line = String::new();
                    for part in field.parts {
                        match part.kind {
                            DiffKind::Same => line.push_str(&part.text),
                            DiffKind::Added => line.push_str(&format!("{{+{}+}}", part.text)),
                            DiffKind::Removed => line.push_str(&format!("[-{}-]", part.text)),
                        }
                    }
                    outln!("{line}");
                }
            }
        }
        Command::Restore { id, rev } => show(&revisions::restore(&conn, &id, rev, &author)?),
        Command::Spike { id } => show(&articles::spike(&conn, &id, me()?)?),
        Command::Unspike { id } => show(&articles::unspike(&conn, &id, me()?)?),
        Command::Delete { id } => {
            articles::delete(&conn, &id, me()?)?;
            if json {
                print_json(&serde_json::json!({ "deleted": id }));
            } else {
                outln!("Đã xoá hẳn {id}");
            }
        }
        Command::Backup { out } => {
            let manifest = backup::create(&conn, &data_dir, &out, me()?)?;
            if json {
                print_json(
                    &serde_json::json!({ "file": out, "articles": manifest.articles, "entries": manifest.entries.len() }),
                );
            } else {
                outln!(
                    "Đã sao lưu {} bài viết vào {}",
                    manifest.articles,
                    out.display()
                );
            }
        }
        Command::RestoreBackup { .. } => unreachable!("handled before the database is opened"),
        Command::Photo { action } => photo(&conn, &data_dir, &author, json, action)?,
        Command::Export {
            id,
            out,
            zip,
            profile,
        } => {
            let profile = pick_profile(&conn, profile.as_deref())?;
            let by = me()?;
            let done = export::export_package_as(&conn, &data_dir, &id, &out, &profile, zip, by)?;
            if json {
                print_json(&done);
            } else {
                outln!("{}", done.folder);
                if let Some(zip) = done.zip {
                    outln!("{zip}");
                }
            }
        }
        Command::Check { id, profile } => {
            let profile = pick_profile(&conn, profile.as_deref())?;
            let list = checklist::check(&conn, &id, &profile)?;
            if json {
                print_json(&list);
            } else {
                for item in &list.items {
                    let mark = match (item.ok, item.level) {
                        (true, _) => "✓",
                        (false, profile::Level::Required) => "✗",
                        (false, _) => "!",
                    };
                    let text = if item.ok { &item.label } else { &item.message };
                    outln!("{mark} {text}");
                }
                outln!(
                    "Hồ sơ {}: {}",
                    profile.id,
                    if list.blocked {
                        "chưa xuất bản được."
                    } else if list.warnings > 0 {
                        "xuất bản được, còn lưu ý."
                    } else {
                        "sẵn sàng xuất bản."
                    }
                );
            }
            if list.blocked {
                return Err(Error::Blocked {
                    title: articles::get(&conn, &id)?.title,
                    summary: list.blocking_summary(),
                });
            }
        }
        Command::Validate { package } => {
            let problems = export::validate(&package)?;
            if json {
                print_json(
                    &serde_json::json!({ "valid": problems.is_empty(), "problems": problems }),
                );
            } else if problems.is_empty() {
                outln!("Gói hợp lệ: {}", package.display());
            }
            export::ensure_valid(&package)?;
        }
        Command::Profile { action } => profile_command(&conn, me()?, json, action)?,
        Command::Submit { id, note } => {
            step(&conn, me()?, &id, workflow::Action::Submit, &note, json)?
        }
        Command::Claim { id } => step(&conn, me()?, &id, workflow::Action::Claim, "", json)?,
        Command::Release { id } => step(&conn, me()?, &id, workflow::Action::Release, "", json)?,
        Command::RequestChanges { id, note } => step(
            &conn,
            me()?,
            &id,
            workflow::Action::RequestChanges,
            &note,
            json,
        )?,
        Command::Approve { id, note } => {
            step(&conn, me()?, &id, workflow::Action::Approve, &note, json)?
        }
        Command::Log { id } => {
            let log = workflow::log(&conn, &id)?;
            let label = |s: &str| {
                Status::parse(s).map_or_else(|| s.to_string(), |st| st.label_vi().to_string())
            };
            if json {
                print_json(&log);
            } else {
                for e in log {
                    let what = if e.to_status.is_empty() {
                        format!("{} (bản {})", e.action, e.revision)
                    } else {
                        format!(
                            "{}: {} → {} (bản {})",
                            e.action,
                            label(&e.from_status),
                            label(&e.to_status),
                            e.revision
                        )
                    };
                    let note = if e.note.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", e.note)
                    };
                    outln!("{} · {} · {what}{note}", e.at, e.actor);
                }
            }
        }
        Command::Comment {
            id,
            text,
            quote,
            field,
            paragraph,
            reply_to,
        } => {
            let by = me()?;
            let c = newsroom::comments::add(
                &conn,
                &id,
                by,
                &newsroom::comments::NewComment {
                    body: text,
                    field,
                    quote,
                    at: None,
                    paragraph,
                    reply_to,
                },
            )?;
            if json {
                print_json(&c);
            } else {
                outln!("{}", c.id);
            }
        }
        Command::Comments { id } => {
            let all = newsroom::comments::list(&conn, &id)?;
            if json {
                print_json(&all);
            } else {
                for c in all {
                    let about = if c.quote.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " về “{}”{}",
                            c.quote.chars().take(60).collect::<String>(),
                            if c.orphaned {
                                " (đoạn này không còn trong bài)"
                            } else {
                                ""
                            }
                        )
                    };
                    let state = c
                        .resolved_by
                        .map_or(String::new(), |b| format!(" [đã xong: {b}]"));
                    let reply = c
                        .reply_to
                        .map_or(String::new(), |r| format!(" ↳ trả lời #{r}"));
                    outln!("#{} {}{reply}{about}: {}{state}", c.id, c.author, c.body);
                }
            }
        }
        Command::Resolve { comment, reopen } => {
            let by = me()?;
            newsroom::comments::resolve(&conn, comment, by, !reopen)?;
            if !json {
                outln!("#{comment}: {}", if reopen { "mở lại" } else { "đã xong" });
            }
        }
        Command::ReviewDiff { id } => {
            let a = articles::get(&conn, &id)?;
            let since = workflow::last_reviewed(&conn, &id, &author)?.unwrap_or(1);
            let diff = revisions::diff(&conn, &id, since, a.revision)?;
            if json {
                print_json(&diff);
            } else {
                outln!(
                    "Từ bản {since} (lần duyệt trước của {author}) đến bản {}:",
                    a.revision
                );
                for f in diff {
                    let text: String = f
                        .parts
                        .iter()
                        .map(|p| match p.kind {
                            DiffKind::Same => p.text.clone(),
                            DiffKind::Added => format!("{{+{}+}}", p.text),
                            DiffKind::Removed => format!("[-{}-]", p.text),
                        })
                        .collect();
                    outln!("{}: {text}", f.field);
                }
            }
        }
        Command::Verify { package } => {
            let v = export::verify(&package, Some(&conn))?;
            if json {
                print_json(&v);
            } else {
                for n in &v.notes {
                    outln!("Lưu ý: {n}");
                }
                if v.verified
                    && let Some(a) = &v.approval
                {
                    outln!(
                        "Gói đúng là bản đã duyệt: {} duyệt lúc {} (bản {}), nội dung {}",
                        a.approver,
                        a.approved_at,
                        a.revision,
                        a.content_sha256
                    );
                }
            }
            if !v.verified {
                return Err(Error::InvalidPackage {
                    path: package,
                    problems: v.problems.join("\n"),
                });
            }
        }
        Command::Date { at } => {
            let p = profile::active(&conn)?;
            let t = match at {
                Some(at) => p.parse_local(&at)?,
                None => chrono::Utc::now(),
            };
            if json {
                print_json(
                    &serde_json::json!({ "running": p.running_date(t), "long": p.long_time(t) }),
                );
            } else {
                outln!("{}\n{}", p.running_date(t), p.long_time(t));
            }
        }
        Command::Spell { words } => {
            let speller = newsroom::spell::Speller::shared()?;
            let known = newsroom::spell::newsroom_words(&conn)?;
            let text = words.join(" ");
            let bad = newsroom::spell::misspelled(speller, &text, &known);
            if json {
                print_json(&bad);
            } else if bad.is_empty() {
                outln!("Không có lỗi chính tả.");
            } else {
                for m in &bad {
                    outln!("✗ {}: {}", m.word, m.suggestions.join(", "));
                }
            }
            if !bad.is_empty() {
                return Err(Error::InvalidInput {
                    field: "spelling",
                    reason: {
                        let n = bad.len();
                        said!(
                            "{n} chữ không có trong từ điển",
                            "{n} words are not in the dictionary"
                        )
                    },
                });
            }
        }
        Command::Dictionary { words } => {
            let n = newsroom::spell::add_words(&conn, &words.join(" "), &author)?;
            if !json {
                outln!("Đã thêm {n} từ vào từ điển của tòa soạn.");
            }
        }
        Command::Retone { id, style } => {
            let saved =
                language::retone_article(&conn, &id, style, &profile::active(&conn)?, &author)?;
            if json {
                print_json(&saved);
            } else {
                outln!("{}: bản {}", saved.id, saved.revision);
            }
        }
        Command::Bundle { action } => match action {
            BundleCommand::Export { id, out } => {
                newsroom::bundle::export(&conn, &data_dir, &id, &out, &author)?;
                if !json {
                    outln!("{}", out.display());
                }
            }
            BundleCommand::Import { file } => {
                let spec = (profile::active(&conn)?).photo_spec();
                let got = newsroom::bundle::import(&conn, &data_dir, &file, &spec, &author)?;
                if json {
                    print_json(&got);
                } else {
                    let what = match got.outcome {
                        newsroom::bundle::Outcome::New => "bài mới".to_string(),
                        newsroom::bundle::Outcome::FastForward => {
                            "đã cập nhật theo bản mới hơn".to_string()
                        }
                        newsroom::bundle::Outcome::UpToDate => "không có gì mới hơn".to_string(),
                        newsroom::bundle::Outcome::Diverged => format!(
                            "hai bên cùng sửa: giữ cả hai phiên bản; gộp bằng `newsroom bundle merge {}`",
                            got.article_id
                        ),
                    };
                    outln!(
                        "{} “{}”: {what} ({} bản lưu, {} lời bình, {} ảnh được thêm)",
                        got.article_id,
                        got.title,
                        got.revisions,
                        got.comments,
                        got.photos
                    );
                }
            }
            BundleCommand::Merge { id } => {
                let (a, conflicts) = newsroom::bundle::merge(&conn, &id, &author)?;
                if json {
                    print_json(&serde_json::json!({ "article": a, "conflicts": conflicts }));
                } else if conflicts.is_empty() {
                    outln!("Đã gộp hai phiên bản thành bản {}.", a.revision);
                } else {
                    outln!(
                        "Đã gộp thành bản {}; hai bên cùng sửa ở: {} — cả hai phiên bản nằm giữa các dấu <<<<<<< >>>>>>>, hãy sửa lại.",
                        a.revision,
                        conflicts.join(", ")
                    );
                }
            }
        },
        Command::User { action } => match action {
            UserCommand::Add {
                name,
                role,
                new_pin,
            } => {
                let by = me()?;
                let u = workflow::add_user(&conn, by, &name, role, new_pin.as_deref())?;
                if json {
                    print_json(&u);
                } else {
                    outln!("Đã thêm {} ({})", u.name, u.role.label_vi());
                }
            }
            UserCommand::Role { name, role } => {
                let u = workflow::set_role(&conn, me()?, &name, role)?;
                if json {
                    print_json(&u);
                } else {
                    outln!("{} giờ là {}", u.name, u.role.label_vi());
                }
            }
            UserCommand::Pin { name, clear } => {
                let new_pin = if clear { None } else { Some(read_new_pin()?) };
                let u = workflow::set_pin(&conn, me()?, &name, new_pin.as_deref())?;
                if json {
                    print_json(&u);
                } else if u.has_pin {
                    outln!("Đã đặt PIN mới cho {}", u.name);
                } else {
                    outln!("{} không còn PIN", u.name);
                }
            }
            UserCommand::Remove { name } => {
                workflow::remove_user(&conn, me()?, &name)?;
                if json {
                    print_json(&serde_json::json!({ "removed": name }));
                } else {
                    outln!("Đã xóa người dùng {name}");
                }
            }
            UserCommand::List => {
                let all = workflow::users(&conn)?;
                if json {
                    print_json(&all);
                } else {
                    for u in all {
                        outln!(
                            "{}\t{}{}",
                            u.name,
                            u.role.label_vi(),
                            if u.has_pin { " · có PIN" } else { "" }
                        );
                    }
                }
            }
        },
    }
    Ok(())
}

/// Environment variable holding the new PIN for `user pin` (scripts, tests).
const NEW_PIN_ENV: &str = "NEWSROOM_NEW_PIN";

/// The new PIN for `user pin`: from $NEWSROOM_NEW_PIN, else asked twice on the terminal without
/// echo, else the first line of stdin.
fn read_new_pin() -> newsroom::Result<String> {
    use std::io::IsTerminal as _;
    if let Ok(pin) = std::env::var(NEW_PIN_ENV) {
        return Ok(pin.trim().to_string());
    }
    if std::io::stdin().is_terminal() {
        let ask = |prompt: &str| {
            rpassword::prompt_password(prompt).map_err(|e| Error::io("<terminal>", e))
        };
        let first = ask("PIN mới (4–12 chữ số): ")?;
        if ask("Nhập lại PIN mới: ")? != first {
            return Err(Error::InvalidInput {
                field: "pin",
                reason: said!(
                    "hai lần nhập PIN không khớp; chưa đổi gì",
                    "the two PINs typed differ; nothing changed"
                ),
            });
        }
        return Ok(first.trim().to_string());
    }
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Error::io("<stdin>", e))?;
    Ok(line.trim().to_string())
}

/// One workflow step as `by`; prints the new state.
fn step(
    conn: &rusqlite::Connection,
    by: &workflow::Actor,
    id: &str,
    action: workflow::Action,
    note: &str,
    json: bool,
) -> newsroom::Result<()> {
    let a = workflow::transition(conn, id, by, action, note)?;
    if json {
        print_json(&a);
    } else {
        outln!("{}: {}", a.id, a.status.label_vi());
    }
    Ok(())
}

/// Profile `id`, or the default one.
fn pick_profile(conn: &rusqlite::Connection, id: Option<&str>) -> newsroom::Result<Profile> {
    match id {
        Some(id) => profile::get(conn, id),
        None => profile::active(conn),
    }
}

fn profile_command(
    conn: &rusqlite::Connection,
    by: &workflow::Actor,
    json: bool,
    action: ProfileCommand,
) -> newsroom::Result<()> {
    match action {
        ProfileCommand::List => {
            let all = profile::list(conn)?;
            if json {
                print_json(&all);
            } else {
                for e in all {
                    outln!(
                        "{} {}\t{}{}",
                        if e.default { "*" } else { " " },
                        e.profile.id,
                        e.profile.name,
                        if e.builtin { " (có sẵn)" } else { "" }
                    );
                }
            }
        }
        ProfileCommand::Show { id } => print_json(&pick_profile(conn, id.as_deref())?),
        ProfileCommand::Import { file, default } => {
            let p = profile::import_file(conn, &file, by)?;
            if default {
                profile::set_default(conn, &p.id, by)?;
            }
            if json {
                print_json(&p);
            } else {
                outln!("Đã nhập hồ sơ {} ({})", p.id, p.name);
            }
        }
        ProfileCommand::Export { id, out } => {
            profile::export_file(conn, &id, &out)?;
            if !json {
                outln!("{}", out.display());
            }
        }
        ProfileCommand::Names { id, from } => {
            let mut p = pick_profile(conn, id.as_deref())?;
            if let Some(file) = from {
                let text = std::fs::read_to_string(&file).map_err(|e| Error::InvalidInput {
                    field: "gazetteer",
                    reason: {
                        let f = file.display();
                        said!("không đọc được {f}: {e}", "cannot read {f}: {e}")
                    },
                })?;
                p.gazetteer = text::names::Gazetteer::parse(&text)?;
                profile::save(conn, &p, by)?;
            }
            if json {
                print_json(&p.gazetteer);
            } else {
                out!("{}", p.gazetteer.to_text());
            }
        }
        ProfileCommand::Default { id } => {
            profile::set_default(conn, &id, by)?;
            if !json {
                outln!("Hồ sơ mặc định: {id}");
            }
        }
        ProfileCommand::Remove { id } => {
            profile::remove(conn, &id, by)?;
            if !json {
                outln!("Đã xóa hồ sơ {id}");
            }
        }
    }
    Ok(())
}

fn photo(
    conn: &rusqlite::Connection,
    data_dir: &std::path::Path,
    author: &str,
    json: bool,
    action: PhotoCommand,
) -> newsroom::Result<()> {
    let spec = (profile::active(conn)?).photo_spec();
    let list = |id: &str| -> newsroom::Result<()> {
        let mut figs = figures::list(conn, id)?;
        for f in &mut figs {
            for r in &mut f.photo.renditions {
                r.path = data_dir.join(&r.path).display().to_string();
            }
        }
        if json {
            print_json(&figs);
            return Ok(());
        }
        for f in figs {
            let place = f.position.map_or("chưa đặt vào bài".to_string(), |p| {
                format!("vị trí {}", p + 1)
            });
            let lead = if f.lead {
                " · ảnh đại diện"
            } else {
                ""
            };
            outln!(
                "anh:{}  {} × {}  {place}{lead}",
                f.n,
                f.photo.width,
                f.photo.height
            );
            outln!("  chú thích: {}", f.caption);
            outln!("  mô tả (alt): {}", f.alt);
            if !f.credit.is_empty() {
                outln!("  Ảnh: {}", f.credit);
            }
            for r in f.photo.renditions {
                outln!("  {} × {}  {} byte  {}", r.width, r.height, r.bytes, r.path);
            }
        }
        Ok(())
    };
    match action {
        PhotoCommand::Add { id, files, fields } => {
            articles::get(conn, &id)?;
            let results = media::import_files(
                conn,
                data_dir,
                &files,
                &spec,
                author,
                media::default_threads(),
                &|p| {
                    if !json {
                        errln!("[{}/{}] {}", p.done, p.total, p.name);
                    }
                },
            );
            let mut failed = Vec::new();
            let mut first = true;
            for result in results {
                match result {
                    Ok(photo) => {
                        let current = articles::get(conn, &id)?;
                        let change = fields.change(first);
                        figures::add(conn, &id, current.revision, &photo.hash, &change, author)?;
                        first = false;
                    }
                    Err(e) => failed.push(e),
                }
            }
            list(&id)?;
            if let Some(e) = failed.into_iter().next() {
                return Err(e);
            }
        }
        PhotoCommand::List { id } => list(&id)?,
        PhotoCommand::Set { id, n, fields } => {
            let current = articles::get(conn, &id)?;
            figures::set(conn, &id, current.revision, n, &fields.change(true), author)?;
            list(&id)?;
        }
        PhotoCommand::Remove { id, n } => {
            let current = articles::get(conn, &id)?;
            figures::remove(conn, &id, current.revision, n, author)?;
            list(&id)?;
        }
    }
    Ok(())
}

//! `newsroom`: the newsroom's operations from a terminal, on the same data folder as the app.
//! A library whose [`main`] is the whole command: `src/main.rs` is the `newsroom` binary, and on
//! Linux the app's binary runs it too when called as `newsroom` (the package's /usr/bin/newsroom
//! is a link to /usr/bin/toa-soan: the core ships once).
//!
//! Thin: each subcommand parses its arguments, calls one core function and prints the result.
//! Errors are one line on stderr and exit code 1 (2 for bad usage, from clap); with `--json`, that
//! line is a JSON object `{"error": {"code", "message"}}`.

mod cli;
mod commands;
mod out;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use newsroom::articles;
use newsroom::said;
use newsroom::{Error, backup, store, text, workflow};
use out::{errln, outln};

use cli::{
    ArticleCommand, Cli, Command, DataCommand, LanguageCommand, PublishCommand, ReviewCommand,
    UserCommand,
};

/// Environment variable choosing the language of error messages: `en` for English; Vietnamese
/// otherwise (the default).
const LANG_ENV: &str = "NEWSROOM_LANG";

/// The `newsroom` command, its arguments from the process's.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    let lang = lang();
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

/// The language of messages, from [`LANG_ENV`].
pub(crate) fn lang() -> newsroom::Lang {
    match std::env::var(LANG_ENV).as_deref() {
        Ok("en") => newsroom::Lang::En,
        _ => newsroom::Lang::Vi,
    }
}

/// What every command works with: the data folder and its database, who acts, the output form.
pub(crate) struct Ctx {
    pub(crate) conn: rusqlite::Connection,
    pub(crate) data_dir: PathBuf,
    /// The name recorded (`--as`, else $USER).
    pub(crate) author: String,
    pub(crate) json: bool,
    /// Who acts, checked once with the PIN (a PIN's argon2 hash is slow on purpose); None for the
    /// commands that only read.
    pub(crate) me: Option<workflow::Actor>,
}

/// Who acts, or a clear refusal for a command that needs to know.
pub(crate) fn acting(me: &Option<workflow::Actor>) -> newsroom::Result<&workflow::Actor> {
    me.as_ref().ok_or_else(|| Error::InvalidInput {
        field: "user",
        reason: said!(
            "lệnh này cần biết ai làm (--as)",
            "this command needs to know who acts (--as)"
        ),
    })
}

/// An article, as JSON or as text.
pub(crate) fn show(json: bool, a: &articles::Article) {
    if json {
        print_json(a);
    } else {
        print_article(a);
    }
}

pub(crate) fn print_json(value: &impl serde::Serialize) {
    // Serialising our own plain structs cannot fail.
    outln!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

pub(crate) fn print_article(a: &articles::Article) {
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
    if let Command::Server { action } = cli.command {
        // The server's commands (`connect` and `status` open the data folder themselves).
        return commands::server::run(cli.json, &data_dir, action);
    }
    let given_author = cli.author;
    let author = given_author
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default();
    let pin = cli.pin;
    if let Command::Data(DataCommand::RestoreBackup { file }) = &cli.command {
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
    // A folder joined to a newsroom server works as the person it was joined as.
    let author = match (newsroom::sync::joined(&conn)?, given_author) {
        (Some(j), None) => j.user,
        (Some(j), Some(a)) if text::nfc(a.trim()) != j.user => {
            let user = j.user;
            return Err(Error::InvalidInput {
                field: "as",
                reason: said!(
                    "thư mục này làm việc dưới tên “{user}” trên máy chủ tòa soạn",
                    "this folder works as “{user}” on the newsroom server"
                ),
            });
        }
        _ => author,
    };
    // Whoever changes something is a known profile, with their PIN (team mode).
    let reads_only = matches!(
        cli.command,
        Command::Articles(ArticleCommand::List { .. })
            | Command::Articles(ArticleCommand::Search { .. })
            | Command::Articles(ArticleCommand::Show { .. })
            | Command::Articles(ArticleCommand::History { .. })
            | Command::Articles(ArticleCommand::Diff { .. })
            | Command::Publish(PublishCommand::Check { .. })
            | Command::Publish(PublishCommand::Validate { .. })
            | Command::Review(ReviewCommand::Log { .. })
            | Command::Review(ReviewCommand::Comments { .. })
            | Command::Review(ReviewCommand::ReviewDiff { .. })
            | Command::Publish(PublishCommand::Verify { .. })
            | Command::Language(LanguageCommand::Spell { .. })
            | Command::Language(LanguageCommand::Date { .. })
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
    let ctx = Ctx {
        conn,
        data_dir,
        author,
        json: cli.json,
        me,
    };
    match cli.command {
        Command::Articles(c) => commands::articles::run(ctx, c),
        Command::Publish(c) => commands::publish::run(ctx, c),
        Command::Review(c) => commands::review::run(ctx, c),
        Command::Language(c) => commands::language::run(ctx, c),
        Command::Data(c) => commands::data::run(ctx, c),
        Command::Photo { action } => commands::photos::run(ctx, action),
        Command::Profile { action } => commands::profiles::run(ctx, action),
        Command::User { action } => commands::people::run(ctx, action),
        Command::Server { .. } => unreachable!("handled before the data folder is opened"),
    }
}

//! `newsroom`: the newsroom's operations from a terminal, on the same data folder as the app.
//!
//! Thin: each subcommand parses its arguments, calls one core function and prints the result.
//! Errors are one line on stderr and exit code 1 (2 for bad usage, from clap).

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use newsroom::articles::{self, ArticleInput};
use newsroom::profile::Profile;
use newsroom::{Error, export, store, text};

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a draft and print its id.
    New {
        /// Title (required).
        #[arg(long)]
        title: String,
        /// Lead (sapo), without the portal prefix.
        #[arg(long, default_value = "")]
        lead: String,
        /// Markdown body from a file, or `-` for standard input.
        #[arg(long, value_name = "F|-")]
        body_file: Option<PathBuf>,
        /// Author name(s).
        #[arg(long, default_value = "")]
        byline: String,
        /// Category.
        #[arg(long, default_value = "")]
        category: String,
    },
    /// List articles, most recently changed first.
    List,
    /// Show one article.
    Show {
        /// Article id.
        id: String,
    },
    /// Export an article to a folder holding its index.html.
    Export {
        /// Article id.
        id: String,
        /// Folder to write into (created if needed).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsroom: {e}");
            ExitCode::FAILURE
        }
    }
}

fn read_body(source: Option<PathBuf>) -> newsroom::Result<String> {
    let Some(path) = source else {
        return Ok(String::new());
    };
    let mut body = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut body)
            .map_err(|e| Error::io("<stdin>", e))?;
    } else {
        body = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    }
    Ok(body)
}

fn print_json(value: &impl serde::Serialize) {
    // Serialising our own plain structs cannot fail.
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

fn run(cli: Cli) -> newsroom::Result<()> {
    let data_dir = store::resolve_data_dir(cli.data_dir)?;
    let conn = store::open(&data_dir)?;
    match cli.command {
        Command::New {
            title,
            lead,
            body_file,
            byline,
            category,
        } => {
            let body = read_body(body_file)?;
            let a = articles::create(
                &conn,
                &ArticleInput {
                    title,
                    lead,
                    body,
                    byline,
                    category,
                },
            )?;
            if cli.json {
                print_json(&a);
            } else {
                println!("{}", a.id);
            }
        }
        Command::List => {
            let list = articles::list(&conn)?;
            if cli.json {
                print_json(&list);
            } else {
                for a in list {
                    println!(
                        "{}  {}  {:<6}  {}",
                        a.id,
                        text::portal_time(a.updated_at),
                        a.status,
                        a.title
                    );
                }
            }
        }
        Command::Show { id } => {
            let a = articles::get(&conn, &id)?;
            if cli.json {
                print_json(&a);
            } else {
                println!("{}\n", a.title);
                if !a.lead.is_empty() {
                    println!("{}\n", a.lead);
                }
                println!("{}", a.body);
                if !a.byline.is_empty() {
                    println!("\n{}", a.byline);
                }
                println!(
                    "\n[{} · {} · cập nhật {}]",
                    a.id,
                    a.status,
                    text::portal_time(a.updated_at)
                );
            }
        }
        Command::Export { id, out } => {
            let index = export::export_article(&conn, &id, &out, &Profile::default())?;
            if cli.json {
                print_json(&serde_json::json!({ "index": index }));
            } else {
                println!("{}", index.display());
            }
        }
    }
    Ok(())
}

//! The `newsroom` binary: the command line of [`newsroom_cli`].

fn main() -> std::process::ExitCode {
    newsroom_cli::main()
}

//! Printing. A reader that went away (`newsroom list --json | head`) ends the command quietly with
//! success, as `ls | head` does, instead of panicking as `println!` would; the work was done
//! before its result was printed.

use std::io::Write;

/// Writes `args` to standard output.
pub fn stdout(args: std::fmt::Arguments<'_>) {
    if let Err(e) = std::io::stdout().lock().write_fmt(args) {
        closed(&e);
    }
}

/// Writes `args` to standard error.
pub fn stderr(args: std::fmt::Arguments<'_>) {
    if let Err(e) = std::io::stderr().lock().write_fmt(args) {
        closed(&e);
    }
}

fn closed(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    // Standard output is gone some other way (a full disk): say so where it can still be seen.
    let _ = writeln!(std::io::stderr(), "newsroom: không ghi được kết quả: {e}");
    std::process::exit(1);
}

/// `println!` that ends quietly on a closed pipe.
macro_rules! outln {
    () => { $crate::out::stdout(format_args!("\n")) };
    ($($t:tt)*) => { $crate::out::stdout(format_args!("{}\n", format_args!($($t)*))) };
}

/// `print!` that ends quietly on a closed pipe.
macro_rules! out {
    ($($t:tt)*) => { $crate::out::stdout(format_args!($($t)*)) };
}

/// `eprintln!` that ends quietly on a closed pipe.
macro_rules! errln {
    ($($t:tt)*) => { $crate::out::stderr(format_args!("{}\n", format_args!($($t)*))) };
}

pub(crate) use {errln, out, outln};

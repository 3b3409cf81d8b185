//! Every message on stderr (errors, warnings, notes, "wrote …", diagnostics, timings) goes
//! through here: written so that a closed, full or broken stderr never panics (`eprintln!`
//! would, exit 101; the message is lost and the exit code stays), and through
//! `report::escape::Escaped`, so that a file name in a message cannot drive the terminal.

use cargo_seams::report::escape::Escaped;
use std::fmt;
use std::io::Write;

/// Writes one line to stderr, ignoring failure.
pub fn line(args: fmt::Arguments<'_>) {
    let mut err = Escaped::new(std::io::stderr().lock());
    let _ = writeln!(err, "{args}");
    let _ = err.flush();
}

/// Writes `warning: …` to stderr, ignoring failure.
pub fn warn(args: fmt::Arguments<'_>) {
    line(format_args!("warning: {args}"));
}

/// `say!(…)`: `eprintln!` that never panics (see the module doc).
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::stderr::line(format_args!($($arg)*))
    };
}
pub(crate) use say;

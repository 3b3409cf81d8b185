//! Every message on stderr (errors, warnings, notes, "wrote …", diagnostics, timings) goes
//! through here: written so that a closed, full or broken stderr never panics (`eprintln!`
//! would, exit 101; the message is lost and the exit code stays), through
//! `report::escape::Escaped`, so that a file name in a message cannot drive the terminal, and
//! through anstream, so that the `error:`/`warning:`/`note:` labels are coloured as `--color`,
//! `NO_COLOR` and `CLICOLOR_FORCE` say.

use anstyle::{AnsiColor, Style};
use cargo_seams::report::escape::Escaped;
use std::fmt;
use std::io::Write;

/// Style of `error` labels.
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
/// Style of `warning` labels.
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
/// Style of `note` labels.
pub const NOTE: Style = AnsiColor::Green.on_default().bold();
/// Style of `help` labels and the `|` gutter of source lines.
pub const HELP: Style = AnsiColor::Cyan.on_default().bold();

/// Writes one line to stderr, ignoring failure.
pub fn line(args: fmt::Arguments<'_>) {
    let mut err = Escaped::new(anstream::stderr().lock());
    let _ = writeln!(err, "{args}");
    let _ = err.flush();
}

/// Writes `LABEL: …` with the label styled, ignoring failure.
pub fn labelled(style: Style, label: &str, args: fmt::Arguments<'_>) {
    line(format_args!("{style}{label}{style:#}: {args}"));
}

/// Writes `error: …` to stderr, ignoring failure.
pub fn error(args: fmt::Arguments<'_>) {
    labelled(ERROR, "error", args);
}

/// Writes `warning: …` to stderr, ignoring failure.
pub fn warn(args: fmt::Arguments<'_>) {
    labelled(WARNING, "warning", args);
}

/// Writes `note: …` to stderr, ignoring failure.
pub fn note(args: fmt::Arguments<'_>) {
    labelled(NOTE, "note", args);
}

/// `say!(…)`: `eprintln!` that never panics (see the module doc).
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::stderr::line(format_args!($($arg)*))
    };
}
pub(crate) use say;

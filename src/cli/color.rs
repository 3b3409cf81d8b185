//! Colour: `--color auto|always|never`, as cargo's. `always` and `never` are set once as
//! anstream's global choice, which every stream (the text reports, stderr) then follows;
//! `auto` leaves anstream to decide per stream: colour on a terminal, none when `NO_COLOR` is
//! set, always when `CLICOLOR_FORCE` is set (`--color` wins over both).

use super::args::ColorWhen;
use anstream::{AutoStream, ColorChoice};

/// Applies `--color` for the rest of the run.
pub fn init(when: ColorWhen) {
    match when {
        ColorWhen::Always => ColorChoice::Always.write_global(),
        ColorWhen::Never => ColorChoice::Never.write_global(),
        ColorWhen::Auto => {}
    }
}

/// Whether a report goes out coloured: to stdout, as for a terminal; to `-o FILE`, only when
/// colour is forced (`--color always`, `CLICOLOR_FORCE`).
pub fn stdout_choice(to_file: bool) -> ColorChoice {
    if to_file {
        AutoStream::choice(&Vec::<u8>::new())
    } else {
        AutoStream::choice(&std::io::stdout())
    }
}

//! Diagnostics on stderr with their source line, as rustc and cargo-deny show them: the
//! `error: FILE:LINE:COL: message` (or `warning[code]: FILE:LINE:COL: message`) line, then the
//! line of the file with a caret under the column, then `help:`. Used for config problems
//! (always printed, even with `-q`: they are errors) and for diagnostics about the analysed
//! code. A source line that cannot be read (file gone, not UTF-8, too large) is left out.

use super::stderr::{self, ERROR, HELP, NOTE, WARNING};
use cargo_seams::check::render::snippet::snippet;
use cargo_seams::config::{ConfigError, ConfigProblem};
use cargo_seams::model::{Diagnostic, Severity};
use std::path::Path;

/// Largest file read to show a source line.
const MAX_SOURCE_BYTES: u64 = 4 << 20;

/// Prints a config error: each problem with its source line, or the read error.
pub fn config_error(e: &ConfigError) {
    match e {
        ConfigError::Invalid(errors) => {
            for problem in &errors.problems {
                config_problem(problem);
            }
        }
        ConfigError::Read { .. } => stderr::error(format_args!("{e}")),
    }
}

fn config_problem(p: &ConfigProblem) {
    stderr::labelled(
        ERROR,
        "error",
        format_args!("{}:{}:{}: {}", p.file, p.line, p.column, p.message),
    );
    if let Some(text) = read_source(Path::new(&p.file)) {
        source_line(&text, p.line, p.column, ERROR);
    }
    if let Some(help) = &p.help {
        stderr::say!("  {HELP}help{HELP:#}: {help}");
    }
}

/// Prints a diagnostic about the analysed code under `root`, with its source line when it
/// has one.
pub fn code(d: &Diagnostic, root: &Path) {
    let (style, label) = match d.severity {
        Severity::Warning => (WARNING, "warning"),
        Severity::Note => (NOTE, "note"),
    };
    let shown = d.to_string();
    let rest = shown
        .split_once(']')
        .map_or(shown.as_str(), |(_, rest)| rest);
    stderr::say!("{style}{label}[{}]{style:#}{rest}", d.code);
    if d.line > 0
        && !d.file.is_empty()
        && let Some(text) = read_source(&root.join(&d.file))
    {
        source_line(&text, d.line, d.column, style);
    }
}

/// Line `line` (1-based) of the file at `path`, when it can be read.
pub fn line_of(path: &Path, line: u32) -> Option<String> {
    let text = read_source(path)?;
    text.lines()
        .nth((line as usize).checked_sub(1)?)
        .map(str::to_string)
}

fn read_source(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_SOURCE_BYTES {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// `7 | text` and `  | ^^^` under the token at `column` (1-based characters; 0 means the whole
/// line is meant and no caret is drawn).
fn source_line(text: &str, line: u32, column: u32, style: anstyle::Style) {
    let Some(source) = text.lines().nth((line as usize).saturating_sub(1)) else {
        return;
    };
    let (number, shown, caret) = snippet(source, line, column);
    let pad = " ".repeat(number.len());
    stderr::say!("{HELP}{number} |{HELP:#} {shown}");
    if let Some(caret) = caret {
        stderr::say!("{HELP}{pad} |{HELP:#} {style}{caret}{style:#}");
    }
}

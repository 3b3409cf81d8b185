//! The human report: one block per violation (rule, message, each offending reference with
//! file:line:column, a help line), then a summary line and the stale baseline entries.
//!
//! Styles are written as ANSI escapes through anstyle; the caller wraps the writer in
//! `anstream::AutoStream::auto(..)`, which keeps them on a terminal and strips them when
//! output is redirected, when `NO_COLOR` is set, or as `CLICOLOR`/`CLICOLOR_FORCE` say.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::Summary;
use crate::check::{Severity, Violation};
use crate::model::Location;

/// References shown per violation before "… and N more".
const MAX_SHOWN: usize = 20;

const BOLD: Style = Style::new().bold();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const ARROW: Style = AnsiColor::Blue.on_default().bold();
const HELP: Style = AnsiColor::Cyan.on_default().bold();
const NOTE: Style = AnsiColor::Green.on_default().bold();

/// Writes the text report.
pub fn render(violations: &[Violation], summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    render_with_sources(violations, summary, out, &|_| None)
}

/// Writes the text report, with the source line of each violation's first place (its first
/// reference, else its location) under it, as `source_line` gives it (the caller reads files;
/// `None` shows none).
pub fn render_with_sources(
    violations: &[Violation],
    summary: &Summary,
    out: &mut dyn Write,
    source_line: &dyn Fn(&Location) -> Option<String>,
) -> io::Result<()> {
    for v in violations {
        let style = match v.severity {
            Severity::Error => ERROR,
            Severity::Warning => WARNING,
        };
        writeln!(
            out,
            "{style}{}[{}]{style:#}{BOLD}: {}{BOLD:#}",
            v.severity, v.rule, v.message
        )?;
        for (i, r) in v.references.iter().take(MAX_SHOWN).enumerate() {
            writeln!(
                out,
                "  {ARROW}-->{ARROW:#} {}  {} `{}` → `{}`",
                r.location, r.kind, r.from_module, r.to
            )?;
            if i == 0 {
                show_source(out, &r.location, source_line, style)?;
            }
        }
        if v.references.len() > MAX_SHOWN {
            let more = v.references.len() - MAX_SHOWN;
            writeln!(
                out,
                "  {ARROW}...{ARROW:#} and {more} more (all are in --format json)"
            )?;
        }
        if let (true, Some(location)) = (v.references.is_empty(), &v.location) {
            writeln!(out, "  {ARROW}-->{ARROW:#} {location}")?;
            show_source(out, location, source_line, style)?;
        }
        writeln!(out, "  {HELP}= help:{HELP:#} {}", v.rule.help())?;
        writeln!(out)?;
    }
    let (stale_style, stale_label) = if summary.stale_fails {
        (ERROR, "error")
    } else {
        (NOTE, "note")
    };
    for key in &summary.stale {
        writeln!(
            out,
            "{stale_style}{stale_label}{stale_style:#}: baseline entry no longer occurs, remove it: {key}"
        )?;
    }
    let verdict = summary.verdict();
    let (style, head, rest) = match verdict.split_once(": ") {
        Some((head, rest)) => (if summary.fails() { ERROR } else { NOTE }, head, rest),
        None => (NOTE, verdict.as_str(), ""),
    };
    writeln!(out, "{style}{head}{style:#}: {rest}")
}

/// The line at `location` with a caret, indented under its `-->` line.
fn show_source(
    out: &mut dyn Write,
    location: &Location,
    source_line: &dyn Fn(&Location) -> Option<String>,
    style: Style,
) -> io::Result<()> {
    if location.line == 0 {
        return Ok(());
    }
    let Some(source) = source_line(location) else {
        return Ok(());
    };
    let (number, shown, caret) = super::snippet::snippet(&source, location.line, location.column);
    let pad = " ".repeat(number.len());
    writeln!(out, "   {ARROW}{number} |{ARROW:#} {shown}")?;
    if let Some(caret) = caret {
        writeln!(out, "   {ARROW}{pad} |{ARROW:#} {style}{caret}{style:#}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::render::fixtures;

    fn plain(violations: &[Violation], summary: &Summary) -> String {
        let mut out = anstream::AutoStream::never(Vec::new());
        render(violations, summary, &mut out).unwrap();
        String::from_utf8(out.into_inner()).unwrap()
    }

    #[test]
    fn lists_each_reference_with_its_location_and_a_summary() {
        let v = fixtures::violations();
        let text = plain(
            &v,
            &Summary::new(&v, 3, &["boundary-weight|a|b".to_string()]),
        );
        let expected = "\
error[undeclared-dependency]: service `orders` depends on `users` (2 references, weight 2) but no [[allow]] permits it
  --> src/orders/mod.rs:3:9  use `shop::orders` → `shop::users::User`
  --> src/orders/mod.rs:12:9  call `shop::orders` → `shop::users::find`
  = help: remove the dependency, or declare it with [[allow]] from = \"…\" to = \"…\"
";
        assert!(text.starts_with(expected), "{text}");
        assert!(text.contains("warning[modularity]: "), "{text}");
        assert!(text.contains("  --> seams.toml:4:18\n"), "{text}");
        assert!(
            text.contains(
                "note: baseline entry no longer occurs, remove it: boundary-weight|a|b\n"
            ),
            "{text}"
        );
        assert!(text.ends_with(
            "check failed: 2 violations (1 error, 1 warning); 3 known from the baseline; 1 stale baseline entry\n"
        ), "{text}");
        assert!(!text.contains('\u{1b}'), "no escapes when colour is off");
    }

    #[test]
    fn colours_are_escapes_that_the_stream_can_strip() {
        let v = fixtures::violations();
        let mut raw = Vec::new();
        render(&v, &Summary::new(&v, 0, &[]), &mut raw).unwrap();
        let raw = String::from_utf8(raw).unwrap();
        assert!(raw.contains("\u{1b}["));
        assert_eq!(
            anstream::adapter::strip_str(&raw).to_string(),
            plain(&v, &Summary::new(&v, 0, &[]))
        );
    }

    #[test]
    fn stale_entries_fail_a_strict_run() {
        let summary = Summary {
            stale: vec!["modularity".to_string()],
            stale_fails: true,
            ..Summary::default()
        };
        let text = plain(&[], &summary);
        assert!(
            text.starts_with("error: baseline entry no longer occurs, remove it: modularity\n"),
            "{text}"
        );
        assert!(
            text.ends_with("check failed: 1 stale baseline entry (--strict-baseline)\n"),
            "{text}"
        );
    }

    #[test]
    fn the_first_place_of_each_violation_shows_its_source_line() {
        let v = fixtures::violations();
        let mut out = anstream::AutoStream::never(Vec::new());
        let lines = |l: &Location| match (l.file.as_str(), l.line) {
            ("src/orders/mod.rs", 3) => Some("    use crate::users::User;".to_string()),
            ("seams.toml", 4) => Some("min_modularity = 0.3".to_string()),
            _ => None,
        };
        render_with_sources(&v, &Summary::new(&v, 0, &[]), &mut out, &lines).unwrap();
        let text = String::from_utf8(out.into_inner()).unwrap();
        assert!(
            text.contains(
                "  --> src/orders/mod.rs:3:9  use `shop::orders` → `shop::users::User`\n   3 |     use crate::users::User;\n     |         ^^^^^^^^^^^^^^^^^^\n  --> src/orders/mod.rs:12:9"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "  --> seams.toml:4:18\n   4 | min_modularity = 0.3\n     |                  ^^^\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_clean_run_says_so() {
        assert_eq!(
            plain(&[], &Summary::default()),
            "check passed: no violations\n"
        );
    }
}

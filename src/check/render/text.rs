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
        for r in v.references.iter().take(MAX_SHOWN) {
            writeln!(
                out,
                "  {ARROW}-->{ARROW:#} {}  {} `{}` → `{}`",
                r.location, r.kind, r.from_module, r.to
            )?;
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
    fn a_clean_run_says_so() {
        assert_eq!(
            plain(&[], &Summary::default()),
            "check passed: no violations\n"
        );
    }
}

//! GitHub Actions workflow commands: one `::error` or `::warning` annotation per violation at
//! its first reference (GitHub shows only a handful of annotations per step, so the other
//! references are listed in the message), a `::notice` per stale baseline entry (`::error`
//! when stale entries fail, with `--strict-baseline`), and a plain summary line for the log.
//!
//! Escaping follows GitHub's runner: in messages `%`, `\r` and `\n` become `%25`, `%0D`, `%0A`;
//! in properties (`file=`, `title=`) `:` and `,` also become `%3A` and `%2C`. Every other control
//! character (ESC, BEL, …) is written as a visible `\u{…}`, so nothing from a file name reaches
//! the log raw.

use std::io::{self, Write};

use super::{Summary, relative_uri};
use crate::check::Violation;

/// References listed in one annotation's message before "… and N more".
const MAX_LISTED: usize = 10;

/// Escapes a message.
pub fn escape_data(text: &str) -> String {
    let text = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::model::escape_controls(&text).into_owned()
}

/// Escapes a property value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Writes the annotations and the summary line.
pub fn render(violations: &[Violation], summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    for v in violations {
        let mut properties = Vec::new();
        if let Some(at) = v.primary_location() {
            properties.push(format!("file={}", escape_property(&relative_uri(&at.file))));
            if at.line > 0 {
                properties.push(format!("line={}", at.line));
            }
            if at.column > 0 {
                properties.push(format!("col={}", at.column));
            }
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("cargo-seams {}", v.rule))
        ));
        let mut message = v.message.clone();
        for r in v.references.iter().take(MAX_LISTED) {
            message.push_str(&format!(
                "\n{}: {} `{}` → `{}`",
                r.location, r.kind, r.from_module, r.to
            ));
        }
        if v.references.len() > MAX_LISTED {
            message.push_str(&format!(
                "\n… and {} more references",
                v.references.len() - MAX_LISTED
            ));
        }
        writeln!(
            out,
            "::{} {}::{}",
            v.severity,
            properties.join(","),
            escape_data(&message)
        )?;
    }
    let stale_kind = if summary.stale_fails {
        "error"
    } else {
        "notice"
    };
    for key in &summary.stale {
        let message = format!("baseline entry no longer occurs, remove it: {key}");
        writeln!(
            out,
            "::{stale_kind} title={}::{}",
            escape_property("cargo-seams baseline"),
            escape_data(&message)
        )?;
    }
    writeln!(out, "cargo-seams {}", summary.verdict())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::render::fixtures;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(
            escape_data("x\u{1b}]0;t\u{7}\u{1b}[2J"),
            "x\\u{1b}]0;t\\u{7}\\u{1b}[2J"
        );
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn one_annotation_per_violation_at_its_first_reference() {
        let v = fixtures::violations();
        let mut out = Vec::new();
        render(
            &v,
            &Summary::new(&v, 0, &["boundary-weight|a|b".to_string()]),
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(
            lines[0].starts_with("::error file=src/orders/mod.rs,line=3,col=9,title=cargo-seams undeclared-dependency::service `orders` depends on"),
            "{}",
            lines[0]
        );
        assert!(
            lines[0]
                .contains("%0Asrc/orders/mod.rs:12:9: call `shop::orders` → `shop::users::find`"),
            "{}",
            lines[0]
        );
        assert_eq!(
            lines[1],
            "::warning file=seams.toml,line=4,col=18,title=cargo-seams modularity::modularity is 0.1, below min_modularity = 0.3: 100%25 bad,%0D%0Areally"
        );
        assert_eq!(
            lines[2],
            "::notice title=cargo-seams baseline::baseline entry no longer occurs, remove it: boundary-weight|a|b"
        );
        assert_eq!(
            lines[3],
            "cargo-seams check failed: 2 violations (1 error, 1 warning); 1 stale baseline entry"
        );
    }

    #[test]
    fn stale_entries_are_errors_when_they_fail() {
        let summary = Summary {
            stale: vec!["modularity".to_string()],
            stale_fails: true,
            ..Summary::default()
        };
        let mut out = Vec::new();
        render(&[], &summary, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("::error title=cargo-seams baseline::baseline entry no longer occurs"),
            "{text}"
        );
    }
}

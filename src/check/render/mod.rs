//! Report renderers for `check`: one file per format, each a function of the violations, a
//! [`Summary`] and a writer. They never decide where output goes (stdout, `-o FILE`) and never
//! see anything of the analysis but [`Violation`]s.
//!
//! - [`text`]: for people; styled with anstyle, so wrap the writer in
//!   `anstream::AutoStream::auto(..)` to get colour only on a terminal without `NO_COLOR`.
//! - [`json`]: versioned (`schema_version` 1) for tools.
//! - [`sarif`]: SARIF 2.1.0 for code scanning (`github/codeql-action/upload-sarif`).
//! - [`github`]: workflow commands that GitHub Actions turns into annotations.

pub mod github;
pub mod json;
pub mod sarif;
pub mod snippet;
pub mod text;

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{BaselineOutcome, Rule, Severity, Violation};

/// The figures every format ends with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Violations that fail the check.
    pub violations: usize,
    /// Of those, with severity error.
    pub errors: usize,
    /// Of those, with severity warning.
    pub warnings: usize,
    /// Offending references of those violations.
    pub references: usize,
    /// Failing violations per rule (rules without any are absent).
    pub by_rule: BTreeMap<Rule, usize>,
    /// Keys the baseline accepted.
    pub known: usize,
    /// Baseline keys that no longer occur.
    pub stale: Vec<String>,
    /// Stale baseline keys fail the check (`--strict-baseline`).
    pub stale_fails: bool,
    /// Warnings fail the check (`--strict`).
    pub strict: bool,
}

impl Summary {
    /// The summary of `violations`, with `known` and `stale` from a baseline (0 and none
    /// without one).
    pub fn new(violations: &[Violation], known: usize, stale: &[String]) -> Summary {
        let mut summary = Summary {
            violations: violations.len(),
            known,
            stale: stale.to_vec(),
            ..Summary::default()
        };
        for v in violations {
            match v.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
            }
            summary.references += v.references.len();
            *summary.by_rule.entry(v.rule).or_default() += 1;
        }
        summary
    }

    /// The summary of a baseline outcome (or of [`BaselineOutcome::without_baseline`]).
    pub fn of(outcome: &BaselineOutcome) -> Summary {
        Summary {
            stale_fails: outcome.stale_fails,
            strict: outcome.strict,
            ..Summary::new(&outcome.new, outcome.known, &outcome.stale)
        }
    }

    /// True when the check fails: an error, a warning under `--strict`, or a stale baseline
    /// entry under `--strict-baseline`.
    pub fn fails(&self) -> bool {
        self.errors > 0 || (self.strict && self.warnings > 0) || self.stale_failing()
    }

    fn stale_failing(&self) -> bool {
        self.stale_fails && !self.stale.is_empty()
    }

    /// One line saying whether the check passed and why, the same in every format (the text
    /// report's last line, the GitHub summary, JSON's `summary.verdict`, SARIF's invocation,
    /// stderr for the machine formats): `check failed: 2 violations (1 error, 1 warning)`.
    pub fn verdict(&self) -> String {
        let mut reasons = Vec::new();
        if self.violations > 0 {
            let noun = if self.violations == 1 {
                "violation"
            } else {
                "violations"
            };
            reasons.push(format!(
                "{} {noun} ({} error{}, {} warning{})",
                self.violations,
                self.errors,
                plural(self.errors),
                self.warnings,
                plural(self.warnings)
            ));
        }
        if self.stale_failing() {
            reasons.push(format!(
                "{} stale baseline entr{} (--strict-baseline)",
                self.stale.len(),
                if self.stale.len() == 1 { "y" } else { "ies" }
            ));
        }
        let mut line = if !self.fails() {
            match self.warnings {
                0 => "check passed: no violations".to_string(),
                n => format!(
                    "check passed: {n} warning{} (they fail with --strict)",
                    plural(n)
                ),
            }
        } else {
            if self.errors == 0 && self.strict && self.warnings > 0 {
                reasons.push("warnings fail with --strict".to_string());
            }
            format!("check failed: {}", reasons.join("; "))
        };
        if self.known > 0 {
            line.push_str(&format!("; {} known from the baseline", self.known));
        }
        if !self.stale.is_empty() && !self.stale_failing() {
            line.push_str(&format!(
                "; {} stale baseline entr{}",
                self.stale.len(),
                if self.stale.len() == 1 { "y" } else { "ies" }
            ));
        }
        line
    }
}

/// `s` unless `n` is one.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// An output format of `check --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// Versioned JSON.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands.
    Github,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 4] = [Format::Text, Format::Json, Format::Sarif, Format::Github];

    /// The `--format` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
        }
    }

    /// Parses a `--format` value.
    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// Renders `outcome` in `format` to `out`.
pub fn render(format: Format, outcome: &BaselineOutcome, out: &mut dyn Write) -> io::Result<()> {
    let summary = Summary::of(outcome);
    match format {
        Format::Text => text::render(&outcome.new, &summary, out),
        Format::Json => json::render(&outcome.new, &summary, out),
        Format::Sarif => sarif::render(&outcome.new, &summary, out),
        Format::Github => github::render(&outcome.new, &summary, out),
    }
}

/// A relative path as a URI reference: forward slashes, no leading `./`.
fn relative_uri(file: &str) -> String {
    let path = file.replace('\\', "/");
    path.trim_start_matches("./").to_string()
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Violations shared by the renderer tests.
    use crate::check::{Offending, Rule, Severity, Violation};
    use crate::model::Location;

    /// An error with two references, a warning without, and a message with characters that
    /// every format has to escape.
    pub fn violations() -> Vec<Violation> {
        let reference = |line: u32, to: &str, kind: &str| Offending {
            location: Location::new("src/orders/mod.rs", line, 9),
            kind: kind.into(),
            from_module: "shop::orders".into(),
            to: to.into(),
            key: format!("undeclared-dependency|orders|users|{to}"),
        };
        vec![
            Violation {
                rule: Rule::UndeclaredDependency,
                severity: Severity::Error,
                services: vec!["orders".into(), "users".into()],
                message: "service `orders` depends on `users` (2 references, weight 2) but no [[allow]] permits it".into(),
                references: vec![reference(3, "shop::users::User", "use"), reference(12, "shop::users::find", "call")],
                location: None,
                key: "undeclared-dependency|orders|users".into(),
            },
            Violation {
                rule: Rule::Modularity,
                severity: Severity::Warning,
                services: Vec::new(),
                message: "modularity is 0.1, below min_modularity = 0.3: 100% bad,\r\nreally".into(),
                references: Vec::new(),
                location: Some(Location::new("seams.toml", 4, 18)),
                key: "modularity".into(),
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_round_trip_and_summary_counts() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.as_str()), Some(f));
        }
        let v = fixtures::violations();
        let s = Summary::new(&v, 2, &["x".to_string()]);
        assert_eq!(
            (s.violations, s.errors, s.warnings, s.references, s.known),
            (2, 1, 1, 2, 2)
        );
        assert_eq!(s.by_rule[&Rule::Modularity], 1);
        assert_eq!(relative_uri(".\\src\\a.rs"), "src/a.rs");
    }

    #[test]
    fn every_format_renders_the_same_bytes_twice() {
        let outcome = BaselineOutcome::without_baseline(fixtures::violations());
        for f in Format::ALL {
            let mut a = Vec::new();
            let mut b = Vec::new();
            render(f, &outcome, &mut a).unwrap();
            render(f, &outcome, &mut b).unwrap();
            assert_eq!(a, b, "{}", f.as_str());
            assert!(!a.is_empty());
        }
    }
}

//! The JSON report (`schema_version` 1): `{"schema_version", "tool", "violations", "summary"}`.
//!
//! The wire types live here and only serialize; they are converted from [`Violation`] so that
//! a change inside `check` cannot change the schema by accident. Arrays keep the violations'
//! order (most severe first, then by key) and maps are ordered.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::Summary;
use crate::check::Violation;
use crate::model::Location;

pub use crate::model::SCHEMA_VERSION;

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    tool: Tool,
    violations: Vec<JsonViolation<'a>>,
    summary: JsonSummary<'a>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonViolation<'a> {
    rule: &'static str,
    severity: &'static str,
    services: &'a [String],
    message: &'a str,
    key: &'a str,
    location: Option<JsonLocation<'a>>,
    references: Vec<JsonReference<'a>>,
}

#[derive(Serialize)]
struct JsonLocation<'a> {
    file: &'a str,
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct JsonReference<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    kind: &'a str,
    from_module: &'a str,
    to: &'a str,
    key: &'a str,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    failed: bool,
    verdict: String,
    violations: usize,
    errors: usize,
    warnings: usize,
    references: usize,
    by_rule: BTreeMap<&'static str, usize>,
    known: usize,
    stale: &'a [String],
}

fn location(l: &Location) -> JsonLocation<'_> {
    JsonLocation {
        file: &l.file,
        line: l.line,
        column: l.column,
    }
}

/// Writes the JSON report, pretty-printed, with a final newline.
pub fn render(violations: &[Violation], summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let report = Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        violations: violations
            .iter()
            .map(|v| JsonViolation {
                rule: v.rule.as_str(),
                severity: v.severity.as_str(),
                services: &v.services,
                message: &v.message,
                key: &v.key,
                location: v.location.as_ref().map(location),
                references: v
                    .references
                    .iter()
                    .map(|r| JsonReference {
                        file: &r.location.file,
                        line: r.location.line,
                        column: r.location.column,
                        kind: &r.kind,
                        from_module: &r.from_module,
                        to: &r.to,
                        key: &r.key,
                    })
                    .collect(),
            })
            .collect(),
        summary: JsonSummary {
            failed: summary.fails(),
            verdict: summary.verdict(),
            violations: summary.violations,
            errors: summary.errors,
            warnings: summary.warnings,
            references: summary.references,
            by_rule: summary
                .by_rule
                .iter()
                .map(|(r, n)| (r.as_str(), *n))
                .collect(),
            known: summary.known,
            stale: &summary.stale,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::render::fixtures;
    use serde_json::Value;

    #[test]
    fn report_is_versioned_and_complete() {
        let v = fixtures::violations();
        let mut out = Vec::new();
        render(&v, &Summary::new(&v, 1, &["k".to_string()]), &mut out).unwrap();
        let json: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(json["schema_version"], 1);
        assert_eq!(json["tool"]["name"], "cargo-seams");
        let first = &json["violations"][0];
        assert_eq!(first["rule"], "undeclared-dependency");
        assert_eq!(first["severity"], "error");
        assert_eq!(first["services"], serde_json::json!(["orders", "users"]));
        assert_eq!(first["location"], Value::Null);
        assert_eq!(first["references"][1]["line"], 12);
        assert_eq!(first["references"][1]["to"], "shop::users::find");
        assert_eq!(
            first["references"][1]["key"],
            "undeclared-dependency|orders|users|shop::users::find"
        );
        assert_eq!(json["violations"][1]["location"]["file"], "seams.toml");
        let summary = &json["summary"];
        assert_eq!(summary["violations"], 2);
        assert_eq!(summary["failed"], true);
        assert_eq!(
            summary["verdict"],
            "check failed: 2 violations (1 error, 1 warning); 1 known from the baseline; 1 stale baseline entry"
        );
        assert_eq!(summary["by_rule"]["modularity"], 1);
        assert_eq!(summary["known"], 1);
        assert_eq!(summary["stale"], serde_json::json!(["k"]));
        assert!(out.ends_with(b"}\n"));
    }

    #[test]
    fn empty_report_has_every_key() {
        let mut out = Vec::new();
        render(&[], &Summary::default(), &mut out).unwrap();
        let json: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(json["violations"], serde_json::json!([]));
        assert_eq!(json["summary"]["violations"], 0);
        assert_eq!(json["summary"]["failed"], false);
        assert_eq!(json["summary"]["stale"], serde_json::json!([]));
    }
}

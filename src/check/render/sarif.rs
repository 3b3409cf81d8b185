//! SARIF 2.1.0 for code scanning: one run, the whole rule catalogue as `tool.driver.rules`, and
//! one result per violation and source file: the first offending reference in that file is
//! the result's location and the others in the file are its `relatedLocations`, so code
//! scanning shows one alert per thing a reviewer acts on (not one per reference). A violation
//! without references is one result at its `location` when it has one.
//!
//! `uri`s are relative to `%SRCROOT%` with forward slashes (the caller makes them relative to
//! the current directory, the checkout root in CI); columns count characters (`columnKind`
//! `unicodeCodePoints`). `partialFingerprints` carry the violation's stable key and the file,
//! so that alerts follow code that moves within a file. `invocations` says whether the check
//! failed and why (the verdict line), with a notification per stale baseline entry, so a
//! failing run never has an empty, unexplained log. The wire types here only serialize and are
//! validated against the official 2.1.0 schema in `tests/check/formats.rs`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{Summary, relative_uri};
use crate::check::{Offending, Rule, Violation};
use crate::model::Location;

/// `$schema` of the log.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// `version` of the log.
pub const SARIF_VERSION: &str = "2.1.0";
/// The fingerprint name under `partialFingerprints`.
pub const FINGERPRINT: &str = "cargoSeamsKey/v2";

/// Where users read about the tool: the package's repository when set, else its crates.io page.
fn information_uri() -> &'static str {
    match env!("CARGO_PKG_REPOSITORY") {
        "" => "https://crates.io/crates/cargo-seams",
        repository => repository,
    }
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: Vec<Invocation>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    exit_code: i32,
    exit_code_description: String,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
}

fn location(l: &Location) -> SarifLocation {
    // SARIF lines and columns start at 1; 0 means unknown here, so it is left out.
    let region = (l.line > 0).then(|| Region {
        start_line: l.line,
        start_column: (l.column > 0).then_some(l.column),
    });
    SarifLocation {
        id: None,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: relative_uri(&l.file),
                uri_base_id: "%SRCROOT%",
            },
            region,
        },
        message: None,
    }
}

fn rule_index(rule: Rule) -> usize {
    Rule::ALL
        .iter()
        .position(|r| *r == rule)
        .unwrap_or_default()
}

fn results(v: &Violation) -> Vec<SarifResult> {
    let result =
        |message: String, locations: Vec<SarifLocation>, related, key: String| SarifResult {
            rule_id: v.rule.as_str(),
            rule_index: rule_index(v.rule),
            level: v.severity.as_str(),
            message: Text { text: message },
            locations,
            related_locations: related,
            partial_fingerprints: BTreeMap::from([(FINGERPRINT, key)]),
        };
    if v.references.is_empty() {
        let locations = v.location.iter().map(location).collect();
        return vec![result(
            v.message.clone(),
            locations,
            Vec::new(),
            v.key.clone(),
        )];
    }
    // References are sorted by location, so each file's are together; a BTreeMap keeps the
    // files in order.
    let mut by_file: BTreeMap<&str, Vec<&Offending>> = BTreeMap::new();
    for r in &v.references {
        by_file.entry(r.location.file.as_str()).or_default().push(r);
    }
    by_file
        .into_iter()
        .filter_map(|(file, refs)| {
            let (first, others) = refs.split_first()?;
            let here = |r: &Offending| format!("{} `{}` → `{}`", r.kind, r.from_module, r.to);
            let message = match others.len() {
                0 => format!("{} Here: {}.", v.message, here(first)),
                n => format!(
                    "{} Here: {} (and {n} more reference{} in this file).",
                    v.message,
                    here(first),
                    if n == 1 { "" } else { "s" }
                ),
            };
            let related = others
                .iter()
                .enumerate()
                .map(|(i, r)| SarifLocation {
                    id: Some(i + 1),
                    message: Some(Text { text: here(r) }),
                    ..location(&r.location)
                })
                .collect();
            let key = format!("{}|{}", v.key, relative_uri(file));
            Some(result(
                message,
                vec![location(&first.location)],
                related,
                key,
            ))
        })
        .collect()
}

/// Writes the SARIF log, pretty-printed, with a final newline.
pub fn render(violations: &[Violation], summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let rules = Rule::ALL
        .iter()
        .map(|r| RuleDescriptor {
            id: r.as_str(),
            short_description: Text {
                text: r.description().to_string(),
            },
            full_description: Text {
                text: format!(
                    "{} Controlled by `{}` in seams.toml.",
                    capitalised(r.description()),
                    r.config_key()
                ),
            },
            help: Text {
                text: r.help().to_string(),
            },
            default_configuration: Configuration {
                level: r.severity().as_str(),
            },
        })
        .collect();
    let log = Log {
        schema: SARIF_SCHEMA,
        version: SARIF_VERSION,
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: env!("CARGO_PKG_NAME"),
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: information_uri(),
                    rules,
                },
            },
            invocations: vec![invocation(summary)],
            column_kind: "unicodeCodePoints",
            results: violations.iter().flat_map(results).collect(),
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

/// The run's outcome: the tool always ran to the end (a run that could not would have written
/// no SARIF), the exit code it ends with, the verdict and a note per stale baseline entry.
fn invocation(summary: &Summary) -> Invocation {
    let stale_level = if summary.stale_fails { "error" } else { "note" };
    Invocation {
        execution_successful: true,
        exit_code: i32::from(summary.fails()),
        exit_code_description: summary.verdict(),
        tool_execution_notifications: summary
            .stale
            .iter()
            .map(|key| Notification {
                level: stale_level,
                message: Text {
                    text: format!("baseline entry no longer occurs, remove it: {key}"),
                },
            })
            .collect(),
    }
}

fn capitalised(sentence: &str) -> String {
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::render::fixtures;
    use serde_json::Value;

    fn log() -> Value {
        let v = fixtures::violations();
        let mut out = Vec::new();
        render(&v, &Summary::new(&v, 0, &[]), &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn log_has_the_required_sarif_fields() {
        let log = log();
        assert_eq!(log["$schema"], SARIF_SCHEMA);
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "cargo-seams");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        assert!(
            driver["informationUri"]
                .as_str()
                .unwrap()
                .starts_with("https://")
        );
        let rules = driver["rules"].as_array().unwrap();
        assert_eq!(rules.len(), Rule::ALL.len());
        for (i, rule) in rules.iter().enumerate() {
            assert_eq!(rule["id"], Rule::ALL[i].as_str());
            for field in ["shortDescription", "fullDescription", "help"] {
                assert!(!rule[field]["text"].as_str().unwrap().is_empty(), "{field}");
            }
        }
        let results = run["results"].as_array().unwrap();
        assert_eq!(
            results.len(),
            2,
            "one per violation and file, one for the violation without references"
        );
        for result in results {
            let id = result["ruleId"].as_str().unwrap();
            let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
            assert_eq!(rules[index]["id"], id, "ruleIndex points at ruleId");
            assert!(["error", "warning"].contains(&result["level"].as_str().unwrap()));
            assert!(!result["message"]["text"].as_str().unwrap().is_empty());
            assert!(result["partialFingerprints"][FINGERPRINT].is_string());
            let physical = &result["locations"][0]["physicalLocation"];
            assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
            assert!(
                !physical["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .contains('\\')
            );
            assert!(physical["region"]["startLine"].as_u64().unwrap() >= 1);
            assert!(physical["region"]["startColumn"].as_u64().unwrap() >= 1);
        }
        let first = &results[0];
        assert_eq!(first["ruleId"], "undeclared-dependency");
        assert_eq!(first["level"], "error");
        assert_eq!(
            first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "src/orders/mod.rs"
        );
        assert_eq!(
            first["locations"][0]["physicalLocation"]["region"]["startLine"],
            3
        );
        assert_eq!(
            first["locations"][0]["physicalLocation"]["region"]["startColumn"],
            9
        );
        assert_eq!(
            first["partialFingerprints"][FINGERPRINT],
            "undeclared-dependency|orders|users|src/orders/mod.rs"
        );
        let related = first["relatedLocations"].as_array().unwrap();
        assert_eq!(related.len(), 1, "the second reference in the same file");
        assert_eq!(related[0]["id"], 1);
        assert_eq!(related[0]["physicalLocation"]["region"]["startLine"], 12);
        assert_eq!(
            related[0]["message"]["text"],
            "call `shop::orders` → `shop::users::find`"
        );
        assert_eq!(results[1]["level"], "warning");
        assert!(results[1].get("relatedLocations").is_none());
        assert_eq!(
            results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "seams.toml"
        );
        let invocation = &run["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], true);
        assert_eq!(invocation["exitCode"], 1);
        assert!(
            invocation["exitCodeDescription"]
                .as_str()
                .unwrap()
                .starts_with("check failed: 2 violations")
        );
    }

    #[test]
    fn one_result_per_file_and_unknown_positions_no_region() {
        let mut v = fixtures::violations();
        let mut elsewhere = v[0].references[0].clone();
        elsewhere.location = Location::new("src/orders/api.rs", 0, 0);
        v[0].references.push(elsewhere);
        v[0].references.sort();
        let results = results(&v[0]);
        assert_eq!(results.len(), 2, "two files");
        let files: Vec<&str> = results
            .iter()
            .map(|r| {
                r.locations[0]
                    .physical_location
                    .artifact_location
                    .uri
                    .as_str()
            })
            .collect();
        assert_eq!(files, ["src/orders/api.rs", "src/orders/mod.rs"]);
        assert!(results[0].locations[0].physical_location.region.is_none());
        assert!(results[0].related_locations.is_empty());
        assert_eq!(results[1].related_locations.len(), 1);
        assert_ne!(
            results[0].partial_fingerprints[FINGERPRINT],
            results[1].partial_fingerprints[FINGERPRINT]
        );
    }

    #[test]
    fn a_stale_entry_that_fails_is_explained_in_the_invocation() {
        let summary = Summary {
            stale: vec!["modularity".to_string()],
            stale_fails: true,
            ..Summary::default()
        };
        let invocation = invocation(&summary);
        assert_eq!(invocation.exit_code, 1);
        assert_eq!(
            invocation.exit_code_description,
            "check failed: 1 stale baseline entry (--strict-baseline)"
        );
        assert_eq!(invocation.tool_execution_notifications[0].level, "error");
    }
}

//! SARIF 2.1.0 for code scanning: one run, the whole rule catalogue as `tool.driver.rules`, and
//! one result per offending reference (so each shows at its own line), or one per violation
//! without references, at its `location` when it has one.
//!
//! `uri`s are relative to `%SRCROOT%` (the analysed root) with forward slashes; columns count
//! characters (`columnKind` `unicodeCodePoints`). `partialFingerprints` carry the stable key,
//! with `#n` added to the n-th repeat of a key in one violation, so that alerts follow code
//! that moves. The wire types here only serialize.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{Summary, relative_uri};
use crate::check::{Rule, Violation};
use crate::model::Location;

/// `$schema` of the log.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// `version` of the log.
pub const SARIF_VERSION: &str = "2.1.0";
/// The fingerprint name under `partialFingerprints`.
pub const FINGERPRINT: &str = "cargoSeamsKey/v1";

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
    column_kind: &'static str,
    results: Vec<SarifResult>,
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
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: PhysicalLocation,
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
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: relative_uri(&l.file),
                uri_base_id: "%SRCROOT%",
            },
            region,
        },
    }
}

fn rule_index(rule: Rule) -> usize {
    Rule::ALL
        .iter()
        .position(|r| *r == rule)
        .unwrap_or_default()
}

fn results(v: &Violation) -> Vec<SarifResult> {
    let result = |message: String, locations: Vec<SarifLocation>, key: String| SarifResult {
        rule_id: v.rule.as_str(),
        rule_index: rule_index(v.rule),
        level: v.severity.as_str(),
        message: Text { text: message },
        locations,
        partial_fingerprints: BTreeMap::from([(FINGERPRINT, key)]),
    };
    if v.references.is_empty() {
        let locations = v.location.iter().map(location).collect();
        return vec![result(v.message.clone(), locations, v.key.clone())];
    }
    let mut repeats: BTreeMap<&str, usize> = BTreeMap::new();
    v.references
        .iter()
        .map(|r| {
            let n = repeats.entry(r.key.as_str()).or_default();
            *n += 1;
            let key = if *n == 1 {
                r.key.clone()
            } else {
                format!("{}#{n}", r.key)
            };
            let message = format!(
                "{} Here: {} `{}` → `{}`.",
                v.message, r.kind, r.from_module, r.to
            );
            result(message, vec![location(&r.location)], key)
        })
        .collect()
}

/// Writes the SARIF log, pretty-printed, with a final newline.
pub fn render(violations: &[Violation], _summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
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
            column_kind: "unicodeCodePoints",
            results: violations.iter().flat_map(results).collect(),
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
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
            3,
            "one per reference, one for the violation without"
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
            "undeclared-dependency|orders|users|shop::users::User"
        );
        assert_eq!(results[2]["level"], "warning");
        assert_eq!(
            results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "seams.toml"
        );
    }

    #[test]
    fn repeated_keys_get_distinct_fingerprints_and_unknown_positions_no_region() {
        let mut v = fixtures::violations();
        let mut again = v[0].references[0].clone();
        again.location = Location::new("src/orders/api.rs", 0, 0);
        v[0].references.push(again);
        let results = results(&v[0]);
        assert_eq!(
            results[2].partial_fingerprints[FINGERPRINT],
            format!("{}#2", v[0].references[0].key)
        );
        assert!(results[2].locations[0].physical_location.region.is_none());
    }
}

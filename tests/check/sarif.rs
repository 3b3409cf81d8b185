//! SARIF against the official SARIF 2.1.0 JSON schema (`tests/schema/`, see its README), on a
//! shop with violations of several rules spread over several files: one result per violation
//! and file, the other references in the file as `relatedLocations`.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{Project, USERS_SERVICE, USERS_USE_CATALOG, stdout};

fn validator() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/schema/sarif-schema-2.1.0.json"
    );
    let text = std::fs::read_to_string(path).expect("schema file");
    // The 2.1.0 schema's `language` patterns end in a stray `]?`, which the validator's check
    // of the schema itself refuses as a regex; they are replaced here by the pattern the schema
    // means (a language code such as `en` or `en-US`). Our logs have no `language`, so nothing
    // they are checked against changes.
    const STRAY: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert_eq!(text.matches(STRAY).count(), 2, "the schema as vendored");
    let text = text.replace(STRAY, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: Value = serde_json::from_str(&text).expect("schema JSON");
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

fn errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_is_valid_against_the_2_1_0_schema_with_one_result_per_violation_and_file() {
    let project = Project::initialised("shop");
    // Two references to catalog in one file, and one more in another file of users.
    project.append(USERS_SERVICE, USERS_USE_CATALOG);
    project.append(
        USERS_SERVICE,
        "\npub fn seams_probe_two() -> usize { crate::catalog::search::SearchIndex::build(&[]).len() }\n",
    );
    project.append(
        "src/users/model.rs",
        "\npub fn seams_probe_three() -> usize { crate::catalog::search::SearchIndex::build(&[]).len() }\n",
    );
    project.set_config_key("min_modularity", "0.99");
    let run = project.seams(&["check", "--format", "sarif"]).code(1);
    let log: Value = serde_json::from_str(&stdout(&run)).expect("SARIF JSON");
    let validator = validator();
    assert_eq!(errors(&validator, &log), Vec::<String>::new());

    let results = log["runs"][0]["results"].as_array().expect("results");
    let undeclared: Vec<&Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "undeclared-dependency")
        .collect();
    let files: Vec<&str> = undeclared
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert_eq!(files, ["src/users/model.rs", USERS_SERVICE], "one per file");
    let related = undeclared[1]["relatedLocations"]
        .as_array()
        .expect("related");
    assert_eq!(related.len(), 1, "the second reference in service.rs");
    let fingerprints: BTreeSet<&str> = results
        .iter()
        .filter_map(|r| r["partialFingerprints"]["cargoSeamsKey/v2"].as_str())
        .collect();
    assert_eq!(fingerprints.len(), results.len(), "fingerprints are unique");
    assert!(results.iter().any(|r| r["ruleId"] == "modularity"));
    assert_eq!(log["runs"][0]["invocations"][0]["exitCode"], 1);
    // `uri-reference`s: relative, `/`-separated, nothing to escape in these paths.
    for result in results {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("uri");
        assert!(
            !uri.starts_with('/')
                && !uri.contains('\\')
                && !uri.contains(' ')
                && !uri.contains("./"),
            "{uri}"
        );
    }

    // The validator does reject what the schema forbids, so the check above can fail.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!errors(&validator, &broken).is_empty());
    let mut broken = log;
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert!(!errors(&validator, &broken).is_empty());
}

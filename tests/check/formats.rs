//! Report formats of `check` on a violation in `fixtures/shop`: SARIF 2.1.0 with the fields code
//! scanning needs, GitHub workflow commands, JSON, `-o FILE`, and colour only when asked for.

use predicates::str::contains;
use serde_json::Value;

use crate::support::{Project, USERS_SERVICE, USERS_USE_CATALOG, stdout};

/// An initialised shop with one undeclared dependency, and the line of its reference.
fn violating_shop() -> (Project, usize) {
    let project = Project::initialised("shop");
    project.append(USERS_SERVICE, USERS_USE_CATALOG);
    let line = project.line_of(USERS_SERVICE, "SearchIndex::build");
    (project, line)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}:\n{text}"))
}

#[test]
fn sarif_has_what_code_scanning_requires() {
    let (project, line) = violating_shop();
    let run = project.seams(&["check", "--format", "sarif"]).code(1);
    let log = json(&stdout(&run));
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(log["version"], "2.1.0");
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "cargo-seams");
    let rules = driver["rules"].as_array().expect("rules");
    assert!(rules.iter().any(|r| r["id"] == "undeclared-dependency"));
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1, "{results:?}");
    let result = &results[0];
    assert_eq!(result["ruleId"], "undeclared-dependency");
    assert_eq!(result["level"], "error");
    assert!(
        result["message"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("`users` depends on `catalog`"))
    );
    let physical = &result["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], USERS_SERVICE);
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(physical["region"]["startLine"], line);
}

#[test]
fn sarif_of_a_clean_run_has_no_results() {
    let project = Project::initialised("shop");
    let run = project.seams(&["check", "--format", "sarif"]).code(0);
    let log = json(&stdout(&run));
    assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
}

#[test]
fn output_file_takes_the_report_and_stdout_stays_empty() {
    let (project, _) = violating_shop();
    project
        .seams(&["check", "--format", "sarif", "-o", "seams.sarif"])
        .code(1)
        .stdout("");
    let log = json(&project.read("seams.sarif"));
    assert_eq!(log["version"], "2.1.0");
}

#[test]
fn github_format_annotates_the_reference() {
    let (project, line) = violating_shop();
    let run = project.seams(&["check", "--format", "github"]).code(1);
    let text = stdout(&run);
    let lines: Vec<&str> = text.lines().collect();
    let expected = format!("::error file={USERS_SERVICE},line={line},");
    assert!(lines[0].starts_with(&expected), "{text}");
    assert!(
        lines[0].contains("title=cargo-seams undeclared-dependency::"),
        "{text}"
    );
    assert!(
        lines
            .last()
            .is_some_and(|l| *l == "cargo-seams check failed: 1 violation (1 error, 0 warnings)"),
        "{text}"
    );
}

#[test]
fn json_lists_violations_with_references() {
    let (project, line) = violating_shop();
    let run = project.seams(&["check", "--format", "json"]).code(1);
    let report = json(&stdout(&run));
    assert_eq!(report["schema_version"], 1);
    let violation = &report["violations"][0];
    assert_eq!(violation["rule"], "undeclared-dependency");
    assert_eq!(
        violation["services"],
        serde_json::json!(["users", "catalog"])
    );
    assert_eq!(violation["references"][0]["file"], USERS_SERVICE);
    assert_eq!(violation["references"][0]["line"], line);
    assert_eq!(report["summary"]["violations"], 1);
}

#[test]
fn text_is_coloured_only_when_asked_for_and_never_with_no_color() {
    let (project, _) = violating_shop();
    let plain = project.seams(&["check"]).code(1);
    assert!(
        !stdout(&plain).contains('\u{1b}'),
        "not a terminal: no colour"
    );
    let forced = project
        .command(&["check"])
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .code(1);
    assert!(
        stdout(&forced).contains("\u{1b}["),
        "CLICOLOR_FORCE colours"
    );
    let vetoed = project
        .command(&["check"])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .assert()
        .code(1)
        .stdout(contains("error[undeclared-dependency]"));
    assert!(!stdout(&vetoed).contains('\u{1b}'), "NO_COLOR wins");
}

//! The baseline workflow on `fixtures/shop`: write today's violations, pass against them even
//! when the code moves, fail on a new one, report a fixed one as stale, and fail on stale
//! entries with `--strict-baseline`.

use predicates::str::contains;

use crate::support::{Project, USERS_SERVICE, USERS_USE_CATALOG, at, stdout};

const BASELINE: &str = "seams-baseline.toml";
const KEY: &str = "undeclared-dependency|users|catalog|shop::catalog::search::SearchIndex";

#[test]
fn baseline_round_trip() {
    let project = Project::initialised("shop");
    let original = project.read(USERS_SERVICE);
    project.append(USERS_SERVICE, USERS_USE_CATALOG);
    project.seams(&["check"]).code(1);

    project
        .seams(&["check", "--write-baseline", BASELINE])
        .code(0)
        .stdout("")
        .stderr(contains(format!(
            "wrote {BASELINE}: 1 key(s) for 1 violation(s)"
        )));
    let text = project.read(BASELINE);
    assert!(text.contains(&format!("    \"{KEY}\",\n")), "{text}");
    project
        .seams(&["check", "--baseline", BASELINE])
        .code(0)
        .stdout(contains(
            "check passed: no violations; 1 known from the baseline",
        ));

    // Moving the code keeps it known: keys hold no line numbers.
    project.write(
        USERS_SERVICE,
        &format!("{original}\n\n\n{USERS_USE_CATALOG}"),
    );
    project.seams(&["check", "--baseline", BASELINE]).code(0);

    // A reference to another item is new, and only it is reported.
    project.append(
        USERS_SERVICE,
        "\npub fn seams_probe_product(_product: &crate::catalog::model::Product) {}\n",
    );
    let new_line = project.line_of(USERS_SERVICE, "seams_probe_product");
    project
        .seams(&["check", "--baseline", BASELINE])
        .code(1)
        .stdout(contains(at(USERS_SERVICE, new_line)))
        .stdout(contains("`shop::catalog::model::Product`"));
    let run = project
        .seams(&["check", "--baseline", BASELINE, "--format", "json"])
        .code(1);
    let report: serde_json::Value = serde_json::from_str(&stdout(&run)).expect("JSON");
    let undeclared: Vec<&serde_json::Value> = report["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .filter(|v| v["rule"] == "undeclared-dependency")
        .collect();
    assert_eq!(undeclared.len(), 1, "{report}");
    let references = undeclared[0]["references"].as_array().expect("references");
    let lines: Vec<&serde_json::Value> = references.iter().map(|r| &r["line"]).collect();
    assert_eq!(lines, vec![new_line], "only the new reference is reported");

    // Both references removed: the baseline entry is stale, which passes unless strict.
    project.write(USERS_SERVICE, &original);
    project
        .seams(&["check", "--baseline", BASELINE])
        .code(0)
        .stdout(contains(format!(
            "note: baseline entry no longer occurs, remove it: {KEY}"
        )))
        .stdout(contains("1 stale baseline entry"));
    project
        .seams(&["check", "--baseline", BASELINE, "--strict-baseline"])
        .code(1)
        .stdout(contains(format!(
            "error: baseline entry no longer occurs, remove it: {KEY}"
        )))
        .stdout(contains("check failed"));
    project
        .seams(&[
            "check",
            "--baseline",
            BASELINE,
            "--strict-baseline",
            "--format",
            "github",
        ])
        .code(1)
        .stdout(contains("::error title=cargo-seams baseline::"));
}

#[test]
fn an_unreadable_or_invalid_baseline_is_an_input_error() {
    let project = Project::initialised("shop");
    project
        .seams(&["check", "--baseline", "missing.toml"])
        .code(2)
        .stderr(contains("cannot read baseline `missing.toml`"));
    project.write(BASELINE, "version = 7\nkeys = []\n");
    project
        .seams(&["check", "--baseline", BASELINE])
        .code(2)
        .stderr(contains("version 7 is not supported"));
}

#[test]
fn baseline_flags_are_checked_as_usage() {
    let project = Project::initialised("shop");
    project.seams(&["check", "--strict-baseline"]).code(2);
    project
        .seams(&[
            "check",
            "--baseline",
            BASELINE,
            "--write-baseline",
            BASELINE,
        ])
        .code(2);
}

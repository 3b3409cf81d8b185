//! Insta snapshots of the module-graph part of the workspace fixture's JSON report, in addition
//! to the explicit assertions of `workspace.rs`: any change to crates, modules, dependencies
//! (kinds, counts, weights) or diagnostics shows up as a reviewed diff. The proposal keys
//! (`data`, `services`, `boundaries`, metrics) are not wired yet and are left out; nothing else
//! is normalised, since the report holds only relative paths.

use crate::util::analyze_fixture;

/// The graph keys of the report, as pretty JSON.
fn graph_part(name: &str) -> String {
    let report = analyze_fixture(name, &[]);
    let mut part = serde_json::Map::new();
    for key in [
        "schema_version",
        "root",
        "crates",
        "modules",
        "dependencies",
        "diagnostics",
    ] {
        part.insert(key.to_owned(), report.json[key].clone());
    }
    serde_json::to_string_pretty(&part).unwrap()
}

#[test]
fn snapshot_workspace_module_graph() {
    insta::assert_snapshot!(graph_part("workspace"));
}

#[test]
fn snapshot_bad_input_module_graph() {
    insta::assert_snapshot!(graph_part("bad-input"));
}

//! The `fixtures/bad-input` package against its `EXPECTED.md`: each broken part of the module
//! tree gives exactly one diagnostic, the run exits 0, and the good part of the graph is intact.
//! Inputs generated at run time live in `generated_input.rs`.

use crate::util::{Report, analyze_fixture, analyze_ok, assert_edge_kinds, copy_fixture, str_of};

fn bad() -> Report {
    analyze_fixture("bad-input", &[])
}

#[test]
fn bad_input_diagnostics_are_exactly_the_four_expected() {
    let diags = bad().diagnostics();
    let keys: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| (d.code.as_str(), d.file.as_str()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            ("missing-module-file", "src/lib.rs"),
            ("orphan-file", "src/stale.rs"),
            ("path-outside-root", "src/lib.rs"),
            ("syntax-error", "src/broken.rs"),
        ],
        "diagnostics: {diags:#?}"
    );
    for d in &diags {
        match d.code.as_str() {
            "syntax-error" => assert_eq!((d.line, d.column), (14, 33), "{d:?}"),
            "missing-module-file" => {
                assert_eq!(d.line, 12, "{d:?}");
                assert!(d.message.contains("missing"), "names the module: {d:?}");
            }
            "path-outside-root" => {
                assert!(d.line == 18 || d.line == 19, "{d:?}");
                assert!(d.message.contains("escape"), "names the module: {d:?}");
            }
            "orphan-file" => assert_eq!(d.line, 0, "{d:?}"),
            _ => unreachable!(),
        }
    }
}

#[test]
fn bad_input_modules_are_exactly_the_expected_eight() {
    let report = bad();
    let have: Vec<(&str, &str)> = report
        .modules()
        .iter()
        .map(|m| (str_of(m, "id"), str_of(m, "file")))
        .collect();
    assert_eq!(
        have,
        [
            ("bad", "src/lib.rs"),
            ("bad::broken", "src/broken.rs"),
            ("bad::cart", "src/cart.rs"),
            ("bad::checkout", "src/checkout.rs"),
            ("bad::empty", "src/empty.rs"),
            ("bad::pricing", "src/pricing.rs"),
            ("bad::report", "src/report/mod.rs"),
            ("bad::report::format", "src/report/format.rs"),
        ]
    );
}

#[test]
fn bad_input_unparsable_and_empty_modules_have_no_items() {
    let report = bad();
    assert_eq!(report.module("bad::broken")["items"], 0);
    let empty = report.module("bad::empty");
    assert_eq!(
        (empty["items"].as_u64(), empty["loc"].as_u64()),
        (Some(0), Some(0))
    );
    assert!(report.module("bad::pricing")["items"].as_u64().unwrap() > 0);
}

#[test]
fn bad_input_dependencies_are_exactly_the_seven_good_pairs() {
    let report = bad();
    let expected: &[(&str, &str, &[&str])] = &[
        ("bad", "bad::checkout", &["use"]),
        ("bad::cart", "bad::pricing", &["use", "type", "call"]),
        ("bad::checkout", "bad::cart", &["use", "type"]),
        ("bad::checkout", "bad::pricing", &["use", "contain", "call"]),
        ("bad::checkout", "bad::report::format", &["use", "call"]),
        ("bad::report", "bad::checkout", &["use", "type"]),
        ("bad::report", "bad::report::format", &["call"]),
    ];
    let pairs: Vec<(String, String)> = report.edge_pairs().into_iter().collect();
    let want: Vec<(String, String)> = expected
        .iter()
        .map(|&(f, t, _)| (f.to_owned(), t.to_owned()))
        .collect();
    assert_eq!(pairs, want);
    for &(from, to, kinds) in expected {
        assert_edge_kinds(&report, from, to, kinds);
    }
}

#[test]
fn bad_input_refused_missing_and_orphan_files_are_not_modules() {
    let report = bad();
    for absent in ["bad::missing", "bad::escape", "bad::stale"] {
        assert!(
            report.find_module(absent).is_none(),
            "{absent} must not be a module"
        );
    }
}

#[test]
fn bad_input_path_outside_root_is_refused_even_when_the_target_exists() {
    // The copy sits at TEMP/bad-input, so `#[path = "../../outside.rs"]` names TEMP/outside.rs.
    // The tool must refuse it without reading it: its contents would not even parse.
    let (tmp, root) = copy_fixture("bad-input");
    std::fs::write(tmp.path().join("outside.rs"), "pub fn leaked( {\n").unwrap();
    let report = analyze_ok(&root, &[]);
    assert_eq!(
        report.json,
        bad().json,
        "an existing outside file changes nothing"
    );
}

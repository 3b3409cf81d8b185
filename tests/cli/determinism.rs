//! Same input, same bytes: for every fixture, `analyze --format json` and the `graph` formats
//! give byte-identical stdout with `-j1` and `-j2` and across repeated runs, and the report does
//! not depend on where the project sits on disk (it holds only relative paths).

use crate::util::{FIXTURES, copy_fixture, fixture, run};
use std::path::Path;

/// Stdout of `cargo-seams <args…> PATH -q -jJOBS`, asserting exit 0.
fn stdout_of(args: &[&str], path: &Path, jobs: &str) -> Vec<u8> {
    let mut argv: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    argv.extend([path.as_os_str(), "-q".as_ref(), jobs.as_ref()]);
    let r = run(argv);
    r.assert_code(0);
    assert!(!r.stdout.is_empty(), "{:?} printed nothing", r.args);
    r.stdout
}

/// Asserts `-j1`, `-j2` and a second `-j2` run of `args` agree byte for byte on every fixture.
fn assert_stable(args: &[&str]) {
    for name in FIXTURES {
        let path = fixture(name);
        let one = stdout_of(args, &path, "-j1");
        let two = stdout_of(args, &path, "-j2");
        let again = stdout_of(args, &path, "-j2");
        assert!(one == two, "{args:?} on {name}: -j1 and -j2 differ");
        assert!(two == again, "{args:?} on {name}: two -j2 runs differ");
    }
}

#[test]
fn determinism_analyze_json_is_byte_identical_across_jobs_and_runs() {
    assert_stable(&["analyze", "--format", "json"]);
}

#[test]
fn determinism_analyze_json_with_tests_is_byte_identical_across_jobs_and_runs() {
    assert_stable(&["analyze", "--format", "json", "--include-tests"]);
}

/// Issue #11, item 4: write roots were kept by address in freed macro-body trees, so a read in
/// one `assert!` could be taken for a write after a write verb in an earlier one, differently
/// from run to run. The shop with a generated test file full of such asserts must give the same
/// bytes at `-j1` and `-j2` over repeated runs, and its reads must stay reads.
#[test]
fn determinism_reads_in_test_asserts_stay_reads_across_jobs_and_runs() {
    let (_tmp, shop) = copy_fixture("shop");
    let mut tests = String::from(
        "use shop::config::CONFIG;\nuse shop::util::metrics::REQUESTS;\n\n\
         static OTHER: u8 = 0;\nfn delete<T>(_: T) -> bool { true }\n\
         fn keep<T>(_: T) -> bool { true }\n",
    );
    for i in 0..300 {
        tests.push_str(&format!(
            "\n#[test]\nfn t{i}() {{\n    assert!(delete(OTHER));\n    \
             assert!(keep(CONFIG));\n    assert!(delete(OTHER));\n    \
             assert!(keep(REQUESTS));\n}}\n"
        ));
    }
    std::fs::create_dir_all(shop.join("tests")).unwrap();
    std::fs::write(shop.join("tests/asserts.rs"), tests).unwrap();
    let args = ["analyze", "--format", "json", "--include-tests"];
    let first = stdout_of(&args, &shop, "-j1");
    for run in 0..4 {
        let jobs = if run % 2 == 0 { "-j2" } else { "-j1" };
        assert!(
            first == stdout_of(&args, &shop, jobs),
            "run {run} ({jobs}) differs from the first"
        );
    }
    let report: serde_json::Value = serde_json::from_slice(&first).unwrap();
    let writes_from_tests: Vec<String> = report["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "static")
        .flat_map(|d| {
            d["accesses"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(move |a| {
                    let module = a["module"].as_str().unwrap_or("");
                    (module.contains("asserts") && a["writes"] != 0)
                        .then(|| format!("{} writes {}", module, d["id"]))
                })
        })
        .collect();
    assert!(writes_from_tests.is_empty(), "{writes_from_tests:?}");
}

#[test]
fn determinism_graph_dot_is_byte_identical_across_jobs_and_runs() {
    assert_stable(&["graph", "--format", "dot"]);
}

#[test]
fn determinism_graph_mermaid_is_byte_identical_across_jobs_and_runs() {
    assert_stable(&["graph", "--format", "mermaid"]);
}

#[test]
fn determinism_html_report_and_svg_map_are_byte_identical_across_jobs_and_runs() {
    assert_stable(&["analyze", "--format", "html"]);
    assert_stable(&["graph", "--format", "svg"]);
}

#[test]
fn determinism_report_does_not_depend_on_the_project_location() {
    for name in FIXTURES {
        let original = stdout_of(&["analyze", "--format", "json"], &fixture(name), "-j2");
        let (_tmp, copy) = copy_fixture(name);
        let moved = stdout_of(&["analyze", "--format", "json"], &copy, "-j2");
        assert!(
            original == moved,
            "{name}: the report changes when the project is moved"
        );
        let text = String::from_utf8(moved).unwrap();
        let tmp_prefix = copy.parent().unwrap().to_string_lossy().into_owned();
        assert!(
            !text.contains(&tmp_prefix),
            "{name}: the report holds an absolute path"
        );
    }
}

#[test]
fn determinism_fixture_list_is_complete() {
    // A new fixture must join the determinism runs above.
    let mut on_disk: Vec<String> = std::fs::read_dir(fixture(""))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().join("Cargo.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, FIXTURES);
}

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
fn determinism_graph_dot_is_byte_identical_across_jobs_and_runs() {
    assert_stable(&["graph", "--format", "dot"]);
}

#[test]
fn determinism_graph_mermaid_is_byte_identical_across_jobs_and_runs() {
    assert_stable(&["graph", "--format", "mermaid"]);
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

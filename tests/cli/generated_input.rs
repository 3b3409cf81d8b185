//! Hostile inputs written at run time into a temp dir: a small package whose `src/lib.rs`
//! declares `mod a;` and whose `src/a.rs` is broken in one way (not UTF-8, binary, a symlink
//! loop, empty, absurdly deep, a syntax error), plus paths that are no crate at all. Each run must
//! exit 0 with a clear diagnostic and keep the good part of the graph (the root module and its
//! item), or, for a path that is no crate, exit 2 with a sentence on stderr.

use crate::util::{Diag, Report, Scratch, analyze_ok, run};
use std::path::Path;

/// The root declares `a` and owns one item, `ok`, that must survive whatever `a.rs` holds.
const LIB_RS: &str = "pub mod a;\n\npub fn ok() {}\n";

/// A package `hostile` with `src/a.rs` = `contents`.
pub(crate) fn crate_with_a(contents: impl AsRef<[u8]>) -> Scratch {
    let scratch = Scratch::new("hostile", LIB_RS);
    scratch.write("src/a.rs", contents);
    scratch
}

/// Analyses `path` with `-j1` and `-j2` (main thread and worker threads have different stacks),
/// asserts both runs agree, and returns the report.
#[track_caller]
pub(crate) fn analyze_both_ways(path: &Path) -> Report {
    let one = analyze_ok(path, &["-j1"]);
    let two = analyze_ok(path, &["-j2"]);
    assert_eq!(one.json, two.json, "-j1 and -j2 disagree");
    one
}

/// The good part of the graph is intact: the root module with its one item.
#[track_caller]
pub(crate) fn assert_root_intact(report: &Report) {
    assert_eq!(report.module("hostile")["items"], 1, "root keeps its item");
    assert_eq!(report.module("hostile")["file"], "src/lib.rs");
}

/// The one diagnostic of the report, asserting there is exactly one.
#[track_caller]
pub(crate) fn single_diagnostic(report: &Report) -> Diag {
    let diags = report.diagnostics();
    assert_eq!(
        diags.len(),
        1,
        "exactly one diagnostic expected: {diags:#?}"
    );
    diags.into_iter().next().unwrap()
}

#[test]
fn non_utf8_file_gives_not_utf8_and_an_empty_module() {
    let scratch = crate_with_a(b"pub fn f() -> &'static str { \"caf\xe9\" }\n");
    let report = analyze_both_ways(scratch.path());
    assert_root_intact(&report);
    assert_eq!(report.module("hostile::a")["items"], 0);
    let d = single_diagnostic(&report);
    assert_eq!(
        (d.code.as_str(), d.file.as_str()),
        ("not-utf8", "src/a.rs"),
        "{d:?}"
    );
}

#[test]
fn binary_file_named_rs_gives_a_diagnostic_and_no_items() {
    let scratch = crate_with_a(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00");
    let report = analyze_both_ways(scratch.path());
    assert_root_intact(&report);
    let d = single_diagnostic(&report);
    assert_eq!(d.file, "src/a.rs", "{d:?}");
    assert!(!d.code.is_empty() && !d.message.is_empty(), "{d:?}");
    if let Some(a) = report.find_module("hostile::a") {
        assert_eq!(a["items"], 0);
    }
}

#[test]
fn empty_file_is_a_module_with_no_items_and_no_diagnostic() {
    let scratch = crate_with_a("");
    let report = analyze_both_ways(scratch.path());
    assert_root_intact(&report);
    let a = report.module("hostile::a");
    assert_eq!((a["items"].as_u64(), a["loc"].as_u64()), (Some(0), Some(0)));
    assert_eq!(report.diagnostics(), []);
}

#[test]
fn syntax_error_gives_syntax_error_with_line_and_column() {
    let scratch = crate_with_a("pub fn f() -> i32 {\n    let x = 1 +;\n    x\n}\n");
    let report = analyze_both_ways(scratch.path());
    assert_root_intact(&report);
    assert_eq!(report.module("hostile::a")["items"], 0);
    let d = single_diagnostic(&report);
    // syn stops at the `;` after `+`: line 2, column 16 (1-based).
    assert_eq!(
        (d.code.as_str(), d.file.as_str(), d.line, d.column),
        ("syntax-error", "src/a.rs", 2, 16),
        "{d:?}"
    );
}

#[test]
fn ten_thousand_nested_parentheses_give_too_deep_without_crashing() {
    let source = format!(
        "fn f() -> i32 {{ {}1{} }}\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let scratch = crate_with_a(source);
    let report = analyze_both_ways(scratch.path());
    assert_root_intact(&report);
    let d = single_diagnostic(&report);
    assert_eq!(
        (d.code.as_str(), d.file.as_str(), d.line),
        ("too-deep", "src/a.rs", 1),
        "{d:?}"
    );
}

#[test]
fn ten_thousand_term_sum_is_analysed_or_reported_without_crashing() {
    let terms = vec!["1"; 10_000].join(" + ");
    let scratch = crate_with_a(format!("pub fn f() -> i32 {{ {terms} }}\n"));
    let report = analyze_both_ways(scratch.path());
    assert_root_intact(&report);
    let a = report.module("hostile::a");
    let diags = report.diagnostics();
    assert!(
        a["items"] == 1 && diags.is_empty() || diags.len() == 1 && diags[0].file == "src/a.rs",
        "either analysed (1 item, no diagnostic) or one diagnostic on src/a.rs: {a} {diags:#?}"
    );
}

#[test]
fn ten_thousand_deep_types_do_not_crash() {
    // Bracket counting does not see `<`, `&`, `*const` or `fn() ->`, so syn recurses unbounded.
    let n = 10_000;
    let shapes = [
        (
            "generic",
            format!("pub type T = {}u8{};\n", "Vec<".repeat(n), ">".repeat(n)),
        ),
        ("reference", format!("pub type T = {}u8;\n", "&".repeat(n))),
        (
            "pointer",
            format!("pub type T = {}u8;\n", "*const ".repeat(n)),
        ),
        (
            "fn pointer",
            format!("pub type T = {}u8;\n", "fn() -> ".repeat(n)),
        ),
    ];
    let mut crashed = Vec::new();
    for (name, source) in shapes {
        let scratch = crate_with_a(source);
        for jobs in ["-j1", "-j2"] {
            let r = run([
                "analyze".as_ref(),
                scratch.path().as_os_str(),
                "--format".as_ref(),
                "json".as_ref(),
                jobs.as_ref(),
            ]);
            if r.code != Some(0) {
                crashed.push(format!(
                    "{name} {jobs}: exit {:?}: {}",
                    r.code,
                    r.stderr.trim()
                ));
            }
        }
    }
    assert!(crashed.is_empty(), "crashed:\n{}", crashed.join("\n"));
}

#[test]
fn path_attribute_escaping_the_root_is_refused() {
    let scratch = Scratch::new(
        "hostile",
        "#[path = \"../../outside.rs\"]\npub mod a;\n\npub fn ok() {}\n",
    );
    let report = analyze_both_ways(scratch.path());
    assert_root_intact(&report);
    assert!(report.find_module("hostile::a").is_none());
    let d = single_diagnostic(&report);
    assert_eq!(
        (d.code.as_str(), d.file.as_str()),
        ("path-outside-root", "src/lib.rs"),
        "{d:?}"
    );
    assert!(d.line == 1 || d.line == 2, "{d:?}");
}

#[cfg(unix)]
mod symlinks {
    use super::*;
    use std::os::unix::fs::symlink;

    /// Whatever a loop is reported as, the run ends, exits 0, keeps the root and names the file.
    #[track_caller]
    fn assert_loop_reported(scratch: &Scratch) -> Diag {
        let report = analyze_both_ways(scratch.path());
        assert_root_intact(&report);
        assert!(
            report
                .find_module("hostile::a")
                .is_none_or(|a| a["items"] == 0)
        );
        let d = single_diagnostic(&report);
        assert!(d.file == "src/lib.rs" || d.file == "src/a.rs", "{d:?}");
        d
    }

    #[test]
    fn symlink_to_itself_ends_with_a_diagnostic() {
        let scratch = Scratch::new("hostile", LIB_RS);
        symlink("a.rs", scratch.path().join("src/a.rs")).unwrap();
        assert_loop_reported(&scratch);
    }

    #[test]
    fn two_symlinks_pointing_at_each_other_end_with_a_diagnostic() {
        let scratch = Scratch::new("hostile", LIB_RS);
        symlink("b.rs", scratch.path().join("src/a.rs")).unwrap();
        symlink("a.rs", scratch.path().join("src/b.rs")).unwrap();
        assert_loop_reported(&scratch);
    }

    #[test]
    fn symlink_loop_diagnostic_says_it_is_a_loop() {
        let scratch = Scratch::new("hostile", LIB_RS);
        symlink("a.rs", scratch.path().join("src/a.rs")).unwrap();
        let d = assert_loop_reported(&scratch);
        let message = d.message.to_lowercase();
        assert!(
            message.contains("symlink")
                || message.contains("symbolic link")
                || message.contains("loop"),
            "the diagnostic should say the file is a symlink loop: {d:?}"
        );
    }
}

#[test]
fn empty_directory_is_not_a_crate_and_exits_2() {
    let tmp = tempfile::TempDir::new().unwrap();
    let r = run(["analyze".as_ref(), tmp.path().as_os_str()]);
    r.assert_code(2);
    assert!(r.stdout.is_empty(), "nothing on stdout");
    assert!(
        r.stderr.contains("Cargo.toml"),
        "stderr says a Cargo.toml was expected: {}",
        r.stderr
    );
    assert!(
        r.stderr.trim_end().lines().count() <= 3,
        "one short message: {}",
        r.stderr
    );
}

#[test]
fn nonexistent_path_exits_2_with_a_message() {
    let tmp = tempfile::TempDir::new().unwrap();
    let missing = tmp.path().join("no-such-dir");
    let r = run(["analyze".as_ref(), missing.as_os_str()]);
    r.assert_code(2);
    assert!(r.stdout.is_empty(), "nothing on stdout");
    assert!(
        r.stderr.contains("no-such-dir"),
        "stderr names the path: {}",
        r.stderr
    );
}

#[test]
fn manifest_without_package_or_workspace_exits_2() {
    let tmp = tempfile::TempDir::new().unwrap();
    std::fs::write(
        tmp.path().join("Cargo.toml"),
        "[dependencies]\nserde = \"1\"\n",
    )
    .unwrap();
    let r = run(["analyze".as_ref(), tmp.path().as_os_str()]);
    r.assert_code(2);
    assert!(
        r.stderr.contains("[package]") || r.stderr.contains("[workspace]"),
        "{}",
        r.stderr
    );
}

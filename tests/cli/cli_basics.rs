//! Command-line conventions that hold for every subcommand: help and usage errors and their exit
//! codes, the extra `seams` argument that `cargo seams` passes, `-o FILE`, and `-q`.

use crate::util::{fixture, run, run_in};
use std::ffi::OsString;

fn args(words: &[&str], path: &str) -> Vec<OsString> {
    let mut v: Vec<OsString> = words.iter().map(OsString::from).collect();
    v.insert(1.min(v.len()), fixture(path).into());
    v
}

#[test]
fn cli_help_exits_0_and_lists_the_commands() {
    for argv in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["analyze", "--help"],
        &["seams", "--help"],
    ] {
        let r = run(argv);
        r.assert_code(0);
        let out = r.stdout_str();
        assert!(out.contains("Usage"), "{argv:?}: {out}");
    }
    let top = run(["--help"]);
    for command in ["analyze", "graph", "explain"] {
        assert!(top.stdout_str().contains(command), "--help lists {command}");
    }
}

#[test]
fn cli_version_exits_0() {
    let r = run(["--version"]);
    r.assert_code(0);
    assert!(
        r.stdout_str().contains(env!("CARGO_PKG_VERSION")),
        "{}",
        r.stdout_str()
    );
}

#[test]
fn cli_usage_errors_exit_2_with_a_message() {
    let cases: &[&[&str]] = &[
        &["--bogus"],
        &["analyze", "--bogus"],
        &["graph", "--format", "png"],
        &["analyze", "--jobs", "many"],
        &["frobnicate"],
        &["explain"],
        &["explain", ".", "a", "b", "c"],
        &[],
    ];
    for argv in cases {
        let r = run_in(&fixture("shop"), *argv);
        r.assert_code(2);
        assert!(r.stdout.is_empty(), "{argv:?}: nothing on stdout");
        assert!(!r.stderr.trim().is_empty(), "{argv:?}: a message on stderr");
    }
}

#[test]
fn cli_cargo_subcommand_form_matches_the_direct_form() {
    let direct = run(args(&["analyze", "--format", "json", "-q"], "workspace"));
    direct.assert_code(0);
    let mut via_cargo = args(&["analyze", "--format", "json", "-q"], "workspace");
    via_cargo.insert(0, "seams".into());
    let via_cargo = run(via_cargo);
    via_cargo.assert_code(0);
    assert!(
        direct.stdout == via_cargo.stdout,
        "`seams analyze` differs from `analyze`"
    );
    let graph = run([
        "seams".as_ref(),
        "graph".as_ref(),
        fixture("workspace").as_os_str(),
        "-q".as_ref(),
    ]);
    graph.assert_code(0);
    assert!(graph.stdout_str().starts_with("digraph"));
}

#[test]
fn cli_output_file_gets_the_report_and_stdout_stays_empty() {
    let tmp = tempfile::TempDir::new().unwrap();
    for (words, file) in [
        (&["analyze", "--format", "json"][..], "report.json"),
        (&["graph", "--format", "dot"], "graph.dot"),
        (&["graph", "--format", "mermaid"], "graph.mmd"),
        (&["analyze", "--format", "html"], "report.html"),
        (&["graph", "--format", "svg"], "map.svg"),
    ] {
        let out = tmp.path().join(file);
        let mut argv = args(words, "bad-input");
        argv.extend(["-o".into(), out.clone().into()]);
        let r = run(argv);
        r.assert_code(0);
        assert!(
            r.stdout.is_empty(),
            "{words:?}: stdout must stay empty: {}",
            r.stdout_str()
        );
        let plain = run(args(words, "bad-input"));
        assert_eq!(
            std::fs::read(&out).unwrap(),
            plain.stdout,
            "{words:?}: -o FILE holds the report"
        );
    }
}

#[test]
fn cli_output_dash_is_stdout_and_no_file_named_dash_is_written() {
    let tmp = tempfile::TempDir::new().unwrap();
    let plain = run(args(&["analyze", "--format", "json", "-q"], "workspace"));
    plain.assert_code(0);
    let mut argv = args(&["analyze", "--format", "json", "-q"], "workspace");
    argv.extend(["-o".into(), "-".into()]);
    let dash = run_in(tmp.path(), argv);
    dash.assert_code(0);
    assert!(dash.stdout == plain.stdout, "-o - prints the report");
    assert!(!tmp.path().join("-").exists(), "no file named `-`");
    // `init` writes a config file: `-` is a usage error, and nothing is written.
    let mut argv = args(&["init"], "workspace");
    argv.extend(["-o".into(), "-".into()]);
    let init = run_in(tmp.path(), argv);
    init.assert_code(2);
    assert!(init.stderr.contains("init"), "{}", init.stderr);
    assert!(!tmp.path().join("-").exists());
}

#[test]
fn cli_quiet_prints_no_diagnostics() {
    let loud = run(args(&["analyze", "--format", "json"], "bad-input"));
    loud.assert_code(0);
    assert!(
        loud.stderr.contains("syntax-error"),
        "diagnostics go to stderr: {}",
        loud.stderr
    );
    for flag in ["-q", "--quiet"] {
        let mut argv = args(&["analyze", "--format", "json"], "bad-input");
        argv.push(flag.into());
        let quiet = run(argv);
        quiet.assert_code(0);
        assert_eq!(quiet.stderr, "", "{flag}: stderr must be empty");
        assert!(
            quiet.stdout == loud.stdout,
            "{flag}: the report is unchanged"
        );
    }
}

#[test]
fn cli_diagnostics_go_to_stderr_not_stdout() {
    let r = run(args(&["graph", "--format", "dot"], "bad-input"));
    r.assert_code(0);
    assert!(
        !r.stdout_str().contains("syntax-error"),
        "stdout holds only the report"
    );
    assert!(
        r.stderr.contains("src/broken.rs:14:33"),
        "stderr: {}",
        r.stderr
    );
}

#[test]
fn errors_are_said_once_and_a_file_path_says_what_was_expected() {
    let readme = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let run = run(["analyze", readme]);
    run.assert_code(2);
    let err = &run.stderr;
    assert!(!err.contains("error: error:"), "{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("expected a Cargo.toml"), "{err}");
}

#[test]
fn completions_for_every_shell_know_the_subcommands_and_options() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = run(["completions", shell]);
        r.assert_code(0);
        let out = r.stdout_str();
        for word in ["check", "init", "strict-baseline", "color"] {
            assert!(out.contains(word), "{shell} completes {word}");
        }
    }
    let bash = run(["completions", "bash"]);
    assert!(
        bash.stdout_str()
            .contains("complete -F _cargo__seams -o bashdefault -o default cargo-seams"),
        "registered for the cargo-seams binary"
    );
    run(["completions", "tcsh"]).assert_code(2);
}

#[test]
fn the_man_page_is_roff_for_every_command() {
    let r = run(["man"]);
    r.assert_code(0);
    let out = r.stdout_str();
    assert!(out.contains(".TH cargo-seams 1"), "{out}");
    for command in [
        "analyze",
        "graph",
        "explain",
        "check",
        "init",
        "completions",
    ] {
        assert!(
            out.contains(&format!("cargo\\-seams\\-{command}(1)")),
            "{command}"
        );
    }
    // Hidden from the command list, as an implementation detail of packaging.
    assert!(!run(["--help"]).stdout_str().contains("  man "));
}

#[test]
fn every_subcommand_help_has_examples() {
    for command in [
        "analyze",
        "graph",
        "explain",
        "check",
        "init",
        "completions",
    ] {
        let r = run([command, "--help"]);
        r.assert_code(0);
        let out = r.stdout_str();
        assert!(out.contains("Examples:"), "{command}: {out}");
        assert!(
            out.contains(&format!("cargo seams {command}")),
            "{command}: {out}"
        );
    }
    assert!(run(["--help"]).stdout_str().contains("Examples:"));
}

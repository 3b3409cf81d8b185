//! The gate never passes silently: a declared pattern that matches nothing is a config error
//! (exit 2, file:line, source line); an `[[allow]]` nothing needs is a warning that fails under
//! `--strict`; a file that no longer parses fails the check (`unparsed-file`) unless `[rules]`
//! tolerates it, also with `--baseline` and `-q`; every failing exit says why on stderr in
//! every format; `[rules]` levels set the exit code; paths are relative to the current
//! directory (monorepos); `--color` and the environment decide colour on stdout and stderr.

use predicates::prelude::*;
use predicates::str::contains;

use crate::support::{Project, USERS_SERVICE, USERS_USE_CATALOG, stdout};

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn a_pattern_that_matches_no_module_is_a_config_error_with_its_line() {
    let project = Project::initialised("shop");
    let text = project
        .read("seams.toml")
        .replace("\"shop::inventory::**\"", "\"shop::inventroy::**\"");
    project.write("seams.toml", &text);
    let line = project.line_of("seams.toml", "shop::inventroy::**");
    let run = project
        .seams(&["check", "-q", "--format", "sarif"])
        .code(2)
        .stdout("");
    let err = stderr(&run);
    assert!(
        err.contains(&format!(
            "error: seams.toml:{line}:12: module pattern `shop::inventroy::**` of service `inventory` matches no module"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{line} | modules = [\"shop::inventroy::**\"]")),
        "the source line: {err}"
    );
    assert!(
        err.contains("^^^^^^^^^^^^^^^^^^^^^"),
        "a caret under the pattern: {err}"
    );
    assert!(
        err.contains("help: did you mean `shop::inventory::**`?"),
        "{err}"
    );
}

#[test]
fn an_unused_allow_is_reported_and_fails_only_under_strict() {
    let project = Project::initialised("shop");
    project.append(
        "seams.toml",
        "\n[[allow]] # written by hand\nfrom = \"users\"\nto = \"inventory\"\n",
    );
    let line = project.line_of("seams.toml", "# written by hand");
    project
        .seams(&["check"])
        .code(0)
        .stdout(contains(
            "warning[unused-allow]: [[allow]] from = \"users\" to = \"inventory\" is not needed",
        ))
        .stdout(contains(format!("--> seams.toml:{line}:1")))
        .stdout(contains(
            "check passed: 1 warning (they fail with --strict)",
        ));
    let run = project
        .seams(&["check", "--strict", "--format", "github"])
        .code(1);
    assert!(
        stdout(&run).starts_with(&format!("::warning file=seams.toml,line={line},")),
        "{}",
        stdout(&run)
    );
    assert_eq!(
        stderr(&run),
        "error: check failed: 1 violation (0 errors, 1 warning); warnings fail with --strict\n"
    );
    project.append("seams.toml", "[rules]\nunused-allow = \"error\"\n");
    project.seams(&["check"]).code(1);
}

#[test]
fn a_file_that_no_longer_parses_fails_the_gate_even_with_a_baseline_and_quiet() {
    let project = Project::initialised("shop");
    project.append(USERS_SERVICE, USERS_USE_CATALOG);
    project
        .seams(&["check", "--write-baseline", "seams-baseline.toml"])
        .code(0);
    // The violating file breaks: its references vanish, the baseline entry goes stale.
    project.append(USERS_SERVICE, "fn broken( {\n");
    let line = project.line_of(USERS_SERVICE, "fn broken(");
    let run = project
        .seams(&[
            "check",
            "-q",
            "--baseline",
            "seams-baseline.toml",
            "--format",
            "json",
        ])
        .code(1);
    let report: serde_json::Value = serde_json::from_str(&stdout(&run)).expect("JSON");
    let violation = &report["violations"][0];
    assert_eq!(violation["rule"], "unparsed-file", "{report}");
    assert_eq!(violation["severity"], "error");
    assert_eq!(violation["location"]["file"], USERS_SERVICE);
    assert_eq!(violation["location"]["line"], line);
    assert_eq!(report["summary"]["failed"], true);
    assert_eq!(report["summary"]["stale"].as_array().map(Vec::len), Some(1));
    assert!(
        stderr(&run).starts_with("error: check failed: 1 violation (1 error, 0 warnings)"),
        "-q still says why: {}",
        stderr(&run)
    );
    // The text report names the file and the rule; without -q the syntax error is shown
    // with its source line.
    project
        .seams(&["check"])
        .code(1)
        .stdout(contains(format!(
            "error[unparsed-file]: `{USERS_SERVICE}` was not analysed (syntax-error"
        )))
        .stderr(contains(format!("{line} | fn broken( {{")));
    // Tolerated on purpose: reported, passes.
    project.append("seams.toml", "[rules]\nunparsed-file = \"warn\"\n");
    project
        .seams(&["check"])
        .code(0)
        .stdout(contains("warning[unparsed-file]"));
}

#[test]
fn a_stale_entry_under_strict_baseline_says_why_in_every_format() {
    let project = Project::initialised("shop");
    let original = project.read(USERS_SERVICE);
    project.append(USERS_SERVICE, USERS_USE_CATALOG);
    project
        .seams(&["check", "--write-baseline", "b.toml"])
        .code(0);
    project.write(USERS_SERVICE, &original);
    for format in ["text", "json", "sarif", "github"] {
        let run = project
            .seams(&[
                "check",
                "-q",
                "--baseline",
                "b.toml",
                "--strict-baseline",
                "--format",
                format,
                "-o",
                "report.out",
            ])
            .code(1)
            .stdout("");
        assert_eq!(
            stderr(&run),
            "error: check failed: 1 stale baseline entry (--strict-baseline)\n",
            "{format}"
        );
        let written = project.read("report.out");
        assert!(
            written.contains("check failed: 1 stale baseline entry (--strict-baseline)"),
            "{format}: {written}"
        );
        std::fs::remove_file(project.root().join("report.out")).expect("removable");
    }
}

#[test]
fn rule_levels_in_the_config_set_the_exit_code() {
    let project = Project::initialised("shop");
    project.append(USERS_SERVICE, USERS_USE_CATALOG);
    project.seams(&["check"]).code(1);
    project.append("seams.toml", "[rules]\nundeclared-dependency = \"warn\"\n");
    project
        .seams(&["check"])
        .code(0)
        .stdout(contains("warning[undeclared-dependency]"));
    project.seams(&["check", "--strict"]).code(1);
    let text = project
        .read("seams.toml")
        .replace("= \"warn\"", "= \"off\"");
    project.write("seams.toml", &text);
    project
        .seams(&["check", "--strict"])
        .code(0)
        .stdout("check passed: no violations\n");
    // A misspelt rule or level is a config error with its position.
    let text = project.read("seams.toml").replace(
        "undeclared-dependency = \"off\"",
        "undeclared-dependancy = \"of\"",
    );
    project.write("seams.toml", &text);
    project
        .seams(&["check"])
        .code(2)
        .stderr(contains("unknown rule `undeclared-dependancy` in [rules]"))
        .stderr(contains("did you mean `undeclared-dependency`?"));
}

#[test]
fn paths_are_relative_to_the_current_directory_in_a_monorepo() {
    let project = Project::initialised("shop");
    project.append(USERS_SERVICE, USERS_USE_CATALOG);
    let line = project.line_of(USERS_SERVICE, "SearchIndex::build");
    let parent = project.root().parent().expect("temp dir");
    let run = project
        .command(&["check", "shop", "--format", "github"])
        .current_dir(parent)
        .assert()
        .code(1);
    let expected = format!("::error file=shop/{USERS_SERVICE},line={line},");
    assert!(stdout(&run).starts_with(&expected), "{}", stdout(&run));
    let run = project
        .command(&["check", "shop", "--format", "sarif"])
        .current_dir(parent)
        .assert()
        .code(1);
    let log: serde_json::Value = serde_json::from_str(&stdout(&run)).expect("SARIF");
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        format!("shop/{USERS_SERVICE}")
    );
    // The config's own lines too (a threshold, an allow): `shop/seams.toml`.
    project.set_config_key("min_modularity", "0.99");
    project
        .command(&["check", "shop"])
        .current_dir(parent)
        .assert()
        .code(1)
        .stdout(contains("--> shop/seams.toml:"));
}

#[test]
fn colour_follows_the_flag_and_the_environment_on_stdout_and_stderr() {
    let project = Project::initialised("shop");
    project.append(USERS_SERVICE, USERS_USE_CATALOG);
    project.append(USERS_SERVICE, "fn broken( {\n");
    project.append("seams.toml", "[rules]\nunparsed-file = \"warn\"\n");
    let escape = "\u{1b}[";
    let always = project.seams(&["check", "--color", "always"]).code(0);
    assert!(stdout(&always).contains(escape), "report coloured");
    assert!(
        stderr(&always).contains("\u{1b}[1m\u{1b}[33mwarning[syntax-error]"),
        "warning coloured: {}",
        stderr(&always)
    );
    let never = project
        .command(&["check", "--color", "never"])
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .code(0);
    assert!(!stdout(&never).contains(escape) && !stderr(&never).contains(escape));
    let forced = project
        .command(&["check"])
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .code(0);
    assert!(
        stdout(&forced).contains(escape),
        "CLICOLOR_FORCE without --color"
    );
    let no_color = project
        .command(&["analyze", "--color", "auto"])
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .code(0);
    assert!(
        !stdout(&no_color).contains(escape),
        "NO_COLOR wins over auto"
    );
    let analyze = project.seams(&["analyze", "--color", "always"]).code(0);
    assert!(
        stdout(&analyze).contains(escape),
        "analyze is coloured when asked"
    );
    assert!(
        predicate::str::contains(escape)
            .not()
            .eval(&stdout(&project.seams(&["analyze"]).code(0)))
    );
}

#[test]
fn the_text_report_shows_the_offending_line_with_a_caret() {
    let project = Project::initialised("shop");
    project.append(USERS_SERVICE, USERS_USE_CATALOG);
    let line = project.line_of(USERS_SERVICE, "SearchIndex::build");
    let run = project.seams(&["check"]).code(1);
    let text = stdout(&run);
    let expected = format!(
        "   {line} |     crate::catalog::search::SearchIndex::build(&[]).len()\n   {pad} |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n",
        pad = " ".repeat(line.to_string().len())
    );
    assert!(text.contains(&expected), "{text}");
}

/// Runs `cargo-seams ARGS` on a pseudo-terminal (util-linux `script`), returning what the
/// terminal showed (stdout and stderr together), or `None` when `script` is not installed.
fn on_a_terminal(project: &Project, args: &str, env: &[(&str, &str)]) -> Option<String> {
    let script = std::process::Command::new("script")
        .arg("--version")
        .output();
    if script.is_err() {
        eprintln!("note: `script` is not installed; the pseudo-terminal colour test is skipped");
        return None;
    }
    let command = format!("'{}' {args}", env!("CARGO_BIN_EXE_cargo-seams"));
    let mut run = std::process::Command::new("script");
    run.args(["-qec", &command, "/dev/null"])
        .current_dir(project.root())
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    for (key, value) in env {
        run.env(key, value);
    }
    let output = run.output().expect("script runs");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn on_a_terminal_reports_and_warnings_are_coloured_unless_no_color() {
    let project = Project::initialised("shop");
    project.append(USERS_SERVICE, "fn broken( {\n");
    let Some(analyze) = on_a_terminal(&project, "analyze --no-progress", &[]) else {
        return;
    };
    assert!(
        analyze.contains("\u{1b}[1mcargo-seams\u{1b}[0m"),
        "{analyze}"
    );
    assert!(
        analyze.contains("\u{1b}[1m\u{1b}[33mwarning[syntax-error]"),
        "the warning label is coloured: {analyze}"
    );
    let check = on_a_terminal(&project, "check --no-progress", &[]).unwrap_or_default();
    assert!(
        check.contains("\u{1b}[1m\u{1b}[31merror[unparsed-file]"),
        "{check}"
    );
    for (args, env) in [
        ("analyze --no-progress", &[("NO_COLOR", "1")][..]),
        ("check --no-progress --color never", &[]),
    ] {
        let plain = on_a_terminal(&project, args, env).unwrap_or_default();
        assert!(
            plain.contains("cargo-seams") || plain.contains("check failed"),
            "{plain}"
        );
        assert!(!plain.contains("\u{1b}["), "{args} {env:?}: {plain}");
    }
}

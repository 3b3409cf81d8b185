//! Issue #11: the promises of `docs/RELIABILITY.md` that are about the process rather than the
//! analysis: closed or full output streams never panic, `-j` is bounded, names from the analysed
//! code never reach a terminal or a CI log with their control characters.

use crate::util::{Scratch, fixture, run};
use std::process::{Command, Stdio};

/// The built binary, as a plain `std` command (assert_cmd cannot hand out `/dev/full`).
fn binary() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin!("cargo-seams"))
}

/// Issue #11, item 9: `eprintln!` panicked (exit 101) when stderr could not be written.
#[cfg(target_os = "linux")]
#[test]
fn a_full_stderr_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let (bad, shop) = (fixture("bad-input"), fixture("shop"));
    let (none, baseline) = (dir.path().join("none"), dir.path().join("b.toml"));
    let cases: Vec<(Vec<&std::ffi::OsStr>, i32)> = vec![
        // Diagnostics on stderr.
        (vec!["analyze".as_ref(), bad.as_os_str()], 0),
        // An error on stderr.
        (vec!["analyze".as_ref(), none.as_os_str()], 2),
        // A note and a "wrote" line.
        (
            vec![
                "check".as_ref(),
                shop.as_os_str(),
                "--write-baseline".as_ref(),
                baseline.as_os_str(),
            ],
            0,
        ),
    ];
    for (args, code) in cases {
        let full = std::fs::File::create("/dev/full").unwrap();
        let out = binary()
            .args(&args)
            .stdout(Stdio::null())
            .stderr(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
}

/// A reader that goes away: the tool ends quietly with exit 0, like ripgrep.
#[test]
fn a_closed_stdout_ends_quietly() {
    let mut child = binary()
        .args(["graph".as_ref(), fixture("shop").as_os_str()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// Issue #11, item 2: every worker reserved a large stack and `-j 8000` took 20 s on the shop.
#[test]
fn jobs_beyond_four_per_core_are_capped_with_a_warning() {
    let started = std::time::Instant::now();
    let shop = fixture("shop");
    let many = run([
        "analyze".as_ref(),
        shop.as_os_str(),
        "-j".as_ref(),
        "100000".as_ref(),
    ]);
    many.assert_code(0);
    assert!(
        many.stderr
            .contains("warning: -j 100000 is more than four threads per core; using -j "),
        "{}",
        many.stderr
    );
    let two = run(["analyze".as_ref(), shop.as_os_str(), "-j2".as_ref()]);
    assert_eq!(many.stdout, two.stdout);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

/// Issue #11, item 8: a file name and a `#[path]` string with terminal controls and a newline
/// came out raw on stderr (a GitHub runner reads `::error` lines there too) and in the text
/// outputs.
#[cfg(unix)]
#[test]
fn control_characters_in_file_names_are_escaped_in_human_outputs() {
    let evil = "x\u{1b}]0;pwned\u{7}\u{1b}[2J\n::error title=owned::y";
    let scratch = Scratch::new(
        "evil",
        &format!(
            "#[path = \"{}.rs\"]\npub mod a;\n#[path = \"gone\\u{{1b}}[2J.rs\"]\npub mod b;\npub fn ok() {{}}\n",
            evil.replace('\n', "\\n")
                .replace('\u{1b}', "\\u{1b}")
                .replace('\u{7}', "\\u{7}")
        ),
    );
    scratch.write(&format!("src/{evil}.rs"), "pub fn f( {\n");
    // A binary's crate name comes from its file name: module ids carry it into every output.
    scratch.write(&format!("src/bin/{evil}.rs"), "fn main() { evil::ok(); }\n");
    for args in [
        vec!["analyze"],
        vec!["explain", "evil"],
        vec!["check", "--format", "github"],
        vec!["check"],
    ] {
        let mut argv: Vec<&std::ffi::OsStr> = vec![args[0].as_ref(), scratch.path().as_os_str()];
        argv.extend(args[1..].iter().map(std::ffi::OsStr::new));
        argv.push("--no-progress".as_ref());
        let r = run(argv);
        for (stream, text) in [("stdout", r.stdout_str()), ("stderr", r.stderr.as_str())] {
            assert!(
                !text.contains('\u{7}') && !text.contains("\u{1b}]") && !text.contains("\u{1b}[2J"),
                "{args:?} {stream} holds raw controls:\n{text}"
            );
            assert!(
                !text.lines().any(|l| l.starts_with("::error title=owned")),
                "{args:?} {stream} holds an injected annotation:\n{text}"
            );
        }
        if args == ["analyze"] {
            assert!(r.stderr.contains("\\u{1b}]0;pwned\\u{7}"), "{}", r.stderr);
        }
    }
}

/// Issue #11, item 10: `name = 5` was reported as a missing name.
#[test]
fn a_package_name_that_is_no_string_says_so() {
    let scratch = Scratch::new("named", "pub fn ok() {}\n");
    scratch.write("Cargo.toml", "[package]\nname = 5\nversion = \"0.1.0\"\n");
    let r = run(["analyze".as_ref(), scratch.path().as_os_str()]);
    r.assert_code(2);
    assert!(
        r.stderr
            .contains("line 2: [package] `name` must be a string (found integer `5`)"),
        "{}",
        r.stderr
    );
}

/// Issue #11, item 10: when no member resolved, the reasons of each member were dropped, and
/// manifest problems had no line.
#[test]
fn a_workspace_without_targets_lists_each_member_problem() {
    let scratch = Scratch::new("ws", "");
    scratch.write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"a\", \"b\", \"c\"]\n",
    );
    scratch.write(
        "a/Cargo.toml",
        "# a comment\n[package]\nversion = \"0.1.0\"\nname = 5\n",
    );
    scratch.write("b/Cargo.toml", "[package\n");
    scratch.write(
        "c/Cargo.toml",
        "[dependencies]\nname = \"x\"\n\n[package]\n",
    );
    let r = run(["analyze".as_ref(), scratch.path().as_os_str()]);
    r.assert_code(2);
    for expected in [
        "has no library or binary target to analyse",
        // The line of the key at fault, not of the first `name` in the file.
        "a/Cargo.toml:4: [package] `name` must be a string",
        // A syntax error has its line and column.
        "b/Cargo.toml:1:9: unclosed table",
        // A missing key: the line of its table.
        "c/Cargo.toml:4: [package] has no `name`",
    ] {
        assert!(r.stderr.contains(expected), "{expected:?} in\n{}", r.stderr);
    }
}

/// Issue #11, item 10: `--exclude '**'` gave an empty report and no word about it.
#[test]
fn excluding_every_crate_root_warns() {
    let shop = fixture("shop");
    let r = run([
        "analyze".as_ref(),
        shop.as_os_str(),
        "--exclude".as_ref(),
        "**".as_ref(),
    ]);
    r.assert_code(0);
    assert!(
        r.stderr
            .contains("warning: every crate root matches an exclude glob (**)"),
        "{}",
        r.stderr
    );
}

/// Issue #11, item 10: a module in a directory that cannot be read was "file not found".
/// Skipped where permissions do not bind (as root).
#[cfg(unix)]
#[test]
fn a_module_in_an_unreadable_directory_is_unreadable_not_missing() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("locked", "pub mod a;\npub fn ok() {}\n");
    scratch.write("src/a/mod.rs", "pub fn f() {}\n");
    let dir = scratch.path().join("src/a");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o000)).unwrap();
    let binding = std::fs::metadata(dir.join("mod.rs")).is_ok();
    let r = run([
        "analyze".as_ref(),
        scratch.path().as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    if binding {
        return; // Root reads everything: nothing to test here.
    }
    r.assert_code(0);
    let json = r.json();
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["unreadable-file"], "{json:#}");
}

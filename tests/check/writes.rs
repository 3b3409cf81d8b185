//! Issue #11, items 5, 6 and 10: every file the tool writes (`-o` reports, `init`'s config,
//! `--write-baseline`) is replaced atomically, never over a file that is not ours without
//! `--force`, never through a dangling symlink, and a bad destination fails before the analysis.

use predicates::str::contains;

use crate::support::Project;

/// The files in the project root whose name starts with a dot and ends in `.tmp` (left-over
/// temporary files).
fn temporaries(project: &Project) -> Vec<String> {
    std::fs::read_dir(project.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_report_is_replaced_by_rename_never_rewritten_in_place() {
    let project = Project::new("shop");
    project
        .seams(&["analyze", "--format", "json", "-o", "report.json"])
        .code(0);
    let old = project.read("report.json");
    // A hard link keeps the old inode: writing in place (truncate, then write) would change it
    // too, and a crash in between would leave a truncated report.
    std::fs::hard_link(
        project.root().join("report.json"),
        project.root().join("old.json"),
    )
    .unwrap();
    project.seams(&["analyze", "-o", "report.json"]).code(0);
    assert_eq!(project.read("old.json"), old);
    assert!(project.read("report.json").starts_with("cargo-seams "));
    assert_eq!(temporaries(&project), Vec::<String>::new());
}

#[test]
fn every_report_format_overwrites_its_own_file() {
    let project = Project::new("shop");
    for args in [
        &["analyze"][..],
        &["analyze", "--format", "json"],
        &["graph"],
        &["graph", "--format", "mermaid"],
        &["graph", "--format", "json"],
        &["explain", ".", "orders"],
        &["explain", ".", "orders", "--format", "json"],
        &["check"],
        &["check", "--format", "json"],
        &["check", "--format", "sarif"],
        &["check", "--format", "github"],
    ] {
        for _ in 0..2 {
            let mut argv = args.to_vec();
            argv.extend(["-o", "out.txt"]);
            project.seams(&argv).code(0);
        }
        std::fs::remove_file(project.root().join("out.txt")).unwrap();
    }
}

#[test]
fn files_that_are_not_ours_are_refused_unless_forced() {
    let project = Project::initialised("shop");
    let config = project.read("seams.toml");
    let manifest = project.read("Cargo.toml");
    for (args, file) in [
        (
            &["check", "--write-baseline", "seams.toml"][..],
            "seams.toml",
        ),
        (&["check", "--write-baseline", "Cargo.toml"], "Cargo.toml"),
        (&["analyze", "-o", "Cargo.toml"], "Cargo.toml"),
        (&["graph", "-o", "src/lib.rs"], "src/lib.rs"),
    ] {
        let before = project.read(file);
        project
            .seams(args)
            .code(2)
            .stderr(contains("refusing to overwrite"))
            .stderr(contains("pass --force"));
        assert_eq!(project.read(file), before, "{args:?}");
    }
    assert_eq!(project.read("seams.toml"), config);
    assert_eq!(project.read("Cargo.toml"), manifest);
    // A baseline is ours: rewriting it needs no --force; --force writes anywhere.
    project
        .seams(&["check", "--write-baseline", "known.toml"])
        .code(0);
    project
        .seams(&["check", "--write-baseline", "known.toml"])
        .code(0);
    project.write("notes.txt", "my notes\n");
    project
        .seams(&["analyze", "-o", "notes.txt", "--force"])
        .code(0);
    assert!(project.read("notes.txt").starts_with("cargo-seams "));
}

#[test]
fn init_never_writes_through_a_dangling_symlink() {
    let project = Project::new("shop");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            project.root().join("elsewhere.toml"),
            project.root().join("seams.toml"),
        )
        .unwrap();
        for args in [&["init"][..], &["init", "--force"]] {
            project
                .seams(args)
                .code(2)
                .stderr(contains("symlink to a missing file"));
            assert!(!project.root().join("elsewhere.toml").exists(), "{args:?}");
        }
    }
}

#[test]
fn a_bad_destination_fails_before_the_analysis() {
    // The analysis of bad-input prints warnings; none may come before the error.
    let project = Project::new("bad-input");
    let run = project
        .seams(&["analyze", "-o", "missing-dir/report.txt"])
        .code(2)
        .stderr(contains("cannot write missing-dir/report.txt"));
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        !stderr.contains("warning["),
        "the analysis ran first:
{stderr}"
    );
    project.write("seams.toml", "[thresholds]\n");
    project
        .seams(&["init"])
        .code(2)
        .stderr(contains("seams.toml already exists; pass --force"));
    assert_eq!(project.read("seams.toml"), "[thresholds]\n");
}

#[cfg(unix)]
#[test]
fn devices_are_written_in_place() {
    let project = Project::new("shop");
    let run = project.seams(&["graph", "-o", "/dev/stdout"]).code(0);
    assert!(String::from_utf8_lossy(&run.get_output().stdout).starts_with("digraph seams {"));
    project.seams(&["analyze", "-o", "/dev/null"]).code(0);
}

//! Stage tests of `discover/manifest.rs`: one package read from its manifest as cargo would,
//! with what it inherits from its workspace.

use super::*;
use std::fs;

/// A workspace in a temp dir: `Cargo.toml` at the root, `app/` a member; returns the dir.
fn workspace(member: &str, files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nmembers = [\"app\"]\n[workspace.package]\nedition = \"2021\"\n\
         [workspace.dependencies]\nshared = { path = \"shared\" }\n",
    )
    .expect("root manifest");
    fs::create_dir_all(root.join("app")).expect("app dir");
    fs::write(root.join("app/Cargo.toml"), member).expect("member manifest");
    for file in files {
        let path = root.join("app").join(file);
        fs::create_dir_all(path.parent().expect("a parent")).expect("dirs");
        fs::write(path, "").expect("file");
    }
    dir
}

fn read(dir: &tempfile::TempDir, opts: &DiscoverOptions) -> Result<Package, PackageProblem> {
    let root = dir.path();
    let root_doc = read_toml(&root.join("Cargo.toml")).expect("root parses");
    let ws = WorkspaceCtx::from_root(root, &root_doc);
    let app = root.join("app");
    let doc = read_toml(&app.join("Cargo.toml")).expect("member parses");
    read_package(root, &app, &doc, &ws, opts)
}

#[test]
fn a_member_inherits_the_edition_and_renames_its_dependencies() {
    let dir = workspace(
        "[package]\nname = \"app\"\nedition.workspace = true\n\
         [dependencies]\ndb = { package = \"app-db\", path = \"../db\" }\nshared = { workspace = true }\nserde = \"1\"\n\
         [lib]\npath = \"src/core.rs\"\n",
        &[
            "src/core.rs",
            "src/main.rs",
            "src/bin/tool.rs",
            "tests/it.rs",
        ],
    );
    let package = read(&dir, &DiscoverOptions::default()).expect("reads");
    assert_eq!(package.name, "app");
    assert_eq!(package.edition, "2021");
    assert_eq!(package.deps.get("db").map(String::as_str), Some("app-db"));
    assert_eq!(package.deps.get("serde").map(String::as_str), Some("serde"));
    assert_eq!(
        package.dep_paths.get("db"),
        Some(&crate::model::path::normalize(&dir.path().join("db")))
    );
    let targets: Vec<(TargetKind, String)> = package
        .targets
        .iter()
        .map(|t| {
            let file = crate::model::path::relative_path(&dir.path().join("app"), &t.root_file);
            (t.kind, file)
        })
        .collect();
    assert!(
        targets.contains(&(TargetKind::Lib, "src/core.rs".to_string())),
        "{targets:?}"
    );
    assert!(
        targets.contains(&(TargetKind::Bin, "src/main.rs".to_string())),
        "{targets:?}"
    );
    assert!(
        targets.contains(&(TargetKind::Bin, "src/bin/tool.rs".to_string())),
        "{targets:?}"
    );
    assert!(
        !targets.iter().any(|(_, f)| f == "tests/it.rs"),
        "tests only with --include-tests: {targets:?}"
    );
    let with_tests = read(
        &dir,
        &DiscoverOptions {
            include_tests: true,
            ..DiscoverOptions::default()
        },
    )
    .expect("reads");
    assert!(
        with_tests
            .targets
            .iter()
            .any(|t| t.root_file.ends_with("tests/it.rs")),
        "{:?}",
        with_tests.targets
    );
}

#[test]
fn a_package_without_a_name_is_a_problem_at_its_key() {
    let dir = workspace("[package]\nversion = \"0.1.0\"\n", &["src/lib.rs"]);
    let problem = read(&dir, &DiscoverOptions::default()).expect_err("no name");
    assert_eq!(problem.message, "[package] has no `name`");
    assert_eq!(problem.at, ("package", ""));
    let dir = workspace("[package]\nname = 7\n", &["src/lib.rs"]);
    let problem = read(&dir, &DiscoverOptions::default()).expect_err("not a string");
    assert_eq!(problem.at, ("package", "name"));
    let dir = workspace("[dependencies]\n", &["src/lib.rs"]);
    assert_eq!(
        read(&dir, &DiscoverOptions::default())
            .expect_err("no [package]")
            .message,
        "no [package] table"
    );
}

#[test]
fn an_edition_not_written_is_2015() {
    let dir = workspace("[package]\nname = \"old\"\n", &["src/lib.rs"]);
    assert_eq!(
        read(&dir, &DiscoverOptions::default())
            .expect("reads")
            .edition,
        "2015"
    );
}

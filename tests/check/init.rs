//! `init`: the written `seams.toml` declares the proposal, loads with the library's loader,
//! and `check` passes on the unchanged code; an existing file is kept unless `--force`.

use predicates::str::contains;

use crate::support::Project;

#[test]
fn init_then_check_passes_on_shop() {
    let project = Project::new("shop");
    project
        .seams(&["init"])
        .code(0)
        .stdout("")
        .stderr(contains("wrote seams.toml: 6 service(s)"));
    let text = project.read("seams.toml");
    for expected in [
        "name = \"orders\"\nmodules = [\"shop::orders::**\"]",
        "[[allow]] # 37 references, weight 32.5\nfrom = \"orders\"\nto = \"inventory\"",
        "shared kernel (libraries every service links): shop::config, shop::error, shop::util::**",
        "max_boundary_weight = 41.0",
        "forbid_undeclared = true",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    let config = cargo_seams::config::load(&project.root().join("seams.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.services.len(), 6);
    assert_eq!(config.allows.len(), 7);
    assert!(config.thresholds.max_boundary_weight.is_some());
    assert!(config.thresholds.max_instability.is_some());
    assert!(config.thresholds.min_modularity.is_some());
    assert_eq!(config.thresholds.max_shared_tables, Some(0));
    assert_eq!(config.thresholds.max_service_cycles, Some(0));
    project
        .seams(&["check"])
        .code(0)
        .stdout("check passed: no violations\n");
}

#[test]
fn init_then_check_passes_on_a_workspace() {
    let project = Project::new("workspace");
    project.seams(&["init", "-q"]).code(0).stderr("");
    let text = project.read("seams.toml");
    assert!(text.contains("\"ws_core::storage::**\""), "{text}");
    assert!(
        text.contains("composition roots (crate roots, wiring): admin, tool,"),
        "{text}"
    );
    cargo_seams::config::load(&project.root().join("seams.toml")).unwrap_or_else(|e| panic!("{e}"));
    project.seams(&["check", "-q"]).code(0);
    for format in ["json", "sarif", "github"] {
        project.seams(&["check", "-q", "--format", format]).code(0);
    }
}

#[test]
fn init_records_analysis_options_and_check_reuses_them() {
    let project = Project::new("shop");
    project
        .seams(&[
            "init",
            "-q",
            "--include-tests",
            "--exclude",
            "src/util/money.rs",
        ])
        .code(0);
    let text = project.read("seams.toml");
    assert!(text.contains("include_tests = true\n"), "{text}");
    assert!(
        text.contains("exclude = [\"src/util/money.rs\"]\n"),
        "{text}"
    );
    // Without the flags, check analyses what init analysed, through [analysis].
    project.seams(&["check", "-q"]).code(0);
}

#[test]
fn init_keeps_an_existing_file_unless_forced() {
    let project = Project::new("shop");
    project.write("seams.toml", "# mine\n");
    project.seams(&["init"]).code(2).stderr(contains(
        "seams.toml already exists; pass --force to overwrite it",
    ));
    assert_eq!(project.read("seams.toml"), "# mine\n");
    project.seams(&["init", "-q", "--force"]).code(0);
    assert!(project.read("seams.toml").contains("[[service]]"));
}

#[test]
fn init_writes_where_config_points_and_check_reads_it_there() {
    let project = Project::new("shop");
    std::fs::create_dir(project.root().join("ci")).unwrap();
    project
        .seams(&["init", "-q", "--config", "ci/seams.toml"])
        .code(0);
    assert!(!project.root().join("seams.toml").exists());
    project
        .seams(&["check", "-q", "--config", "ci/seams.toml"])
        .code(0);
    project
        .seams(&["init", "-o", "x.toml"])
        .code(2)
        .stderr(contains("--config"));
}

#[test]
fn init_on_a_missing_path_is_an_input_error() {
    let project = Project::new("shop");
    project
        .seams(&["init", "no/such/dir"])
        .code(2)
        .stderr(contains("error:"));
}

/// Issue #11, item 7: with `--include-tests`, test targets are crates `NAME[test]`; `init`
/// wrote them into patterns the loader then rejected ("a cargo-seams bug", exit 2).
#[test]
fn init_with_tests_writes_patterns_the_loader_accepts() {
    let project = Project::new("shop");
    std::fs::create_dir_all(project.root().join("tests/helpers")).unwrap();
    project.write(
        "tests/integration.rs",
        "mod helpers;\nuse shop::orders;\n#[test]\nfn t() { helpers::h(); }\n",
    );
    project.write("tests/helpers/mod.rs", "pub fn h() {}\n");
    project.seams(&["init", "--include-tests"]).code(0);
    let text = project.read("seams.toml");
    assert!(text.contains("integration[test]"), "{text}");
    cargo_seams::config::load(&project.root().join("seams.toml")).unwrap_or_else(|e| panic!("{e}"));
    project.seams(&["check"]).code(0);
}

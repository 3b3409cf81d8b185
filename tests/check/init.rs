//! `init`: the written `seams.toml` declares the proposal, loads with the library's loader,
//! and `check` passes on the unchanged code; an existing file is kept unless `--force`.

use predicates::prelude::*;
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
        "[[allow]] # 37 references, weight 34.5\nfrom = \"orders\"\nto = \"inventory\"",
        "shared-kernel (a library every service links, not a service): shop::config, shop::error,\n#     shop::util::**",
        "max_boundary_weight = 44.0",
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
    // `ws_core::storage` is used by no binary (`storage` in ws-api is the renamed ws-store).
    assert!(
        text.contains(
            "unreached (library code no binary of the project reaches, not deployed):\n#     ws_core::storage::**"
        ),
        "{text}"
    );
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
    // `-o FILE` is where init writes, as for every other command's output.
    project
        .seams(&["init", "-q", "-o", "x.toml"])
        .code(0)
        .stdout("");
    project
        .seams(&["check", "-q", "--config", "x.toml"])
        .code(0);
    project
        .seams(&["init", "-o", "y.toml", "--config", "z.toml"])
        .code(2)
        .stderr(contains("-o y.toml and --config z.toml name two"));
}

#[test]
fn init_says_in_the_file_and_on_stderr_what_its_thresholds_accept() {
    let project = Project::new("shop");
    // users comes to depend on orders, which depends on users: a service cycle today.
    project.append(
        crate::support::USERS_SERVICE,
        "\npub fn seams_probe_orders() -> usize { std::mem::size_of::<crate::orders::model::Order>() }\n",
    );
    project
        .seams(&["init"])
        .code(0)
        .stderr(contains(
            "warning: today's code has 1 service cycle ({orders, users}): services in a cycle cannot be extracted one at a time",
        ));
    let text = project.read("seams.toml");
    assert!(
        text.contains("# WARNING: today's code has 1 service cycle ({orders, users})"),
        "{text}"
    );
    assert!(text.contains("\nmax_service_cycles = 1\n"), "{text}");
    // With the one reference that closes the loop: removing it ends the cycle.
    assert!(
        text.replace("\n# ", " ")
            .contains("the fewest references to remove: users → orders (1)."),
        "{text}"
    );
    project.seams(&["check"]).code(0);
}

#[test]
fn init_update_refreshes_services_allows_and_thresholds_and_keeps_the_rest() {
    let project = Project::initialised("shop");
    // A team's edits: a renamed service, a comment, a tightened threshold, its own rules.
    let text = project
        .read("seams.toml")
        .replace("\"users\"", "\"accounts\"")
        .replace(
            "modules = [\"shop::catalog::**\"]",
            "modules = [\"shop::catalog::**\"] # the storefront",
        );
    project.write("seams.toml", &text);
    project.set_config_key("max_boundary_weight", "30.0 # tightened by hand");
    project.append(
        "seams.toml",
        "\n# our rules\n[rules]\nunused-allow = \"error\"\n",
    );
    project.seams(&["check"]).code(1);
    // The code changes: users now uses catalog.
    project.append(
        crate::support::USERS_SERVICE,
        crate::support::USERS_USE_CATALOG,
    );
    let before = project.read("seams.toml");
    project
        .seams(&["init", "--update"])
        .code(0)
        .stderr(contains("updated seams.toml"));
    let after = project.read("seams.toml");
    assert!(
        after.contains("name = \"accounts\""),
        "names carry over:\n{after}"
    );
    assert!(!after.contains("name = \"users\""), "{after}");
    assert!(after.contains("modules = [\"shop::catalog::**\"] # the storefront"));
    assert!(after.contains("# our rules\n[rules]\nunused-allow = \"error\"\n"));
    assert!(after.contains("# tightened by hand"), "{after}");
    assert!(
        !after.contains("max_boundary_weight = 30.0"),
        "refreshed: {after}"
    );
    assert!(
        after
            .contains("[[allow]] # 1 reference, weight 1\nfrom = \"accounts\"\nto = \"catalog\"\n"),
        "the new dependency is allowed:\n{after}"
    );
    // Everything else is as it was: the header comment, [analysis], the other comments.
    let head = |t: &str| t.lines().take(25).collect::<Vec<_>>().join("\n");
    assert_eq!(head(&before), head(&after));
    project.seams(&["check"]).code(0);
    // An update of a file that does not exist, or is not a valid config, is an error.
    project
        .seams(&["init", "--update", "--config", "nope.toml"])
        .code(2)
        .stderr(contains("--update: cannot read nope.toml"));
}

/// What `init` notes about the code (the count on each header line, the warnings and the list
/// of what no service declares) is refreshed by `--update` with the tables it describes; a note
/// of the team's own on a header line is kept.
#[test]
fn init_update_refreshes_the_notes_on_the_code_and_keeps_the_teams() {
    let project = Project::initialised("shop");
    let text = project.read("seams.toml").replacen(
        "[[service]] # 7 modules\nname = \"catalog\"",
        "[[service]] # the storefront team\nname = \"catalog\"",
        1,
    );
    project.write("seams.toml", &text);
    assert!(
        text.contains("[[service]] # 8 modules\nname = \"orders\""),
        "{text}"
    );
    assert!(!text.contains("WARNING"), "{text}");
    // orders gains a module, and users comes to depend on orders: a cycle today.
    project.write(
        "src/orders/returns.rs",
        "//! Returns.\npub fn window_days() -> u32 { 30 }\n",
    );
    let orders = project.read("src/orders/mod.rs").replace(
        "pub mod repository;",
        "pub mod repository;\npub mod returns;",
    );
    project.write("src/orders/mod.rs", &orders);
    project.append(
        crate::support::USERS_SERVICE,
        "\npub fn seams_probe_orders() -> usize { std::mem::size_of::<crate::orders::model::Order>() }\n",
    );
    project.seams(&["init", "--update"]).code(0);
    let after = project.read("seams.toml");
    assert!(
        after.contains("[[service]] # 9 modules\nname = \"orders\""),
        "{after}"
    );
    assert!(
        after.contains("[[service]] # the storefront team\nname = \"catalog\""),
        "{after}"
    );
    let warning = "# WARNING: today's code has 1 service cycle ({orders, users})";
    let list = "# Not declared below, so no rule judges them";
    let (w, l) = (after.find(warning), after.find(list));
    assert!(
        w.is_some() && w < l,
        "the warning comes above the list:\n{after}"
    );
    assert_eq!(after.matches(list).count(), 1, "{after}");
    project.seams(&["check"]).code(0);
    // The cycle broken again: the warning goes, the list stays, once.
    let users = project.read(crate::support::USERS_SERVICE).replace(
        "\npub fn seams_probe_orders() -> usize { std::mem::size_of::<crate::orders::model::Order>() }\n",
        "",
    );
    project.write(crate::support::USERS_SERVICE, &users);
    project.seams(&["init", "--update"]).code(0);
    let last = project.read("seams.toml");
    assert!(!last.contains("WARNING"), "{last}");
    assert_eq!(last.matches(list).count(), 1, "{last}");
    let head = |t: &str| t.lines().take(15).collect::<Vec<_>>().join("\n");
    assert_eq!(head(&text), head(&last), "the header is as init wrote it");
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

#[test]
fn init_over_a_file_that_does_not_parse_says_check_will_fail_on_it() {
    let project = Project::new("shop");
    project.append(crate::support::USERS_SERVICE, "fn broken( {\n");
    project
        .seams(&["init"])
        .code(0)
        .stderr(contains(
            "warning: 1 file(s) could not be read or parsed (see above): `cargo seams check` fails on them (rule unparsed-file)",
        ))
        .stderr(contains("passes on this code").not());
    project
        .seams(&["check"])
        .code(1)
        .stdout(contains("error[unparsed-file]"));
}

#[test]
fn init_update_declared_keeps_a_module_moved_by_hand_where_plain_update_puts_it_back() {
    let project = Project::initialised("shop");
    // A team's edit: the kernel's session guard belongs to the users service.
    let text = project.read("seams.toml").replace(
        "modules = [\"shop::users::**\"]",
        "modules = [\"shop::users::**\", \"shop::util::guard\"]",
    );
    assert!(text.contains("shop::util::guard\"]"), "{text}");
    project.write("seams.toml", &text);

    project
        .seams(&["init", "--update", "--declared"])
        .code(0)
        .stderr(contains("updated seams.toml"));
    let kept = project.read("seams.toml");
    let config = cargo_seams::config::load(&project.root().join("seams.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        config.service_of("shop::util::guard"),
        vec!["users"],
        "kept:\n{kept}"
    );
    assert_eq!(config.service_of("shop::users::auth"), vec!["users"]);
    assert_eq!(config.services.len(), 6, "{kept}");
    project.seams(&["check"]).code(0);

    // Without --declared the file is refreshed from a fresh proposal: the guard is the
    // kernel's again.
    project.seams(&["init", "--update"]).code(0);
    let config = cargo_seams::config::load(&project.root().join("seams.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(config.service_of("shop::util::guard").is_empty());

    // --declared needs --update.
    project
        .seams(&["init", "--declared", "--force"])
        .code(2)
        .stderr(contains("--update"));
}

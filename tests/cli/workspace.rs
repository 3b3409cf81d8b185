//! The `fixtures/workspace` module graph against its `EXPECTED.md`: crates, the exact module
//! list with files and lines, every edge that must exist (with its kinds), every edge that must
//! not, the diagnostics, and `--include-tests`. Module resolution is Linux's (`cfg(unix)` on).

use crate::util::{Report, analyze_fixture, assert_edge_kinds, fixture, run, str_of};

fn workspace() -> Report {
    analyze_fixture("workspace", &[])
}

/// `(name, package, kind, root_file, edition)`, sorted by name, as EXPECTED.md lists them.
const CRATES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "admin",
        "ws-api",
        "bin",
        "crates/api/src/bin/admin.rs",
        "2021",
    ),
    (
        "tool",
        "ws-api",
        "bin",
        "crates/api/src/bin/tool/main.rs",
        "2021",
    ),
    ("ws_api", "ws-api", "lib", "crates/api/src/lib.rs", "2021"),
    (
        "ws_api[bin]",
        "ws-api",
        "bin",
        "crates/api/src/main.rs",
        "2021",
    ),
    (
        "ws_core",
        "ws-core",
        "lib",
        "crates/core/src/lib.rs",
        "2021",
    ),
    (
        "ws_store",
        "ws-store",
        "lib",
        "crates/store/src/store_lib.rs",
        "2021",
    ),
];

fn crate_rows(report: &Report) -> Vec<(String, String, String, String, String)> {
    report
        .crates()
        .iter()
        .map(|c| {
            let f = |k| str_of(c, k).to_owned();
            (
                f("name"),
                f("package"),
                f("kind"),
                f("root_file"),
                f("edition"),
            )
        })
        .collect()
}

fn expected_crate_rows() -> Vec<(String, String, String, String, String)> {
    CRATES
        .iter()
        .map(|&(a, b, c, d, e)| (a.into(), b.into(), c.into(), d.into(), e.into()))
        .collect()
}

#[test]
fn workspace_crates_are_exactly_the_six_members_targets() {
    let mut have = crate_rows(&workspace());
    have.sort();
    assert_eq!(have, expected_crate_rows());
}

#[test]
fn workspace_crates_are_sorted_by_name() {
    assert_eq!(crate_rows(&workspace()), expected_crate_rows());
}

/// `(id, file, line)` in byte-wise order, as EXPECTED.md lists them.
const MODULES: &[(&str, &str, u64)] = &[
    ("admin", "crates/api/src/bin/admin.rs", 1),
    ("tool", "crates/api/src/bin/tool/main.rs", 1),
    ("tool::helpers", "crates/api/src/bin/tool/helpers.rs", 1),
    ("ws_api", "crates/api/src/lib.rs", 1),
    ("ws_api::handlers", "crates/api/src/handlers.rs", 1),
    ("ws_api::routes", "crates/api/src/routes.rs", 1),
    ("ws_api::state", "crates/api/src/state.rs", 1),
    ("ws_api[bin]", "crates/api/src/main.rs", 1),
    ("ws_api[bin]::cli", "crates/api/src/cli.rs", 1),
    ("ws_core", "crates/core/src/lib.rs", 1),
    ("ws_core::extra", "crates/core/src/extra.rs", 1),
    ("ws_core::inline_helpers", "crates/core/src/lib.rs", 41),
    (
        "ws_core::inline_helpers::deep",
        "crates/core/src/inline_helpers/deep.rs",
        1,
    ),
    (
        "ws_core::inline_helpers::other",
        "crates/core/src/inline_helpers/other.rs",
        1,
    ),
    ("ws_core::model", "crates/core/src/model.rs", 1),
    ("ws_core::model::user", "crates/core/src/model/user.rs", 1),
    (
        "ws_core::storage",
        "crates/core/src/impl/storage_impl.rs",
        1,
    ),
    (
        "ws_core::storage::backend",
        "crates/core/src/impl/backend.rs",
        1,
    ),
    ("ws_core::unix_impl", "crates/core/src/unix_impl.rs", 1),
    ("ws_store", "crates/store/src/store_lib.rs", 1),
    ("ws_store::db", "crates/store/src/db.rs", 1),
    (
        "ws_store::migrations",
        "crates/store/src/migrations/mod.rs",
        1,
    ),
];

#[test]
fn workspace_modules_are_exactly_the_expected_22_with_files_and_lines() {
    let report = workspace();
    let have: Vec<(&str, &str, u64)> = report
        .modules()
        .iter()
        .map(|m| {
            (
                str_of(m, "id"),
                str_of(m, "file"),
                m["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(have, MODULES);
}

#[test]
fn workspace_modules_belong_to_the_crate_their_id_starts_with() {
    let report = workspace();
    for m in report.modules() {
        let id = str_of(m, "id");
        let krate = id.split("::").next().unwrap();
        assert_eq!(str_of(m, "crate"), krate, "crate of module {id}");
    }
}

/// Every "must exist" edge of EXPECTED.md with the kinds it lists.
const MUST_EXIST: &[(&str, &str, &[&str])] = &[
    // Re-exports and renames across crates.
    (
        "ws_api::handlers",
        "ws_core::model::user",
        &["use", "type", "call"],
    ),
    (
        "ws_api::handlers",
        "ws_core::model",
        &["use", "type", "call"],
    ),
    (
        "ws_api::handlers",
        "ws_core::inline_helpers::deep",
        &["call"],
    ),
    (
        "ws_api::handlers",
        "ws_core::inline_helpers::other",
        &["call"],
    ),
    ("ws_api::handlers", "ws_core::inline_helpers", &["call"]),
    ("ws_api::handlers", "ws_api::state", &["use", "type"]),
    ("ws_api::routes", "ws_core::model", &["use", "type", "call"]),
    ("ws_api::routes", "ws_api::handlers", &["use", "call"]),
    ("ws_api::routes", "ws_api::state", &["use", "type"]),
    ("ws_api::state", "ws_store::db", &["use", "contain"]),
    ("ws_api::state", "ws_store", &["call"]),
    (
        "ws_api::state",
        "ws_core::extra",
        &["use", "contain", "call"],
    ),
    // Binaries.
    ("ws_api[bin]", "ws_api[bin]::cli", &["call"]),
    ("ws_api[bin]", "ws_api::routes", &["use", "call"]),
    ("ws_api[bin]", "ws_api::state", &["use", "call"]),
    ("admin", "ws_api::handlers", &["use", "call"]),
    ("admin", "ws_api::state", &["use", "call"]),
    ("admin", "ws_core::model", &["use", "call"]),
    ("admin", "ws_core::model::user", &["use", "call"]),
    ("tool", "tool::helpers", &["call"]),
    ("tool", "ws_store::migrations", &["use"]),
    ("tool", "ws_store", &["call"]),
    // Inside ws_store and ws_core.
    ("ws_store::db", "ws_core::model::user", &["use", "type"]),
    ("ws_store::db", "ws_core::model", &["use", "call"]),
    ("ws_store", "ws_store::db", &["use", "call"]),
    ("ws_store", "ws_store::migrations", &["call"]),
    ("ws_store::migrations", "ws_store::db", &["use", "type"]),
    ("ws_core", "ws_core::model::user", &["use"]),
    ("ws_core", "ws_core::model", &["use"]),
    ("ws_core", "ws_core::inline_helpers", &["use"]),
    ("ws_core", "ws_core::inline_helpers::deep", &["use"]),
    ("ws_core", "ws_core::inline_helpers::other", &["use"]),
    ("ws_core", "ws_core::unix_impl", &["use"]),
    (
        "ws_core::inline_helpers",
        "ws_core::inline_helpers::deep",
        &["use", "call"],
    ),
    (
        "ws_core::inline_helpers",
        "ws_core::inline_helpers::other",
        &["use", "call"],
    ),
    (
        "ws_core::model::user",
        "ws_core::model",
        &["use", "type", "call"],
    ),
    ("ws_core::storage", "ws_core::model::user", &["use", "call"]),
    (
        "ws_core::storage",
        "ws_core::storage::backend",
        &["use", "contain", "call"],
    ),
    ("ws_core::storage", "ws_core::unix_impl", &["call"]),
    ("ws_core::extra", "ws_core::model::user", &["use", "type"]),
];

#[test]
fn workspace_every_expected_edge_exists_with_its_kinds() {
    let report = workspace();
    for &(from, to, kinds) in MUST_EXIST {
        assert_edge_kinds(&report, from, to, kinds);
    }
}

#[test]
fn workspace_edge_counts_and_weights_are_consistent() {
    let report = workspace();
    for e in report.dependencies() {
        let sum: u64 = e["kinds"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(
            e["count"].as_u64(),
            Some(sum),
            "count is the sum of kinds: {e}"
        );
        assert!(e["weight"].as_f64().unwrap() > 0.0, "positive weight: {e}");
        assert_ne!(e["from"], e["to"], "no self edge: {e}");
        for end in ["from", "to"] {
            assert!(
                report.find_module(str_of(e, end)).is_some(),
                "edge end is a module: {e}"
            );
        }
    }
}

#[test]
fn workspace_nothing_depends_on_the_core_root() {
    let report = workspace();
    let into_root: Vec<_> = report
        .edge_pairs()
        .into_iter()
        .filter(|(_, to)| to == "ws_core")
        .collect();
    assert!(
        into_root.is_empty(),
        "paths through the root must resolve to the defining module: {into_root:?}"
    );
}

#[test]
fn workspace_renamed_storage_crate_is_not_ws_core_storage() {
    let report = workspace();
    for (from, to) in report.edge_pairs() {
        let krate = from.split("::").next().unwrap();
        if ["ws_api", "ws_api[bin]", "admin", "tool"].contains(&krate) {
            assert_ne!(
                to, "ws_core::storage",
                "{from} -> {to}: `storage` in ws-api is ws-store"
            );
        }
    }
}

/// No binary reaches `ws_core::storage` (ws-api's `storage` is ws-store), while they do use
/// ws-core's other modules: the proposal sets it apart as library code the application does
/// not run, instead of offering it as a service.
#[test]
fn workspace_core_storage_no_binary_reaches_is_set_apart_as_unreached() {
    let report = workspace();
    let groups = report.json["services"].as_array().expect("services");
    let modules_of = |role: &str| -> Vec<&str> {
        groups
            .iter()
            .filter(|s| s["role"] == role)
            .flat_map(|s| s["modules"].as_array().expect("modules").iter())
            .filter_map(|m| m.as_str())
            .collect()
    };
    assert_eq!(
        modules_of("unreached"),
        ["ws_core::storage", "ws_core::storage::backend"]
    );
    let services = modules_of("service");
    assert!(services.contains(&"ws_core::model::user"), "{services:?}");
    // The headline says where they went.
    let run = run([
        "analyze".as_ref(),
        fixture("workspace").as_os_str(),
        "--color".as_ref(),
        "never".as_ref(),
    ]);
    run.assert_code(0);
    let headline = run.stdout_str().lines().next().unwrap_or_default();
    assert!(
        headline.ends_with("→ 4 services; 2 modules no binary reaches set apart"),
        "{headline}"
    );
}

#[test]
fn workspace_inactive_excluded_and_orphan_files_are_not_modules() {
    let report = workspace();
    for absent in [
        "ws_core::other_impl",
        "ws_core::win",
        "ws_core::tests",
        "ws_core::orphan",
        "ws_api::cli",
        "ws_api[bin]::routes",
    ] {
        assert!(
            report.find_module(absent).is_none(),
            "module {absent} must not exist"
        );
        for (from, to) in report.edge_pairs() {
            assert!(
                from != absent && to != absent,
                "edge {from} -> {to} mentions {absent}"
            );
        }
    }
}

#[test]
fn workspace_excluded_member_is_never_mentioned() {
    let run = run([
        "analyze".as_ref(),
        fixture("workspace").as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    run.assert_code(0);
    for needle in ["crates/ignored", "ws_ignored", "ws-ignored"] {
        assert!(
            !run.stdout_str().contains(needle),
            "stdout mentions {needle}"
        );
        assert!(!run.stderr.contains(needle), "stderr mentions {needle}");
    }
}

#[test]
fn workspace_only_diagnostic_is_the_orphan() {
    assert_eq!(
        workspace().diagnostic_keys(),
        [(
            "orphan-file".to_owned(),
            "crates/core/src/orphan.rs".to_owned(),
            0
        )]
    );
}

#[test]
fn workspace_include_tests_adds_exactly_the_core_tests_module() {
    let report = analyze_fixture("workspace", &["--include-tests"]);
    let m = report.module("ws_core::tests");
    assert_eq!(str_of(m, "file"), "crates/core/src/tests.rs");
    assert_eq!(str_of(m, "crate"), "ws_core");
    let mut expected: Vec<&str> = MODULES.iter().map(|m| m.0).collect();
    expected.push("ws_core::tests");
    expected.sort_unstable();
    assert_eq!(report.module_ids(), expected);
    assert_eq!(
        report.diagnostic_keys(),
        [(
            "orphan-file".to_owned(),
            "crates/core/src/orphan.rs".to_owned(),
            0
        )]
    );
}

//! Tests of what is set apart before clustering and how it is named: a package of request and
//! response types (and the per-domain modules of one), test support (and test-named modules
//! shipped code uses), and the schema namespace a service's name drops.

use super::*;

/// A library crate of its own package (`shop-api` → crate `shop_api`).
fn lib(name: &str) -> CrateInfo {
    CrateInfo {
        name: name.replace('-', "_"),
        package: name.into(),
        kind: "lib".into(),
        root_file: format!("{name}/src/lib.rs"),
        edition: "2021".into(),
    }
}

/// A module of crate `krate` defining one item.
fn module(id: &str, krate: usize, parent: Option<usize>) -> Module {
    Module {
        id: id.into(),
        krate,
        parent,
        items: 1,
        ..Module::default()
    }
}

#[test]
fn a_package_of_types_that_several_packages_use_is_the_contract() {
    let mut p = Program {
        crates: vec![lib("shop-api"), lib("shop-orders"), lib("shop-users")],
        modules: vec![
            module("shop_api", 0, None),
            module("shop_orders", 1, None),
            module("shop_users", 2, None),
        ],
        ..Program::default()
    };
    p.items = vec![
        item(&p, 0, "OrderDto", ItemKind::Struct),
        item(&p, 1, "place", ItemKind::Fn),
        item(&p, 2, "register", ItemKind::Fn),
    ];
    let graph = ModuleGraph {
        dependencies: vec![dep(1, 0, 1.0), dep(2, 0, 1.0)],
    };
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    // The whole package is the contract, its root included; the packages using it are code.
    assert_eq!(c.place[0], Place::Apart(Role::ApiTypes));
    assert_eq!(c.place[1], Place::Cluster);
    p.modules.push(Module {
        items: 2,
        ..module("shop_api::dto", 0, Some(0))
    });
    p.modules.push(module("shop_orders::place", 1, Some(1)));
    p.items.push(item(&p, 3, "UserDto", ItemKind::Struct));
    p.items.push(item(&p, 4, "handle", ItemKind::Fn));
    let graph = ModuleGraph {
        dependencies: vec![dep(1, 0, 1.0), dep(2, 3, 1.0), dep(4, 3, 1.0)],
    };
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    assert_eq!(c.place[3], Place::Apart(Role::ApiTypes));
    assert_eq!(c.place[4], Place::Cluster);
    // With a function of its own, the package is code, not a contract.
    p.items.push(item(&p, 3, "validate", ItemKind::Fn));
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    assert_eq!(c.place[3], Place::Cluster);
    assert_eq!(c.place[0], Place::Root);
    // A package of error types is infrastructure, not a contract.
    p.items.pop();
    p.crates[0].package = "shop-error".into();
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    assert_ne!(c.place[3], Place::Apart(Role::ApiTypes));
}

#[test]
fn a_contract_laid_out_by_domain_goes_with_its_domains() {
    let mut p = Program {
        crates: vec![lib("shop-types"), lib("shop-ledger"), lib("shop-users")],
        modules: vec![
            module("shop_types", 0, None),            // 0
            module("shop_types::orders", 0, Some(0)), // 1: mirrors `shop_ledger::order`
            module("shop_types::money", 0, Some(0)),  // 2: everyone's
            module("shop_ledger", 1, None),           // 3
            module("shop_ledger::order", 1, Some(3)), // 4
            module("shop_users", 2, None),            // 5
        ],
        ..Program::default()
    };
    p.items = vec![
        item(&p, 1, "OrderValues", ItemKind::Struct),
        item(&p, 2, "Money", ItemKind::Struct),
        item(&p, 3, "ledger", ItemKind::Fn),
        item(&p, 4, "place", ItemKind::Fn),
        item(&p, 5, "register", ItemKind::Fn),
    ];
    let graph = ModuleGraph {
        dependencies: vec![
            dep(4, 1, 1.0),
            dep(4, 2, 1.0),
            dep(5, 2, 1.0),
            dep(5, 0, 1.0),
        ],
    };
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    // The order types are the order domain's own: clustered, they go where orders go.
    assert_eq!(c.place[1], Place::Cluster);
    // Money names no domain of the code using it: the shared contract.
    assert_eq!(c.place[2], Place::Apart(Role::ApiTypes));
    assert_eq!(c.place[0], Place::Apart(Role::ApiTypes));
    assert_eq!(c.place[4], Place::Cluster);
}

#[test]
fn a_test_named_module_that_shipped_code_uses_is_production_code() {
    let p = program(&[
        ("app", None, 0),                            // 0
        ("app::runner", Some(0), 2),                 // 1
        ("app::test_group", Some(0), 2),             // 2: a test runner's domain word
        ("app::test_helpers", Some(0), 2),           // 3: used by tests only
        ("app::test_helpers::fixtures", Some(3), 1), // 4
        ("app::mock_clock", Some(0), 1),             // 5: used by test_group, itself shipped
    ]);
    let graph = ModuleGraph {
        dependencies: vec![
            dep(1, 2, 1.0),
            dep(2, 5, 1.0),
            dep(3, 4, 1.0),
            dep(4, 1, 1.0),
            // A crate root's re-export is no use.
            dep(0, 3, 1.0),
        ],
    };
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    assert_eq!(c.place[2], Place::Cluster);
    assert_eq!(c.place[5], Place::Cluster);
    assert_eq!(c.place[3], Place::Apart(Role::TestSupport));
    assert_eq!(c.place[4], Place::Apart(Role::TestSupport));
    // Named as test support alone (`test_utils`, `testing_impl`), it stays apart even when
    // shipped code reaches it: a simulation harness inside the library.
    let mut r = p.clone();
    r.modules[2].id = "app::test_utils".into();
    let c = classify(&r, &graph, &DataGraph::default(), &Tuning::default());
    assert_eq!(c.place[2], Place::Apart(Role::TestSupport));
    // A binary's `main` calling into a module is a use (mcfly types the chosen command back
    // through its `fake_typer`); a `use` alone is not.
    let mut typer = p.clone();
    typer.modules[3].id = "app::fake_typer".into();
    let c = classify(&typer, &graph, &DataGraph::default(), &Tuning::default());
    assert_eq!(c.place[3], Place::Apart(Role::TestSupport));
    let mut calls = graph.clone();
    calls.dependencies[4].kinds = [(EdgeKind::Use, 1), (EdgeKind::Call, 2)]
        .into_iter()
        .collect();
    let c = classify(&typer, &calls, &DataGraph::default(), &Tuning::default());
    assert_eq!(c.place[3], Place::Cluster);
    // A package of test support stays apart whoever uses it.
    let mut q = p.clone();
    q.crates[0].package = "app-test-utils".into();
    let c = classify(&q, &graph, &DataGraph::default(), &Tuning::default());
    assert_eq!(c.place[2], Place::Apart(Role::TestSupport));
}

#[test]
fn an_applications_test_folder_that_shipped_code_runs_is_a_feature() {
    let mut p = program(&[
        ("app", None, 0),                            // 0
        ("app::tools", Some(0), 0),                  // 1: one module per command
        ("app::tools::test", Some(1), 2),            // 2: `app test` runs the user's tests
        ("app::tools::test::reporters", Some(2), 2), // 3
        ("app::syscall", Some(0), 2),                // 4
        ("app::syscall::test", Some(4), 2),          // 5: a test double the code selects
    ]);
    p.crates[0].kind = "bin".into();
    let calls = |from, to| {
        let mut d = dep(from, to, 1.0);
        d.kinds = [(EdgeKind::Call, 1)].into_iter().collect();
        d
    };
    let graph = ModuleGraph {
        dependencies: vec![calls(0, 2), calls(2, 3), calls(4, 5)],
    };
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    assert_eq!(c.place[2], Place::Cluster);
    assert_eq!(c.place[3], Place::Cluster);
    assert_eq!(c.place[5], Place::Apart(Role::TestSupport));
    // In a library, the same folder is test support the library ships (a harness).
    p.crates[0].kind = "lib".into();
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    assert_eq!(c.place[2], Place::Apart(Role::TestSupport));
    assert_eq!(c.place[3], Place::Apart(Role::TestSupport));
}

#[test]
fn a_prefix_every_table_carries_names_no_service() {
    let p = program(&[
        ("app", None, 0),          // 0
        ("app::db", Some(0), 1),   // 1
        ("app::repo", Some(0), 1), // 2
        ("app::dto", Some(0), 1),  // 3
    ]);
    let data = DataGraph {
        nodes: vec![
            table("cala_account_sets", &[(1, 0, 2)]),
            table("cala_journals", &[(2, 0, 2)]),
            table("cala_balances", &[(3, 0, 2)]),
        ],
        ..DataGraph::default()
    };
    let terms = Vocabulary::build(&p, &data, &[1, 2, 3], &BTreeSet::new());
    let mut services: Vec<ServiceCandidate> = (1..4)
        .map(|m| ServiceCandidate {
            name: String::new(),
            modules: vec![m],
            role: Role::Service,
        })
        .collect();
    naming::name_services(&p, &data, &terms, &mut services);
    let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    // `cala_` is the schema's namespace: the tables' own words name the services.
    assert_eq!(names, ["account-sets", "journals", "balances"]);
}

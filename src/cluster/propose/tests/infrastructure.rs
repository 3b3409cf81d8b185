//! Tests of the roles read from what a module is for: storage-engine adapters, wiring (a router
//! that defines its handlers' state, a command dispatcher, a module of imports), and the
//! private parts of middleware and configuration directories.

use super::*;

#[test]
fn a_storage_engine_adapter_is_kernel_unless_it_writes_the_tables() {
    let p = program(&[
        ("app", None, 0),                  // 0
        ("app::repo", Some(0), 1),         // 1
        ("app::repo::sled", Some(1), 2),   // 2
        ("app::repo::sqlite", Some(1), 2), // 3
        ("app::orders", Some(0), 2),       // 4
        ("app::s3", Some(0), 2),           // 5
    ]);
    let graph = ModuleGraph {
        dependencies: vec![
            dep(4, 1, 1.0),
            dep(2, 1, 1.0),
            dep(3, 1, 1.0),
            dep(0, 2, 1.0),
            dep(0, 3, 1.0),
            dep(4, 5, 1.0),
        ],
    };
    // The SQLite backend holds the SQL: it owns the tables, the domains are drawn around it.
    let data = DataGraph {
        nodes: vec![table("orders", &[(3, 0, 2)])],
        ..DataGraph::default()
    };
    let c = classify(&p, &graph, &data, &Tuning::default());
    assert_eq!(
        c.place[2],
        Place::Apart(Role::SharedKernel),
        "{:?}",
        c.reason[2]
    );
    assert_eq!(c.place[3], Place::Cluster, "{:?}", c.reason[3]);
    // S3 is the API an object store serves, not an engine it stores in.
    assert_eq!(c.place[5], Place::Cluster, "{:?}", c.reason[5]);
}

#[test]
fn a_router_defining_its_handlers_state_is_a_composition_root() {
    let mut p = application(&[
        ("app", None, 0),                      // 0
        ("app::router", Some(0), 2),           // 1
        ("app::handlers", Some(0), 0),         // 2
        ("app::handlers::users", Some(2), 2),  // 3
        ("app::handlers::orders", Some(2), 2), // 4
        ("app::billing", Some(0), 2),          // 5
        ("app::routes", Some(0), 2),           // 6
    ]);
    p.items = vec![
        item(&p, 1, "AppState", ItemKind::Struct),
        item(&p, 6, "Paths", ItemKind::Struct),
    ];
    let graph = ModuleGraph {
        dependencies: vec![
            // The router registers the handlers; they take its `AppState`.
            dep(1, 3, 2.0),
            dep(1, 4, 2.0),
            dep(1, 5, 1.0),
            dep(3, 1, 1.0),
            dep(4, 1, 1.0),
            dep(0, 1, 1.0),
            // `routes` is used by `billing`, which it does not register.
            dep(6, 3, 1.0),
            dep(6, 4, 1.0),
            dep(5, 6, 1.0),
        ],
    };
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    assert_eq!(c.place[1], Place::Root, "{:?}", c.reason[1]);
    assert!(
        c.reason[1]
            .as_deref()
            .is_some_and(|r| r.contains("registers"))
    );
    assert_eq!(c.place[3], Place::Cluster);
    assert_eq!(c.place[6], Place::Cluster, "{:?}", c.reason[6]);
}

/// The state a web framework hands the handlers of three modules or more (`State<AppState>`),
/// defined in a module named for it, is the application's: wiring the root builds, in an
/// application. A feature's own state handed to two handlers, a domain type handed to three
/// (`Mint`), and a library's state stay clustered.
#[test]
fn the_state_a_web_framework_hands_the_handlers_is_wiring() {
    let spec = [
        ("app", None, 0),                  // 0
        ("app::state", Some(0), 1),        // 1
        ("app::users", Some(0), 2),        // 2
        ("app::orders", Some(0), 2),       // 3
        ("app::billing", Some(0), 2),      // 4
        ("app::auth", Some(0), 0),         // 5
        ("app::auth::state", Some(5), 1),  // 6
        ("app::auth::login", Some(5), 2),  // 7
        ("app::auth::logout", Some(5), 2), // 8
        ("app::mint", Some(0), 1),         // 9
    ];
    let [(p, c), (lib, lib_c)] = as_app_and_lib(&spec, |p| {
        p.items = vec![
            item(p, 1, "AppState", ItemKind::Struct),
            item(p, 6, "AuthState", ItemKind::Struct),
            item(p, 9, "Mint", ItemKind::Struct),
        ];
        let handed = |from: ModuleIdx, to: ModuleIdx, item: usize| Reference {
            from,
            to,
            item: Some(item),
            kind: EdgeKind::State,
            access: Access::Read,
            location: Location {
                file: String::new(),
                line: 1,
                column: 0,
            },
        };
        p.references = vec![
            handed(2, 1, 0),
            handed(3, 1, 0),
            handed(4, 1, 0),
            handed(7, 6, 1),
            handed(8, 6, 1),
            handed(2, 9, 2),
            handed(3, 9, 2),
            handed(4, 9, 2),
        ];
        let mut deps = Vec::new();
        for from in [2, 3, 4] {
            deps.extend([dep(from, 1, 1.0), dep(from, 9, 1.0)]);
        }
        deps.extend([dep(7, 6, 1.0), dep(8, 6, 1.0), dep(0, 1, 1.0)]);
        ModuleGraph { dependencies: deps }
    });
    assert_eq!(c.place[1], Place::Root, "{:?}", c.reason[1]);
    assert!(
        c.reason[1]
            .as_deref()
            .is_some_and(|r| r.contains("`AppState`") && r.contains("3 modules of handlers"))
    );
    assert_placed(&p, &c, &[6, 9], Place::Cluster);
    assert_placed(&lib, &lib_c, &[1], Place::Cluster);
}

/// Cut by layers, a router reaches one other area (`application`), but the handlers and
/// services it registers are named after three domains: it is wiring. A domain's `routes`,
/// using its own handlers and service, is not.
#[test]
fn a_router_over_the_domains_of_a_layered_app_is_a_composition_root() {
    let p = application(&[
        ("app", None, 0),                                  // 0
        ("app::web", Some(0), 0),                          // 1
        ("app::web::router", Some(1), 2),                  // 2
        ("app::web::rider_handlers", Some(1), 2),          // 3
        ("app::web::trip_handlers", Some(1), 2),           // 4
        ("app::web::payment_handlers", Some(1), 2),        // 5
        ("app::application", Some(0), 0),                  // 6
        ("app::application::rider_service", Some(6), 2),   // 7
        ("app::application::trip_service", Some(6), 2),    // 8
        ("app::application::payment_service", Some(6), 2), // 9
        ("app::orders", Some(0), 0),                       // 10
        ("app::orders::routes", Some(10), 2),              // 11
        ("app::orders::handlers", Some(10), 2),            // 12
        ("app::orders::service", Some(10), 2),             // 13
    ]);
    let mut p = p;
    p.items = vec![
        item(&p, 2, "AppState", ItemKind::Struct),
        item(&p, 11, "OrderRoutes", ItemKind::Struct),
    ];
    let mut deps = vec![dep(0, 2, 1.0), dep(0, 11, 1.0)];
    for (handlers, service) in [(3, 7), (4, 8), (5, 9)] {
        deps.extend([
            dep(2, handlers, 2.0),
            dep(2, service, 1.0),
            dep(handlers, service, 2.0),
        ]);
    }
    deps.extend([dep(11, 12, 2.0), dep(11, 13, 1.0), dep(12, 13, 2.0)]);
    let graph = ModuleGraph { dependencies: deps };
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    assert_eq!(c.place[2], Place::Root, "{:?}", c.reason[2]);
    assert_eq!(c.place[11], Place::Cluster, "{:?}", c.reason[11]);
}

/// An app with a middleware and a config directory, and `main` wiring them in.
fn middleware_and_config(p: &mut Program) -> ModuleGraph {
    p.items = vec![item(p, 2, "Deadline", ItemKind::Struct)];
    ModuleGraph {
        dependencies: vec![
            dep(0, 2, 1.0), // main wraps the handlers in the deadline middleware
            dep(0, 3, 1.0), // and reads the configuration
            dep(3, 4, 1.0), // which the config directory loads from a file
            dep(5, 3, 1.0), // billing reads the configuration
            dep(5, 6, 1.0), // and uses `config::defaults` directly
            dep(3, 6, 1.0),
        ],
    }
}

const MIDDLEWARE_AND_CONFIG: &[(&str, Option<ModuleIdx>, u32)] = &[
    ("app", None, 0),                          // 0
    ("app::middleware", Some(0), 0),           // 1
    ("app::middleware::deadline", Some(1), 2), // 2
    ("app::config", Some(0), 2),               // 3
    ("app::config::file", Some(3), 2),         // 4
    ("app::billing", Some(0), 2),              // 5
    ("app::config::defaults", Some(3), 2),     // 6
];

#[test]
fn the_private_parts_of_middleware_and_config_directories_are_kernel_in_an_application() {
    let [(p, c), (_, lib)] = as_app_and_lib(MIDDLEWARE_AND_CONFIG, middleware_and_config);
    assert_placed(&p, &c, &[2, 4], Place::Apart(Role::SharedKernel));
    assert!(
        c.reason[4]
            .as_deref()
            .is_some_and(|r| r.contains("part of `app::config`"))
    );
    // Used beyond its directory, a module is judged on its own name.
    assert_eq!(c.place[6], Place::Cluster, "{:?}", c.reason[6]);

    // In a library, `middleware::deadline` is a feature it offers.
    assert_eq!(lib.place[2], Place::Cluster, "{:?}", lib.reason[2]);
    assert_eq!(lib.place[4], Place::Cluster, "{:?}", lib.reason[4]);
}

#[test]
fn a_config_module_named_after_a_domain_is_that_domains() {
    let p = application(&[
        ("app", None, 0),                               // 0
        ("app::config", Some(0), 2),                    // 1
        ("app::config::file", Some(1), 2),              // 2
        ("app::config::sources", Some(1), 0),           // 3
        ("app::config::sources::postgres", Some(3), 2), // 4
        ("app::postgres", Some(0), 2),                  // 5
        ("app::postgres::pool", Some(5), 2),            // 6
        ("app::fonts", Some(0), 2),                     // 7
    ]);
    let graph = ModuleGraph {
        dependencies: vec![
            dep(0, 1, 1.0),
            dep(1, 2, 1.0),
            dep(1, 4, 1.0), // the configuration loads the PostGIS section
            dep(4, 5, 1.0),
            dep(5, 6, 1.0),
            dep(7, 1, 1.0),
            dep(5, 1, 1.0),
        ],
    };
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    // `config::file` is the directory's own plumbing.
    assert_eq!(
        c.place[2],
        Place::Apart(Role::SharedKernel),
        "{:?}",
        c.reason[2]
    );
    // `config::sources::postgres` configures the `postgres` domain: it clusters with it.
    assert_eq!(c.place[4], Place::Cluster, "{:?}", c.reason[4]);
}

#[test]
fn the_private_parts_of_a_storage_engine_directory_are_kernel_in_an_application() {
    let p = application(&[
        ("app", None, 0),                        // 0
        ("app::repo", Some(0), 1),               // 1
        ("app::repo::fjall", Some(1), 2),        // 2
        ("app::repo::fjall::alias", Some(2), 2), // 3
        ("app::repo::fjall::job", Some(2), 2),   // 4
        ("app::aliases", Some(0), 2),            // 5
    ]);
    let graph = ModuleGraph {
        dependencies: vec![
            dep(0, 2, 1.0),
            dep(2, 3, 1.0),
            dep(2, 4, 1.0),
            dep(2, 1, 1.0),
            dep(5, 1, 1.0),
        ],
    };
    // The job queue's keyspace writes its table itself: that part owns data and stays.
    let data = DataGraph {
        nodes: vec![table("jobs", &[(4, 0, 2)])],
        ..DataGraph::default()
    };
    let c = classify(&p, &graph, &data, &Tuning::default());
    assert_eq!(
        c.place[2],
        Place::Apart(Role::SharedKernel),
        "{:?}",
        c.reason[2]
    );
    assert_eq!(
        c.place[3],
        Place::Apart(Role::SharedKernel),
        "{:?}",
        c.reason[3]
    );
    assert_eq!(c.place[4], Place::Cluster, "{:?}", c.reason[4]);
}

#[test]
fn an_applications_command_dispatcher_is_wiring() {
    const CLI: &[(&str, Option<ModuleIdx>, u32)] = &[
        ("app", None, 0),                           // 0
        ("app::commands", Some(0), 2),              // 1
        ("app::commands::auth", Some(1), 2),        // 2
        ("app::commands::serve", Some(1), 2),       // 3
        ("app::htpasswd", Some(0), 2),              // 4
        ("app::chat", Some(0), 2),                  // 5
        ("app::chat::commands", Some(5), 2),        // 6
        ("app::chat::commands::join", Some(6), 2),  // 7
        ("app::chat::commands::leave", Some(6), 2), // 8
    ];
    let graph = ModuleGraph {
        dependencies: vec![
            dep(0, 1, 1.0),
            // The command enum runs the commands it declares.
            dep(1, 2, 2.0),
            dep(1, 3, 2.0),
            dep(2, 4, 3.0),
            dep(3, 5, 1.0),
            // The chat domain's own commands.
            dep(5, 6, 1.0),
            dep(6, 7, 1.0),
            dep(6, 8, 1.0),
        ],
    };
    let [(_, c), (_, lib)] = as_app_and_lib(CLI, |_| graph.clone());
    assert_eq!(c.place[1], Place::Root, "{:?}", c.reason[1]);
    // The commands themselves are use cases, and a domain's `commands` is the domain's.
    assert_eq!(c.place[2], Place::Cluster, "{:?}", c.reason[2]);
    assert_eq!(c.place[6], Place::Cluster, "{:?}", c.reason[6]);
    // In a library, `commands` is what it offers.
    assert_eq!(lib.place[1], Place::Cluster, "{:?}", lib.reason[1]);
}

#[test]
fn an_applications_config_command_is_a_feature_its_configuration_is_kernel() {
    const CLI: &[(&str, Option<ModuleIdx>, u32)] = &[
        ("app", None, 0),                          // 0
        ("app::cli", Some(0), 2),                  // 1: a folder of commands
        ("app::cli::config", Some(1), 2),          // 2: `app config get|set`
        ("app::cli::config::set", Some(2), 2),     // 3
        ("app::cli::install", Some(1), 2),         // 4
        ("app::cli::prune", Some(1), 2),           // 5
        ("app::cli::settings", Some(1), 2),        // 6: read by other code too
        ("app::config", Some(0), 2),               // 7: the configuration itself
        ("app::toolset", Some(0), 2),              // 8
        ("app::server", Some(0), 2),               // 9
        ("app::server::cli", Some(9), 2),          // 10: a server's small `cli` folder
        ("app::server::cli::config", Some(10), 2), // 11
    ];
    let graph = ModuleGraph {
        dependencies: vec![
            dep(0, 1, 1.0),
            dep(1, 2, 2.0),
            dep(1, 4, 2.0),
            dep(1, 5, 2.0),
            dep(2, 3, 1.0),
            dep(2, 7, 1.0),
            dep(3, 7, 1.0),
            dep(8, 6, 1.0),
            dep(4, 7, 1.0),
            dep(4, 8, 1.0),
            dep(5, 7, 1.0),
            dep(8, 7, 1.0),
            dep(10, 11, 1.0),
            dep(9, 10, 1.0),
        ],
    };
    let [(p, c), (_, lib)] = as_app_and_lib(CLI, |_| graph.clone());
    // The command and its parts are a feature.
    assert_placed(&p, &c, &[2, 3], Place::Cluster);
    // The configuration, a configuration module other code reads, and the configuration
    // file of a `cli` folder holding little else stay in the kernel.
    assert_placed(&p, &c, &[6, 7, 11], Place::Apart(Role::SharedKernel));
    // A library has no commands: its `cli::config` is configuration.
    assert_eq!(
        lib.place[2],
        Place::Apart(Role::SharedKernel),
        "{:?}",
        lib.reason[2]
    );
}

#[test]
fn a_use_case_only_the_root_reaches_is_not_wiring_a_module_of_imports_is() {
    let p = program(&[
        ("app", None, 0),
        ("app::orders", Some(0), 3),
        ("app::stock", Some(0), 3),
        ("app::payment", Some(0), 3),
        ("app::checkout", Some(0), 2),
        ("app::exports", Some(0), 0),
    ]);
    let calls = |from, to| Dependency {
        kinds: [(EdgeKind::Call, 3), (EdgeKind::Type, 2), (EdgeKind::Use, 1)]
            .into_iter()
            .collect(),
        count: 6,
        ..dep(from, to, 6.0)
    };
    let mut dependencies = Vec::new();
    for area in 1..=3 {
        dependencies.push(calls(4, area));
        dependencies.push(dep(5, area, 1.0));
    }
    // The crate root's handlers call the use case and re-export the imports module.
    dependencies.push(calls(0, 4));
    dependencies.push(dep(0, 5, 1.0));
    let graph = ModuleGraph { dependencies };
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    assert_eq!(c.place[4], Place::Cluster, "{:?}", c.reason[4]);
    assert_eq!(c.place[5], Place::Root);
    assert!(c.reason[5].as_deref().is_some_and(|r| r.contains("wiring")));
}

#[test]
fn a_library_of_one_file_is_a_component_not_a_crate_root() {
    let mut p = workspace(
        &["store", "pg_index"],
        &[
            ("store", 0, None),
            ("store::fs", 0, Some(0)),
            ("pg_index", 1, None),
        ],
        10,
    );
    for m in &mut p.modules {
        m.items = 3;
    }
    let c = classify_bare(&p);
    assert_eq!(c.place[2], Place::Cluster);
    assert_eq!(c.place[0], Place::Root);
    // A binary of one file is the application's entry point.
    p.crates[1].kind = "bin".into();
    let c = classify_bare(&p);
    assert_eq!(c.place[2], Place::Root);
}

#[test]
fn a_binary_named_as_test_support_does_not_make_a_library_an_application() {
    let mut p = program(&[("lib", None, 0), ("lib::config", Some(0), 1)]);
    assert!(!roles::is_application(&p));
    p.crates.push(CrateInfo {
        name: "stdio_fixture".into(),
        kind: "bin".into(),
        ..p.crates[0].clone()
    });
    assert!(!roles::is_application(&p), "a test fixture's binary");
    p.crates.push(CrateInfo {
        name: "lib_server".into(),
        kind: "bin".into(),
        ..p.crates[0].clone()
    });
    assert!(roles::is_application(&p));
}

#[test]
fn a_feature_named_migration_is_domain_code_a_database_migration_is_not() {
    let p = program(&[
        ("app", None, 0),                                 // 0
        ("app::migrations", Some(0), 1),                  // 1
        ("app::sqlite_migration", Some(0), 1),            // 2
        ("app::migration_data", Some(0), 1),              // 3
        ("app::on_demand_migration", Some(0), 1),         // 4
        ("app::on_demand_migration::source", Some(4), 2), // 5
        ("app::objects", Some(0), 1),                     // 6
    ]);
    // Without a database there are no database migrations: each is a feature of the program
    // (alacritty's `migrate` upgrades its configuration file).
    let c = classify_bare(&p);
    for m in 1..7 {
        assert_eq!(c.place[m], Place::Cluster, "{m}");
    }
    // With one (a database crate used, or a table found), they are set apart.
    let mut p = p;
    p.modules[6].external = ["sqlx".to_string()].into_iter().collect();
    let c = classify_bare(&p);
    for m in [1, 2, 3] {
        assert_eq!(c.place[m], Place::Apart(Role::Migrations), "{m}");
    }
    for m in [4, 5, 6] {
        assert_eq!(c.place[m], Place::Cluster, "{m}");
    }
}

#[test]
fn a_module_kernel_by_breadth_that_shares_half_its_references_with_one_service_joins_it() {
    // Module 0, kernel by breadth: `templater`, used by the log, show and status commands
    // (group 0) and once by the config service (group 1). Module 5: kernel by breadth too,
    // its references spread evenly. Module 6 is kernel by a cue: not reconsidered here.
    let graph = ModuleGraph {
        dependencies: vec![
            dep(1, 0, 3.0),
            dep(2, 0, 2.0),
            dep(0, 3, 1.0),
            dep(4, 0, 2.0),
            dep(1, 5, 1.0),
            dep(2, 5, 1.0),
            dep(4, 5, 1.0),
            dep(7, 5, 1.0),
            dep(1, 6, 5.0),
        ],
    };
    let mut groups = vec![vec![1, 2, 3], vec![4, 7]];
    let mut by_breadth = vec![false; 8];
    by_breadth[0] = true;
    by_breadth[5] = true;
    let moved = kernel::join_most_tied(&graph, &by_breadth, &mut groups);
    // Module 0: 6 of its 8 reference weight with group 0. Module 5: 2 of 4 with group 0 and 2
    // of 4 with group 1, a tie at half: it goes to the first group holding its most.
    assert_eq!(moved, vec![0, 5]);
    assert_eq!(groups[0], vec![1, 2, 3, 0, 5]);
    assert_eq!(groups[1], vec![4, 7]);
    // Less than half with any one group: it stays in the kernel.
    let graph = ModuleGraph {
        dependencies: vec![dep(1, 0, 1.0), dep(4, 0, 1.0), dep(8, 0, 1.0)],
    };
    let mut groups = vec![vec![1], vec![4], vec![8]];
    let mut by_breadth = vec![false; 9];
    by_breadth[0] = true;
    assert!(kernel::join_most_tied(&graph, &by_breadth, &mut groups).is_empty());
}

#[test]
fn a_trait_its_own_area_implements_is_that_areas_port_not_kernel_by_breadth() {
    let mut modules: Vec<(String, Option<ModuleIdx>, u32)> = vec![
        ("app".into(), None, 0),                  // 0
        ("app::store".into(), Some(0), 0),        // 1
        ("app::store::info".into(), Some(1), 2),  // 2: `trait InfoStore`
        ("app::store::file".into(), Some(1), 2),  // 3: impl InfoStore
        ("app::store::redis".into(), Some(1), 2), // 4: impl InfoStore
    ];
    // Six areas of handlers, each calling the store through the application's state.
    for area in ["create", "read", "patch", "delete", "head", "options"] {
        let folder = modules.len();
        modules.push((format!("app::{area}"), Some(0), 1));
        modules.push((format!("app::{area}::routes"), Some(folder), 2));
    }
    let ids: Vec<(&str, Option<ModuleIdx>, u32)> = modules
        .iter()
        .map(|(id, p, n)| (id.as_str(), *p, *n))
        .collect();
    let mut p = program(&ids);
    p.items = vec![item(&p, 2, "InfoStore", ItemKind::Trait)];
    let implementation = |from| {
        let mut d = dep(from, 2, 1.0);
        d.kinds = [(EdgeKind::Impl, 1)].into_iter().collect();
        d
    };
    let mut dependencies = vec![implementation(3), implementation(4)];
    for routes in (6..modules.len()).step_by(2) {
        dependencies.push(dep(routes, 2, 2.0));
    }
    let graph = ModuleGraph { dependencies };
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    assert_eq!(c.place[2], Place::Cluster, "{:?}", c.reason[2]);
    // Implemented from another area too, the trait is an interface every part shares.
    let mut shared = graph.clone();
    shared.dependencies[1] = implementation(6);
    let c = classify(&p, &shared, &DataGraph::default(), &Tuning::default());
    assert_eq!(
        c.place[2],
        Place::Apart(Role::SharedKernel),
        "{:?}",
        c.reason[2]
    );
}

//! Tests of the rules read off small layered web applications (a RealWorld demo, a
//! newsletter): a domain repository is no data-access layer, `startup` is the composition
//! root, a lone handler joins its namesakes, and a domain's word still counts in a small app.

use super::*;

#[test]
fn a_repository_that_reads_other_domains_tables_is_no_data_access_layer() {
    let p = program(&[
        ("app", None, 0),                  // 0
        ("app::db", Some(0), 1),           // 1
        ("app::db::articles", Some(1), 4), // 2
        ("app::db::users", Some(1), 2),    // 3
        ("app::store", Some(0), 4),        // 4
    ]);
    let graph = ModuleGraph {
        dependencies: vec![dep(2, 1, 1.0), dep(3, 1, 1.0), dep(4, 1, 1.0)],
    };
    // The article repository writes articles and favourites and reads the authors and
    // whom the reader follows: it touches four of five tables, and writes two.
    // `store` writes four of them: it is the data-access layer.
    let data = DataGraph {
        nodes: vec![
            table("articles", &[(2, 3, 2), (4, 1, 1)]),
            table("favorites", &[(2, 1, 1), (4, 1, 1)]),
            table("follows", &[(2, 1, 0), (4, 1, 1)]),
            table("users", &[(2, 1, 0), (3, 2, 2), (4, 1, 1)]),
            table("tags", &[(3, 1, 1)]),
        ],
        ..DataGraph::default()
    };
    let c = classify(&p, &graph, &data, &Tuning::default());
    assert_eq!(c.place[2], Place::Cluster, "{:?}", c.reason[2]);
    assert_eq!(
        c.place[4],
        Place::Apart(Role::SharedKernel),
        "{:?}",
        c.reason[4]
    );
    assert!(
        c.reason[4]
            .as_deref()
            .is_some_and(|r| r.contains("writes 4 of the 5 tables")),
        "{:?}",
        c.reason[4]
    );
}

/// An app whose `startup` builds the server from three areas and hands the pool to a worker.
fn newsletter(p: &mut Program) -> ModuleGraph {
    p.items = vec![item(p, 1, "Application", ItemKind::Struct)];
    ModuleGraph {
        dependencies: vec![
            dep(0, 1, 1.0), // main builds the application
            dep(1, 2, 2.0), // startup registers the handlers of three areas
            dep(1, 3, 2.0),
            dep(1, 5, 2.0),
            dep(4, 1, 1.0), // the delivery worker, which main starts, takes the pool from it
            dep(0, 4, 1.0),
            dep(4, 5, 1.0),
        ],
    }
}

const NEWSLETTER: &[(&str, Option<ModuleIdx>, u32)] = &[
    ("app", None, 0),                     // 0
    ("app::startup", Some(0), 3),         // 1
    ("app::subscriptions", Some(0), 2),   // 2
    ("app::login", Some(0), 2),           // 3
    ("app::delivery_worker", Some(0), 2), // 4
    ("app::email", Some(0), 2),           // 5
];

#[test]
fn an_applications_startup_is_its_composition_root_even_when_a_worker_uses_it() {
    let [(_, c), (_, lib)] = as_app_and_lib(NEWSLETTER, newsletter);
    assert_eq!(c.place[1], Place::Root, "{:?}", c.reason[1]);
    assert!(
        c.reason[1]
            .as_deref()
            .is_some_and(|r| r.contains("assembles the application from 3 areas"))
    );
    assert_eq!(c.place[4], Place::Cluster);

    // In a library, `startup` is a feature it offers (a protocol's startup message).
    assert_eq!(lib.place[1], Place::Cluster, "{:?}", lib.reason[1]);
}

#[test]
fn a_lone_module_tied_only_by_its_words_joins_the_service_of_its_namesakes() {
    // The login form references nothing: only the word `login` ties it to the handler that
    // checks the password, which works with the accounts.
    let mut p = program(&[
        ("app", None, 0),                     // 0
        ("app::login_form", Some(0), 1),      // 1
        ("app::login_check", Some(0), 2),     // 2
        ("app::accounts", Some(0), 3),        // 3
        ("app::accounts_store", Some(0), 2),  // 4
        ("app::orders", Some(0), 3),          // 5
        ("app::orders_store", Some(0), 2),    // 6
        ("app::orders_export", Some(0), 2),   // 7
        ("app::invoices", Some(0), 3),        // 8
        ("app::invoices_store", Some(0), 2),  // 9
        ("app::invoices_render", Some(0), 2), // 10
    ]);
    p.items = vec![
        item(&p, 3, "Account", ItemKind::Struct),
        item(&p, 5, "Order", ItemKind::Struct),
        item(&p, 8, "Invoice", ItemKind::Struct),
    ];
    p.items.sort_by(|a, b| a.id.cmp(&b.id));
    let mut dependencies = vec![dep(2, 3, 12.0), dep(2, 4, 8.0), dep(3, 4, 3.0)];
    for (a, b, c) in [(5, 6, 7), (8, 9, 10)] {
        dependencies.extend([dep(a, b, 3.0), dep(c, a, 3.0), dep(c, b, 2.0)]);
    }
    dependencies.push(dep(8, 5, 1.0));
    dependencies.sort_by_key(|d| (d.from, d.to));
    let graph = ModuleGraph { dependencies };
    let data = DataGraph {
        nodes: vec![
            table("accounts", &[(4, 1, 2)]),
            table("orders", &[(6, 1, 2)]),
            table("invoices", &[(9, 1, 2)]),
        ],
        ..DataGraph::default()
    };
    let proposal = propose(&p, &graph, &data, &ProposalOptions::default());
    let service_of = |m: ModuleIdx| proposal.membership[m].map(|s| &proposal.services[s]);
    let form = service_of(1).expect("the form is placed");
    assert_eq!(form.role, Role::Service, "{:#?}", proposal.services);
    assert!(form.modules.len() > 1, "{:#?}", proposal.services);
    assert_eq!(service_of(1), service_of(2), "{:#?}", proposal.services);
}

#[test]
fn in_a_small_app_the_word_of_a_domain_in_every_layer_names_its_service() {
    // Four modules of twelve say `article`: in a small app that is one domain across its
    // layers, not a layer word. `NewArticle` and `NewUser` name nothing more than the words
    // `article` and `user`.
    let mut p = program(&[
        ("app", None, 0),                      // 0
        ("app::db", Some(0), 0),               // 1
        ("app::db::articles", Some(1), 2),     // 2
        ("app::db::users", Some(1), 2),        // 3
        ("app::db::comments", Some(1), 2),     // 4
        ("app::models", Some(0), 0),           // 5
        ("app::models::article", Some(5), 2),  // 6
        ("app::models::user", Some(5), 2),     // 7
        ("app::models::comment", Some(5), 2),  // 8
        ("app::routes", Some(0), 0),           // 9
        ("app::routes::articles", Some(9), 2), // 10
        ("app::routes::users", Some(9), 2),    // 11
        ("app::routes::comments", Some(9), 2), // 12
    ]);
    p.items = vec![
        item(&p, 6, "Article", ItemKind::Struct),
        item(&p, 6, "NewArticle", ItemKind::Struct),
        item(&p, 2, "NewArticle", ItemKind::Struct),
        item(&p, 7, "User", ItemKind::Struct),
        item(&p, 7, "NewUser", ItemKind::Struct),
        item(&p, 3, "NewUser", ItemKind::Struct),
        item(&p, 8, "Comment", ItemKind::Struct),
    ];
    p.items.sort_by(|a, b| a.id.cmp(&b.id));
    let mut dependencies = Vec::new();
    for (route, db, model) in [(10, 2, 6), (11, 3, 7), (12, 4, 8)] {
        dependencies.extend([
            dep(route, db, 4.0),
            dep(db, model, 4.0),
            dep(route, model, 2.0),
        ]);
    }
    // Comments belong to articles and have authors; articles have authors.
    dependencies.extend([
        dep(4, 2, 1.0),
        dep(8, 6, 1.0),
        dep(6, 7, 1.0),
        dep(8, 7, 1.0),
    ]);
    dependencies.sort_by_key(|d| (d.from, d.to));
    let graph = ModuleGraph { dependencies };
    let data = DataGraph {
        nodes: vec![
            table("articles", &[(2, 3, 2), (4, 1, 0)]),
            table("users", &[(3, 3, 2), (2, 1, 0)]),
            table("comments", &[(4, 3, 2)]),
        ],
        ..DataGraph::default()
    };
    // In 4 of 12 modules, `article` is still a term; with fewer than 16 modules, a quarter
    // of them is too few to call a word a layer's.
    let clustered: Vec<ModuleIdx> = (1..p.modules.len()).collect();
    let terms = Vocabulary::build(&p, &data, &clustered, &BTreeSet::new());
    assert!(
        terms.terms.iter().any(|t| t == "article"),
        "{:?}",
        terms.terms
    );
    let proposal = propose(&p, &graph, &data, &ProposalOptions::default());
    let name_of = |m: ModuleIdx| {
        proposal.membership[m]
            .map(|s| proposal.services[s].name.clone())
            .unwrap_or_default()
    };
    assert_eq!(name_of(2), "articles", "{:#?}", proposal.services);
    assert_eq!(name_of(3), "users", "{:#?}", proposal.services);
    assert_eq!(name_of(4), "comments", "{:#?}", proposal.services);
}

#[test]
fn an_upgrade_from_one_version_to_the_next_is_a_migration() {
    let mut p = application(&[
        ("app", None, 0),                                            // 0
        ("app::upgrades", Some(0), 0),                               // 1
        ("app::upgrades::from_v1_0_0_to_v2_0_0", Some(1), 2),        // 2
        ("app::upgrades::from_v1_0_0_to_v2_0_0::users", Some(2), 2), // 3
        ("app::orders", Some(0), 2),                                 // 4
        ("app::room_upgrade", Some(0), 2),                           // 5
    ]);
    // A database's upgrades (torrust-index's, on sqlx).
    p.modules[4].external = ["sqlx".to_string()].into_iter().collect();
    let graph = ModuleGraph {
        dependencies: vec![
            dep(2, 3, 1.0),
            dep(3, 4, 1.0),
            dep(5, 4, 1.0),
            dep(0, 2, 1.0),
        ],
    };
    let proposal = propose(
        &p,
        &graph,
        &DataGraph::default(),
        &ProposalOptions::default(),
    );
    let role_of = |m: ModuleIdx| proposal.membership[m].map(|s| proposal.services[s].role);
    for m in [1, 2, 3] {
        assert_eq!(role_of(m), Some(Role::Migrations), "{}", p.modules[m].id);
    }
    // Upgrading a room is a feature, not a version step.
    assert_eq!(role_of(5), Some(Role::Service));
    assert_eq!(role_of(4), Some(Role::Service));
}

/// `app` builds every service and runs the server; only `main` uses it.
fn assembly(p: &mut Program) -> ModuleGraph {
    p.items = vec![item(p, 1, "Running", ItemKind::Struct)];
    ModuleGraph {
        dependencies: vec![
            dep(0, 1, 1.0),
            dep(1, 2, 3.0),
            dep(1, 3, 3.0),
            dep(2, 3, 1.0),
        ],
    }
}

const ASSEMBLY: &[(&str, Option<ModuleIdx>, u32)] = &[
    ("app", None, 0),              // 0
    ("app::app", Some(0), 2),      // 1
    ("app::torrents", Some(0), 2), // 2
    ("app::users", Some(0), 2),    // 3
];

#[test]
fn an_applications_app_module_that_only_main_uses_is_the_composition_root() {
    let [(_, c), (_, lib)] = as_app_and_lib(ASSEMBLY, assembly);
    assert_eq!(c.place[1], Place::Root, "{:?}", c.reason[1]);
    // A library's `app` (or `routing`) that its root re-exports is what it offers.
    assert_eq!(lib.place[1], Place::Cluster, "{:?}", lib.reason[1]);
}

#[test]
fn a_stub_for_a_feature_that_is_off_ships_and_a_mock_does_not() {
    let p = application(&[
        ("app", None, 0),                        // 0
        ("app::search", Some(0), 2),             // 1
        ("app::search::stub", Some(1), 2),       // 2
        ("app::search::mock_index", Some(1), 2), // 3
    ]);
    let c = classify_bare(&p);
    assert_eq!(c.place[2], Place::Cluster, "{:?}", c.reason[2]);
    assert_eq!(c.place[3], Place::Apart(Role::TestSupport));
}

#[test]
fn an_applications_test_command_is_a_command_not_test_support() {
    let spec = [
        ("app", None, 0),                     // 0
        ("app::cmd", Some(0), 0),             // 1
        ("app::cmd::build", Some(1), 2),      // 2
        ("app::cmd::test", Some(1), 2),       // 3
        ("app::cmd::test_utils", Some(1), 2), // 4
        ("app::testing", Some(0), 2),         // 5
        ("app::testing::test", Some(5), 2),   // 6
    ];
    // mdbook's `cmd::test` runs the user's tests: a command of the application.
    let c = classify_bare(&application(&spec));
    assert_eq!(c.place[3], Place::Cluster, "{:?}", c.reason[3]);
    // Helpers for its tests, and a `test` below a test folder, are still test support.
    assert_eq!(c.place[4], Place::Apart(Role::TestSupport));
    assert_eq!(c.place[6], Place::Apart(Role::TestSupport));
    // In a library nothing runs a command: `cmd::test` is what its tests use.
    let lib = classify_bare(&program(&spec));
    assert_eq!(lib.place[3], Place::Apart(Role::TestSupport));
}

#[test]
fn the_private_parts_of_a_health_check_api_are_kernel_in_an_application() {
    let p = application(&[
        ("app", None, 0),                                 // 0
        ("app::health_check_api", Some(0), 1),            // 1
        ("app::health_check_api::handler", Some(1), 2),   // 2
        ("app::health_check_api::responses", Some(1), 2), // 3
        ("app::announce", Some(0), 2),                    // 4
    ]);
    let graph = ModuleGraph {
        dependencies: vec![
            dep(0, 1, 1.0),
            dep(1, 2, 1.0),
            dep(2, 3, 1.0),
            dep(1, 4, 1.0),
        ],
    };
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    assert_placed(&p, &c, &[2, 3], Place::Apart(Role::SharedKernel));
    assert_eq!(c.place[4], Place::Cluster);
}

#[test]
fn an_applications_command_line_options_are_its_configuration() {
    const PASTEBIN: &[(&str, Option<ModuleIdx>, u32)] = &[
        ("app", None, 0),                    // 0
        ("app::args", Some(0), 2),           // 1
        ("app::pastes", Some(0), 2),         // 2
        ("app::admin", Some(0), 2),          // 3
        ("app::pastes::create", Some(2), 2), // 4
    ];
    // Every part reads the parsed options (`ARGS.public_path`).
    let graph = ModuleGraph {
        dependencies: vec![
            dep(0, 1, 1.0),
            dep(2, 1, 2.0),
            dep(3, 1, 2.0),
            dep(4, 1, 2.0),
            dep(4, 2, 1.0),
            dep(3, 2, 1.0),
        ],
    };
    let [(_, c), (_, lib)] = as_app_and_lib(PASTEBIN, |_| graph.clone());
    assert_eq!(
        c.place[1],
        Place::Apart(Role::SharedKernel),
        "{:?}",
        c.reason[1]
    );
    // In a library, `args` is what it offers (a query's bind arguments).
    assert_eq!(lib.place[1], Place::Cluster, "{:?}", lib.reason[1]);
}

#[test]
fn a_service_too_small_to_deploy_joins_the_one_it_is_most_attached_to() {
    // Two services of 3 000 lines, a pair of 5-line modules (a ping packet in two protocol
    // versions) and a 20-line module tied to nothing else; a term node follows the modules.
    let loc = [3000.0, 3000.0, 3000.0, 3000.0, 5.0, 5.0, 20.0];
    let edges = vec![
        (0, 1, 4.0),
        (2, 3, 4.0),
        (4, 5, 3.0),
        (4, 2, 0.5),
        (5, 3, 0.5),
        (4, 0, 0.2),
        (5, 7, 1.0),
        (3, 7, 1.0),
    ];
    let g = crate::cluster::affinity::AffinityGraph::new(8, edges);
    let before = vec![0, 0, 1, 1, 2, 2, 3, 1];
    let mut membership = before.clone();
    placement::join_tiny(&mut membership, &g, &loc, 0.003);
    // Under 0.3 % of the lines, the pair joins the service it is most tied to, term included.
    assert_eq!(membership[4], 1);
    assert_eq!(membership[5], 1);
    // Tied to no service, the lone module stays where it is; the rest does not move.
    assert_eq!(membership[6], 3);
    assert_eq!(&membership[..4], &before[..4]);
    assert_eq!(membership[7], 1);
    // At share 0 nothing joins.
    let mut untouched = before.clone();
    placement::join_tiny(&mut untouched, &g, &loc, 0.0);
    assert_eq!(untouched, before);
}

#[test]
fn a_module_left_alone_by_the_clean_up_joins_the_service_it_is_most_attached_to() {
    // Leiden paired a migration root (4) with a bootstrap step (5) that writes `peers`. The
    // clean-up sends the lone writer to the table's owner (0); the root, left alone, joins the
    // service it is most tied to (its `peer` child, 2), not a service of one.
    let edges = vec![
        (0, 1, 4.0),
        (2, 3, 4.0),
        (4, 5, 1.0),
        (4, 2, 2.0),
        (4, 0, 0.5),
        (5, 0, 1.0),
    ];
    let g = signals::Signals {
        graph: crate::cluster::affinity::AffinityGraph::new(6, edges),
        kinds: (0..6).map(signals::NodeKind::Module).collect(),
    };
    let data = DataGraph {
        nodes: vec![table("peers", &[(0, 2, 5), (5, 0, 1)])],
        ..DataGraph::default()
    };
    let node_of: Vec<Option<usize>> = (0..6).map(Some).collect();
    let mut membership = vec![0, 0, 1, 1, 2, 2];
    placement::clean_up(&mut membership, &g, &data, 6, &node_of);
    assert_eq!(membership, [0, 0, 1, 1, 1, 0]);
}

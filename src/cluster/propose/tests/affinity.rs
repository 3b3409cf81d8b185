//! Tests of the affinity graph the services are found in: its size, and how much each signal
//! weighs.

use super::*;

/// The affinity graph of `nodes` (the clustered modules) in `p`, without references or data.
fn affinity(p: &Program, nodes: &[ModuleIdx]) -> signals::Signals {
    affinity_with(p, &ModuleGraph::default(), nodes, &Tuning::default())
}

/// The affinity graph of `nodes` in `p` with the references of `graph`, no data, `tune`.
fn affinity_with(
    p: &Program,
    graph: &ModuleGraph,
    nodes: &[ModuleIdx],
    tune: &Tuning,
) -> signals::Signals {
    let node_of = nodes_of(p.modules.len(), nodes);
    let terms = Vocabulary::build(p, &DataGraph::default(), nodes, &BTreeSet::new());
    signals::build(
        p,
        graph,
        &DataGraph::default(),
        nodes,
        &node_of,
        &terms,
        &BTreeSet::new(),
        &crate::graph::Weights::default(),
        tune,
    )
}

#[test]
fn two_thousand_siblings_cost_linear_edges() {
    let mut modules: Vec<(String, Option<ModuleIdx>, u32)> = vec![("app".into(), None, 0)];
    for i in 0..2000 {
        modules.push((format!("app::m{i:04}"), Some(0), 1));
    }
    let refs: Vec<(&str, Option<ModuleIdx>, u32)> = modules
        .iter()
        .map(|(id, p, n)| (id.as_str(), *p, *n))
        .collect();
    let p = program(&refs);
    let nodes: Vec<ModuleIdx> = (1..=2000).collect();
    let g = affinity(&p, &nodes);
    // One directory node for the root, one tie per sibling: no pairwise links (and no package
    // node: one package draws no boundary).
    assert_eq!(g.graph.edges.len(), 2000);
    assert_eq!(g.graph.n, 2001);
}

#[test]
fn words_weigh_more_in_an_application_cut_in_layers() {
    // The same three packages, named by layers or by domains; module 1 of each is a board.
    let term_weight = |crates: &[&str]| -> f64 {
        let mut p = workspace(
            crates,
            &[
                ("a", 0, None),
                ("a::boards", 0, Some(0)),
                ("a::cards", 0, Some(0)),
                ("b", 1, None),
                ("b::boards", 1, Some(3)),
                ("b::cards", 1, Some(3)),
                ("c", 2, None),
                ("c::boards", 2, Some(6)),
                ("c::cards", 2, Some(6)),
            ],
            10,
        );
        p.crates[2].kind = "bin".into();
        for m in &mut p.modules {
            m.id =
                m.id.replacen(&m.id[..1], &crates[m.krate].replace('-', "_"), 1);
        }
        let g = affinity(&p, &[1, 2, 4, 5, 7, 8]);
        g.graph
            .edges
            .iter()
            .filter(|(_, b, _)| matches!(g.kinds[*b], signals::NodeKind::Term(_)))
            .map(|(_, _, w)| w)
            .sum()
    };
    let layered = term_weight(&["kanban_domain", "kanban_service", "kanban_server"]);
    let by_domain = term_weight(&["kanban_boards", "kanban_cards", "kanban_sprints"]);
    assert!(by_domain > 0.0);
    // Each module's words weigh `layered_term` (2) times more when the packages are layers.
    let ratio = layered / by_domain;
    assert!((ratio - 2.0).abs() < 1e-9, "{ratio}");
}

#[test]
fn a_word_tables_spread_past_a_quarter_of_the_modules_still_names_a_domain() {
    // Twenty modules. Three carry `peer` in their path, but eight touch the `peers` table (the
    // main aggregate of a small app): the word still names that domain. Six carry `item` in
    // their path: that word is everywhere, and names none.
    let mut spec: Vec<(String, Option<ModuleIdx>)> = vec![("app".into(), None)];
    for name in ["api::peer", "db::peer", "shared::peer"] {
        spec.push((format!("app::{name}"), Some(0)));
    }
    for i in 0..6 {
        spec.push((format!("app::area{i}::item"), Some(0)));
    }
    for i in 0..11 {
        spec.push((format!("app::part{i}"), Some(0)));
    }
    let names: Vec<(&str, Option<ModuleIdx>, u32)> =
        spec.iter().map(|(n, p)| (n.as_str(), *p, 1)).collect();
    let p = program(&names);
    let peers: Vec<(ModuleIdx, u32, u32)> = [2, 10, 11, 12, 13, 14, 15, 16]
        .iter()
        .map(|&m| (m, 1, 1))
        .collect();
    let data = DataGraph {
        nodes: vec![table("peers", &peers)],
        ..DataGraph::default()
    };
    let nodes: Vec<ModuleIdx> = (1..p.modules.len()).collect();
    let terms = Vocabulary::build(&p, &data, &nodes, &BTreeSet::new());
    assert!(terms.terms.iter().any(|t| t == "peer"), "{:?}", terms.terms);
    assert!(
        !terms.terms.iter().any(|t| t == "item"),
        "{:?}",
        terms.terms
    );
}

/// A module that six resolvers of a layer folder (`schema/`) use is that layer's hub, and its
/// links are thinned; the model six modules of a domain's own folder (`orders/`) use is not.
#[test]
fn a_hub_of_a_layer_folder_is_thinned_a_hub_of_a_domain_folder_is_not() {
    let mut spec: Vec<(String, Option<ModuleIdx>, u32)> = vec![
        ("app".into(), None, 0),                     // 0
        ("app::schema".into(), Some(0), 0),          // 1
        ("app::schema::scalars".into(), Some(1), 1), // 2
        ("app::orders".into(), Some(0), 0),          // 3
        ("app::orders::model".into(), Some(3), 1),   // 4
    ];
    for i in 0..6 {
        spec.push((format!("app::schema::r{i}"), Some(1), 1)); // 5..=10
    }
    for i in 0..6 {
        spec.push((format!("app::orders::o{i}"), Some(3), 1)); // 11..=16
    }
    let refs: Vec<(&str, Option<ModuleIdx>, u32)> = spec
        .iter()
        .map(|(id, p, n)| (id.as_str(), *p, *n))
        .collect();
    let p = program(&refs);
    let mut dependencies: Vec<Dependency> = (5..=10).map(|r| dep(r, 2, 3.0)).collect();
    dependencies.extend((11..=16).map(|o| dep(o, 4, 3.0)));
    let graph = ModuleGraph { dependencies };
    let nodes: Vec<ModuleIdx> = (0..p.modules.len()).collect();
    let node_of: Vec<Option<usize>> = nodes.iter().map(|&m| Some(m)).collect();
    let scale = signals::layer_hubs(&p, &graph, &nodes, &node_of, &BTreeSet::new(), 4.0);
    assert!(
        (scale[2] - (4.0f64 / 6.0).sqrt()).abs() < 1e-9,
        "{}",
        scale[2]
    );
    assert_eq!(scale[4], 1.0);
    assert!(scale[5..].iter().all(|&s| s == 1.0));
    // Used by no more than `hub` modules, or with the rule off: untouched.
    assert_eq!(
        signals::layer_hubs(&p, &graph, &nodes, &node_of, &BTreeSet::new(), 6.0)[2],
        1.0
    );
    assert_eq!(
        signals::layer_hubs(&p, &graph, &nodes, &node_of, &BTreeSet::new(), 0.0)[2],
        1.0
    );
    // A folder that is a layer by its shape (not by its name) is thinned the same way, and so
    // is its own module when its members use it (the trait every operation implements).
    let mut q = p.clone();
    q.modules[3].id = "app::ops".into();
    let mut users = graph.clone();
    users.dependencies.extend((11..=16).map(|o| dep(o, 3, 1.0)));
    let layers = BTreeSet::from([3]);
    let scale = signals::layer_hubs(&q, &users, &nodes, &node_of, &layers, 4.0);
    assert!(scale[3] < 1.0 && scale[4] < 1.0);
    assert_eq!(
        signals::layer_hubs(&q, &users, &nodes, &node_of, &BTreeSet::new(), 4.0)[4],
        1.0
    );
}

#[test]
fn an_applications_command_folder_is_a_layer_a_librarys_command_is_a_word() {
    let spec = [
        ("app", None, 0),                          // 0
        ("app::cmd", Some(0), 1),                  // 1
        ("app::cmd::build", Some(1), 1),           // 2
        ("app::cmd::serve", Some(1), 1),           // 3
        ("app::cmd::command_prelude", Some(1), 1), // 4
        ("app::build", Some(0), 1),                // 5
        ("app::serve", Some(0), 1),                // 6
        ("app::command_line", Some(0), 1),         // 7
        ("app::book", Some(0), 1),                 // 8
        ("app::render", Some(0), 1),               // 9
    ];
    let nodes: Vec<ModuleIdx> = (1..spec.len()).collect();
    let term = |p: &Program, t: &str| {
        Vocabulary::build(p, &DataGraph::default(), &nodes, &BTreeSet::new())
            .terms
            .iter()
            .any(|x| x == t)
    };
    let lib = program(&spec);
    let app = application(&spec);
    // `cmd/` holds one command per capability: in an application it links no two commands,
    // and `command` names no domain that would claim the commands' prelude.
    assert!(term(&lib, "cmd"));
    assert!(!term(&app, "cmd"));
    assert!(term(&app, "build"));
    let cue = |p: &Program| super::cues::PathWords::new(p).name_cue(p, 4, super::cues::STRONG);
    assert_eq!(cue(&app).as_deref(), Some("prelude"));
    // In a library, `command` is what it offers (clap's `Command`): its prelude is its own.
    assert_eq!(cue(&lib), None);
}

#[test]
fn a_folder_named_for_an_api_protocol_views_or_jobs_is_a_layer() {
    // `graphql/` and `grpc/` hold one resolver or service per domain, as `handlers/` does,
    // `views/` one view per domain (an MVC app's pages, a file manager's panes) and `jobs/`
    // or `workers/` one background job per domain: their name links none of them, the
    // domain words do.
    let mut spec = vec![
        ("app", None, 0),                       // 0
        ("app::graphql", Some(0), 1),           // 1
        ("app::graphql::account", Some(1), 1),  // 2
        ("app::graphql::journal", Some(1), 1),  // 3
        ("app::grpc", Some(0), 1),              // 4
        ("app::grpc::upload", Some(4), 1),      // 5
        ("app::grpc::download", Some(4), 1),    // 6
        ("app::views", Some(0), 1),             // 7
        ("app::views::ledger", Some(7), 1),     // 8
        ("app::views::outbox", Some(7), 1),     // 9
        ("app::jobs", Some(0), 1),              // 10
        ("app::jobs::ledger", Some(10), 1),     // 11
        ("app::jobs::outbox", Some(10), 1),     // 12
        ("app::workers", Some(0), 1),           // 13
        ("app::workers::cursor", Some(13), 1),  // 14
        ("app::workers::balance", Some(13), 1), // 15
    ];
    let others = [
        "account",
        "journal",
        "upload",
        "download",
        "balance",
        "entry",
        "velocity",
        "limit",
        "control",
        "template",
        "outbox",
        "cursor",
        "ledger",
        "primitive",
        "money",
    ];
    let named: Vec<String> = others.iter().map(|o| format!("app::{o}")).collect();
    spec.extend(named.iter().map(|n| (n.as_str(), Some(0), 1)));
    let p = application(&spec);
    let nodes: Vec<ModuleIdx> = (1..spec.len()).collect();
    let vocab = Vocabulary::build(&p, &DataGraph::default(), &nodes, &BTreeSet::new());
    let has = |t: &str| vocab.terms.iter().any(|x| x == t);
    assert!(!has("graphql"));
    assert!(!has("grpc"));
    assert!(!has("view") && !has("views"));
    assert!(!has("job") && !has("jobs") && !has("worker"));
    assert!(has("account") && has("upload"));
}

#[test]
fn modules_using_one_helper_set_apart_are_a_little_alike() {
    let p = program(&[
        ("app", None, 0),                // 0
        ("app::version", Some(0), 1),    // 1: the kernel's formatter, set apart
        ("app::python", Some(0), 1),     // 2
        ("app::rust", Some(0), 1),       // 3
        ("app::git_branch", Some(0), 1), // 4
    ]);
    let nodes: Vec<ModuleIdx> = vec![2, 3, 4];
    let graph = ModuleGraph {
        dependencies: vec![dep(2, 1, 1.0), dep(3, 1, 1.0), dep(4, 0, 1.0)],
    };
    let build = |tune: &Tuning| affinity_with(&p, &graph, &nodes, tune);
    let g = build(&Tuning::default());
    let shared: Vec<usize> = (0..g.kinds.len())
        .filter(|&x| g.kinds[x] == signals::NodeKind::Shared(1))
        .collect();
    assert_eq!(shared.len(), 1);
    let mut linked: Vec<usize> = g
        .graph
        .edges
        .iter()
        .filter(|(_, b, w)| *b == shared[0] && *w > 0.0)
        .map(|(a, _, _)| *a)
        .collect();
    linked.sort_unstable();
    // The two version plugins are linked through it; the crate root is no helper.
    assert_eq!(linked, vec![0, 1]);
    assert!(!g.kinds.contains(&signals::NodeKind::Shared(0)));
    let off = build(&Tuning {
        shared: 0.0,
        ..Tuning::default()
    });
    assert!(!off.kinds.contains(&signals::NodeKind::Shared(1)));
}

#[test]
fn async_names_how_code_runs_not_a_domain() {
    let p = program(&[
        ("app", None, 0),                  // 0
        ("app::async_search", Some(0), 1), // 1
        ("app::async_fetch", Some(0), 1),  // 2
        ("app::search", Some(0), 1),       // 3
        ("app::fetch", Some(0), 1),        // 4
        ("app::users", Some(0), 1),        // 5
        ("app::orders", Some(0), 1),       // 6
        ("app::billing", Some(0), 1),      // 7
        ("app::reports", Some(0), 1),      // 8
    ]);
    let nodes: Vec<ModuleIdx> = (1..9).collect();
    let terms = Vocabulary::build(&p, &DataGraph::default(), &nodes, &BTreeSet::new()).terms;
    assert!(!terms.iter().any(|t| t == "async"), "{terms:?}");
    assert!(terms.iter().any(|t| t == "search"), "{terms:?}");
}

#[test]
fn an_entry_module_links_what_it_reaches_in_an_application() {
    let mut p = program(&[
        ("app", None, 0),                   // 0
        ("app::routes_orders", Some(0), 1), // 1: entry, nothing clustered uses it
        ("app::orders", Some(0), 1),        // 2
        ("app::order_store", Some(0), 1),   // 3
        ("app::order_rows", Some(0), 1),    // 4
        ("app::routes_users", Some(0), 1),  // 5: entry reaching one module only
        ("app::users", Some(0), 1),         // 6
    ]);
    let nodes: Vec<ModuleIdx> = (1..7).collect();
    // routes_orders → orders → order_store → order_rows: a chain the use case follows.
    let graph = ModuleGraph {
        dependencies: vec![
            dep(1, 2, 2.0),
            dep(2, 3, 1.0),
            dep(3, 4, 1.0),
            dep(5, 6, 1.0),
        ],
    };
    let use_cases = |g: &signals::Signals| -> Vec<(ModuleIdx, Vec<usize>)> {
        (0..g.kinds.len())
            .filter_map(|x| match g.kinds[x] {
                signals::NodeKind::UseCase(m) => {
                    let mut linked: Vec<usize> = g
                        .graph
                        .edges
                        .iter()
                        .filter(|(_, b, w)| *b == x && *w > 0.0)
                        .map(|(a, _, _)| *a)
                        .collect();
                    linked.sort_unstable();
                    Some((m, linked))
                }
                _ => None,
            })
            .collect()
    };
    // A library has no use cases: its entries are its whole public API.
    let library = affinity_with(&p, &graph, &nodes, &Tuning::default());
    assert!(use_cases(&library).is_empty());
    p.crates[0].kind = "bin".into();
    let app = affinity_with(&p, &graph, &nodes, &Tuning::default());
    // The orders route reaches the whole chain (nodes 0..=3); the users route, two modules,
    // is no use case worth a node.
    assert_eq!(use_cases(&app), vec![(1, vec![0, 1, 2, 3])]);
    let shallow = affinity_with(
        &p,
        &graph,
        &nodes,
        &Tuning {
            usecase_depth: 1.0,
            ..Tuning::default()
        },
    );
    assert!(
        use_cases(&shallow).is_empty(),
        "one step reaches only `orders`"
    );
    let off = affinity_with(
        &p,
        &graph,
        &nodes,
        &Tuning {
            usecase: 0.0,
            ..Tuning::default()
        },
    );
    assert!(use_cases(&off).is_empty());
}

#[test]
fn how_settled_an_api_is_names_no_domain() {
    // Each word is in two modules or more, as a term must be in an app this small.
    let p = program(&[
        ("app", None, 0),                            // 0
        ("app::unstable", Some(0), 1),               // 1
        ("app::unstable::sync_sliding", Some(1), 1), // 2
        ("app::legacy_login", Some(0), 1),           // 3
        ("app::legacy_media", Some(0), 1),           // 4
        ("app::experimental_sync", Some(0), 1),      // 5
        ("app::experimental_push", Some(0), 1),      // 6
        ("app::login", Some(0), 1),                  // 7
        ("app::media", Some(0), 1),                  // 8
        ("app::push", Some(0), 1),                   // 9
    ]);
    let nodes: Vec<ModuleIdx> = (1..10).collect();
    let terms = Vocabulary::build(&p, &DataGraph::default(), &nodes, &BTreeSet::new()).terms;
    for word in ["unstable", "legacy", "experimental"] {
        assert!(!terms.iter().any(|t| t == word), "{word}: {terms:?}");
    }
    for word in ["sync", "login", "media", "push"] {
        assert!(terms.iter().any(|t| t == word), "{word}: {terms:?}");
    }
}

#[test]
fn an_applications_umbrella_package_draws_no_boundary() {
    // `gate` wraps `gate-orders` and `gate-billing` (its `orders_api` module serves orders).
    let mut p = workspace(
        &["gate", "gate_orders", "gate_billing"],
        &[
            ("gate", 0, None),                     // 0
            ("gate::orders_api", 0, Some(0)),      // 1
            ("gate::billing_api", 0, Some(0)),     // 2
            ("gate_orders", 1, None),              // 3
            ("gate_orders::cart", 1, Some(3)),     // 4
            ("gate_billing", 2, None),             // 5
            ("gate_billing::invoice", 2, Some(5)), // 6
        ],
        10,
    );
    let nodes: Vec<ModuleIdx> = vec![1, 2, 4, 6];
    let packages = |p: &Program| -> Vec<usize> {
        let g = affinity(p, &nodes);
        g.kinds
            .iter()
            .filter_map(|k| match k {
                signals::NodeKind::Package(krate) => Some(*krate),
                _ => None,
            })
            .collect()
    };
    // A library's every package is a boundary its developers drew.
    assert_eq!(packages(&p), vec![0, 1, 2]);
    p.crates[0].kind = "bin".into();
    assert_eq!(packages(&p), vec![1, 2]);
}

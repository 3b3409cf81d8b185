//! Unit tests of the proposal's rules on small programs.

use super::roles::{Classification, Place, classify, words};
use super::vocab::{Vocabulary, stem};
use super::*;
use crate::data::{DataAccess, DataNode};
use crate::graph::{Dependency, Weights};
use crate::model::{
    Access, CrateInfo, DataKind, EdgeKind, Item, ItemKind, Location, Module, Reference,
};

/// Asserts that each of `modules` is in `place`, naming the module and the reason given.
fn assert_placed(p: &Program, c: &Classification, modules: &[ModuleIdx], place: Place) {
    for &m in modules {
        assert_eq!(c.place[m], place, "{}: {:?}", p.modules[m].id, c.reason[m]);
    }
}

/// A one-crate program from `(id, parent, items)` in index order.
fn program(modules: &[(&str, Option<ModuleIdx>, u32)]) -> Program {
    Program {
        crates: vec![CrateInfo {
            name: "app".into(),
            package: "app".into(),
            kind: "lib".into(),
            root_file: "src/lib.rs".into(),
            edition: "2021".into(),
        }],
        modules: modules
            .iter()
            .map(|&(id, parent, items)| Module {
                id: id.to_string(),
                parent,
                items,
                loc: 10,
                ..Module::default()
            })
            .collect(),
        ..Program::default()
    }
}

/// A program of several library crates (one package each, named like the crate) from
/// `(id, crate index, parent)` in index order, every module `loc` lines long.
pub(super) fn workspace(
    crates: &[&str],
    modules: &[(&str, usize, Option<ModuleIdx>)],
    loc: u32,
) -> Program {
    Program {
        crates: crates
            .iter()
            .map(|name| CrateInfo {
                name: name.to_string(),
                package: name.replace('_', "-"),
                kind: "lib".into(),
                root_file: format!("{name}/src/lib.rs"),
                edition: "2021".into(),
            })
            .collect(),
        modules: modules
            .iter()
            .map(|&(id, krate, parent)| Module {
                id: id.to_string(),
                krate,
                parent,
                loc,
                ..Module::default()
            })
            .collect(),
        ..Program::default()
    }
}

/// The classification of `p` alone: no references, no data, default strengths.
fn classify_bare(p: &Program) -> Classification {
    classify(
        p,
        &ModuleGraph::default(),
        &DataGraph::default(),
        &Tuning::default(),
    )
}

/// `program` as an application: its crate is a binary.
fn application(modules: &[(&str, Option<ModuleIdx>, u32)]) -> Program {
    let mut p = program(modules);
    p.crates[0].kind = "bin".into();
    p.crates[0].root_file = "src/main.rs".into();
    p
}

/// `spec` classified as an application (its crate a binary) and as a library, each with the
/// graph (and items) that `build` gives it.
fn as_app_and_lib(
    spec: &[(&str, Option<ModuleIdx>, u32)],
    build: impl Fn(&mut Program) -> ModuleGraph,
) -> [(Program, Classification); 2] {
    [application(spec), program(spec)].map(|mut p| {
        let graph = build(&mut p);
        let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
        (p, c)
    })
}

fn dep(from: ModuleIdx, to: ModuleIdx, weight: f64) -> Dependency {
    Dependency {
        from,
        to,
        weight,
        count: 1,
        kinds: [(EdgeKind::Use, 1)].into_iter().collect(),
    }
}

/// Node `i` of an affinity graph is module `nodes[i]`; the map back, over `n` modules.
fn nodes_of(n: usize, nodes: &[ModuleIdx]) -> Vec<Option<usize>> {
    let mut node_of = vec![None; n];
    for (i, &m) in nodes.iter().enumerate() {
        node_of[m] = Some(i);
    }
    node_of
}

pub(super) fn item(p: &Program, module: ModuleIdx, name: &str, kind: ItemKind) -> Item {
    Item {
        id: format!("{}::{name}", p.modules[module].id),
        name: name.to_string(),
        module,
        kind,
        location: Location {
            file: String::new(),
            line: 1,
            column: 0,
        },
        sql_name: None,
    }
}

fn table(id: &str, accesses: &[(ModuleIdx, u32, u32)]) -> DataNode {
    DataNode {
        id: format!("table:{id}"),
        kind: DataKind::Table,
        defined_in: None,
        accesses: accesses
            .iter()
            .map(|&(module, reads, writes)| DataAccess {
                module,
                reads,
                writes,
            })
            .collect(),
        sites: Vec::new(),
        via_calls: Vec::new(),
        related: Vec::new(),
    }
}

/// A layered app: handlers and models of three aggregates, an error module every handler
/// uses, a db module, and the tables the models write.
fn layered() -> (Program, ModuleGraph, DataGraph) {
    let mut p = program(&[
        ("app", None, 0),                        // 0
        ("app::db", Some(0), 2),                 // 1
        ("app::error", Some(0), 1),              // 2
        ("app::handlers", Some(0), 0),           // 3
        ("app::handlers::orders", Some(3), 3),   // 4
        ("app::handlers::payments", Some(3), 3), // 5
        ("app::handlers::users", Some(3), 3),    // 6
        ("app::models", Some(0), 0),             // 7
        ("app::models::order", Some(7), 2),      // 8
        ("app::models::payment", Some(7), 2),    // 9
        ("app::models::user", Some(7), 2),       // 10
    ]);
    p.items = vec![
        item(&p, 8, "Order", ItemKind::Struct),
        item(&p, 9, "Payment", ItemKind::Struct),
        item(&p, 10, "User", ItemKind::Struct),
    ];
    p.items.sort_by(|a, b| a.id.cmp(&b.id));
    let mut deps = Vec::new();
    for (h, m) in [(4, 8), (5, 9), (6, 10)] {
        deps.push(dep(h, m, 6.0));
        deps.push(dep(h, 2, 2.0));
        deps.push(dep(h, 1, 2.0));
        deps.push(dep(m, 1, 1.0));
        deps.push(dep(m, 2, 1.0));
    }
    // Orders know who ordered and how it was paid.
    deps.push(dep(4, 10, 1.0));
    deps.push(dep(8, 9, 1.0));
    deps.sort_by_key(|d| (d.from, d.to));
    let graph = ModuleGraph { dependencies: deps };
    let data = DataGraph {
        nodes: vec![
            table("orders", &[(4, 1, 0), (8, 3, 2)]),
            table("payments", &[(9, 2, 2)]),
            table("users", &[(8, 1, 0), (10, 3, 2)]),
        ],
        diagnostics: Vec::new(),
    };
    (p, graph, data)
}

#[test]
fn words_split_snake_kebab_and_camel_case() {
    assert_eq!(words("two_factor"), ["two", "factor"]);
    assert_eq!(words("CipherData"), ["cipher", "data"]);
    assert_eq!(words("kellnr-web-ui"), ["kellnr", "web", "ui"]);
    assert_eq!(words("r#type"), ["type"]);
    assert_eq!(words("shop[bin]"), ["shop", "bin"]);
}

#[test]
fn stems_are_singular() {
    assert_eq!(stem("ciphers"), "cipher");
    assert_eq!(stem("categories"), "category");
    assert_eq!(stem("addresses"), "address");
    assert_eq!(stem("status"), "status");
    assert_eq!(stem("access"), "access");
    assert_eq!(stem("analysis"), "analysis");
}

#[test]
fn kernel_is_chosen_by_breadth_and_name_not_by_fan_in_alone() {
    let (p, graph, data) = layered();
    let c = classify(&p, &graph, &data, &Tuning::default());
    let apart: Vec<&str> = (0..p.modules.len())
        .filter(|&m| c.place[m] == Place::Apart(Role::SharedKernel))
        .map(|m| p.modules[m].id.as_str())
        .collect();
    assert_eq!(apart, ["app::db", "app::error"]);
    // Directory modules that declare their children only, and the crate root, are roots.
    let roots: Vec<&str> = (0..p.modules.len())
        .filter(|&m| c.place[m] == Place::Root)
        .map(|m| p.modules[m].id.as_str())
        .collect();
    assert_eq!(roots, ["app", "app::handlers", "app::models"]);
    // Each kernel module says why.
    assert!(
        c.reason[2]
            .as_deref()
            .is_some_and(|r| r.contains("`error`"))
    );
    // `db`, a weak cue, is kernel for its use across groups, and so is `error`, a strong cue
    // outside the configuration, middleware and health families: filed in a domain's folder,
    // either would rejoin that domain.
    let by_use: Vec<&str> = (0..p.modules.len())
        .filter(|&m| c.by_use[m])
        .map(|m| p.modules[m].id.as_str())
        .collect();
    assert_eq!(by_use, ["app::db", "app::error"]);
}

#[test]
fn a_layered_app_splits_by_aggregate_not_by_folder() {
    let (p, graph, data) = layered();
    let proposal = propose(&p, &graph, &data, &ProposalOptions::default());
    let services: Vec<(String, Vec<&str>)> = proposal
        .services
        .iter()
        .filter(|s| s.role == Role::Service)
        .map(|s| {
            (
                s.name.clone(),
                s.modules
                    .iter()
                    .map(|&m| p.modules[m].id.as_str())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        services,
        [
            (
                "orders".to_string(),
                vec!["app::handlers::orders", "app::models::order"]
            ),
            (
                "payments".to_string(),
                vec!["app::handlers::payments", "app::models::payment"]
            ),
            (
                "users".to_string(),
                vec!["app::handlers::users", "app::models::user"]
            ),
        ]
    );
    // Every clustered module has evidence for its place, and a positive margin here.
    for pl in proposal.placement.iter().filter(|pl| pl.reason.is_none()) {
        assert!(!pl.evidence.is_empty(), "{}", p.modules[pl.module].id);
        assert!(pl.margin > 0.0, "{}", p.modules[pl.module].id);
    }
    assert!(proposal.count_reason.starts_with("3 services"));
}

#[test]
fn requested_counts_are_met_exactly_or_explained() {
    let (p, graph, data) = layered();
    for k in 1..=6 {
        let proposal = propose(
            &p,
            &graph,
            &data,
            &ProposalOptions {
                services: Some(k),
                ..ProposalOptions::default()
            },
        );
        let found = proposal
            .services
            .iter()
            .filter(|s| s.role == Role::Service)
            .count();
        assert_eq!(found, k, "asked for {k}");
        assert!(proposal.note.is_none());
        // The reason states the final count.
        let plural = if k == 1 { "" } else { "s" };
        assert_eq!(
            proposal.count_reason,
            format!("{k} service{plural}: as asked")
        );
    }
    // Six clustered modules cannot make seven services: said, not hidden.
    let proposal = propose(
        &p,
        &graph,
        &data,
        &ProposalOptions {
            services: Some(7),
            ..ProposalOptions::default()
        },
    );
    assert!(
        proposal
            .note
            .as_deref()
            .is_some_and(|n| n.contains("asked for 7"))
    );
}

#[test]
fn migrations_tests_and_front_ends_are_set_apart() {
    let mut p = program(&[
        ("app", None, 0),
        ("app::billing", Some(0), 2),
        ("app::db_migrations", Some(0), 1),
        ("app::test_utils", Some(0), 1),
    ]);
    // The program uses a database: its migrations are that database's.
    p.modules[1].external = ["diesel".to_string()].into_iter().collect();
    p.crates.push(CrateInfo {
        name: "app_web".into(),
        package: "app-web".into(),
        kind: "lib".into(),
        root_file: "web/src/lib.rs".into(),
        edition: "2021".into(),
    });
    p.modules.push(Module {
        id: "app_web".into(),
        krate: 1,
        external: ["yew".to_string()].into_iter().collect(),
        ..Module::default()
    });
    p.modules.push(Module {
        id: "app_web::pages".into(),
        krate: 1,
        parent: Some(4),
        items: 3,
        ..Module::default()
    });
    let c = classify_bare(&p);
    assert_eq!(c.place[1], Place::Cluster);
    assert_eq!(c.place[2], Place::Apart(Role::Migrations));
    assert_eq!(c.place[3], Place::Apart(Role::TestSupport));
    assert_eq!(c.place[4], Place::Apart(Role::Frontend));
    assert_eq!(c.place[5], Place::Apart(Role::Frontend));
    // A kit of test helpers (kanidm's `testkit`) by its one word.
    p.modules[3].id = "app::testkit".into();
    let c = classify_bare(&p);
    assert_eq!(c.place[3], Place::Apart(Role::TestSupport));
}

#[test]
fn a_desktop_application_is_not_set_apart_as_a_front_end() {
    // One package, its binary built on a UI framework: the front-end is the program.
    let mut p = program(&[
        ("app", None, 0),
        ("app::capture", Some(0), 2),
        ("app::gui", Some(0), 2),
        ("app::gui::pages", Some(2), 2),
    ]);
    for m in &mut p.modules {
        m.external = ["iced".to_string()].into_iter().collect();
    }
    let c = classify_bare(&p);
    for m in 1..4 {
        assert_eq!(c.place[m], Place::Cluster, "{}", p.modules[m].id);
    }
    // Beside a server package, the same crate is a client of its services again.
    p.crates.push(CrateInfo {
        name: "app_server".into(),
        package: "app-server".into(),
        kind: "bin".into(),
        root_file: "server/src/main.rs".into(),
        edition: "2021".into(),
    });
    p.modules.push(Module {
        id: "app_server".into(),
        krate: 1,
        ..Module::default()
    });
    p.modules.push(Module {
        id: "app_server::orders".into(),
        krate: 1,
        parent: Some(4),
        items: 3,
        ..Module::default()
    });
    let c = classify_bare(&p);
    assert_eq!(c.place[1], Place::Apart(Role::Frontend));
    assert_eq!(c.place[5], Place::Cluster);
}

#[test]
fn names_are_unique_domain_terms_never_numbered_nor_module_ids() {
    let (p, _, data) = layered();
    let nodes: Vec<ModuleIdx> = vec![4, 5, 6, 8, 9, 10];
    let terms = Vocabulary::build(&p, &data, &nodes, &BTreeSet::new());
    // Two services that both look like `orders`: the second takes its next term.
    let mut services = vec![
        ServiceCandidate {
            name: String::new(),
            modules: vec![4, 8],
            role: Role::Service,
        },
        ServiceCandidate {
            name: String::new(),
            modules: vec![9],
            role: Role::Service,
        },
        ServiceCandidate {
            name: String::new(),
            modules: vec![6, 10],
            role: Role::Service,
        },
    ];
    naming::name_services(&p, &data, &terms, &mut services);
    let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["orders", "payments", "users"]);
    for s in &services {
        assert!(!s.name.chars().any(|c| c.is_ascii_digit()));
        assert!(p.module_index(&s.name).is_none());
    }
}

#[test]
fn library_crate_roots_join_the_service_they_front() {
    let mut p = program(&[
        ("app", None, 0),
        ("app::a", Some(0), 1),
        ("app::b", Some(0), 1),
    ]);
    p.crates[0].kind = "lib".into();
    let c = classify_bare(&p);
    let mut groups = vec![vec![1, 2]];
    let roots = placement::attach_roots(&p, &c, &mut groups);
    assert!(roots.is_empty());
    assert_eq!(groups, [vec![1, 2, 0]]);
    // Split two ways, the root fronts neither and stays a composition root.
    let mut groups = vec![vec![1], vec![2]];
    assert_eq!(placement::attach_roots(&p, &c, &mut groups), [0]);
}

#[test]
fn entity_modules_join_the_handlers_that_reach_their_tables() {
    // Entities in their own folder, reached by the handlers only through a repository (`db`)
    // every handler calls: without the rule, each entity pair is a "service" of two.
    let mut p = program(&[
        ("app", None, 0),                          // 0
        ("app::api", Some(0), 0),                  // 1
        ("app::api::billing", Some(1), 3),         // 2
        ("app::api::billing::pay", Some(2), 3),    // 3
        ("app::api::people", Some(1), 3),          // 4
        ("app::api::people::invite", Some(4), 3),  // 5
        ("app::db", Some(0), 9),                   // 6
        ("app::entity", Some(0), 0),               // 7
        ("app::entity::invoice", Some(7), 2),      // 8
        ("app::entity::invoice_line", Some(7), 2), // 9
        ("app::entity::member", Some(7), 2),       // 10
        ("app::entity::member_role", Some(7), 2),  // 11
    ]);
    p.items = vec![item(&p, 6, "Db", ItemKind::Trait)];
    let mut deps = Vec::new();
    for h in [2, 3, 4, 5] {
        deps.push(dep(h, 6, 3.0));
    }
    for e in [8, 9, 10, 11] {
        deps.push(dep(6, e, 4.0));
    }
    deps.extend([
        dep(3, 2, 2.0),
        dep(5, 4, 2.0),
        dep(9, 8, 3.0),
        dep(11, 10, 3.0),
    ]);
    deps.sort_by_key(|d| (d.from, d.to));
    let graph = ModuleGraph { dependencies: deps };
    let declared = |name: &str, defined_in: ModuleIdx, via: &[ModuleIdx]| {
        let mut t = table(name, &[(6, 2, 2)]);
        t.defined_in = Some(defined_in);
        t.via_calls = via
            .iter()
            .map(|&module| DataAccess {
                module,
                reads: 1,
                writes: 1,
            })
            .collect();
        t
    };
    let data = DataGraph {
        nodes: vec![
            declared("invoice_lines", 9, &[2]),
            declared("invoices", 8, &[2, 3]),
            declared("member_roles", 11, &[5]),
            declared("members", 10, &[4, 5]),
        ],
        diagnostics: Vec::new(),
    };
    let proposal = propose(&p, &graph, &data, &ProposalOptions::default());
    let service_of = |m: ModuleIdx| {
        proposal.membership[m]
            .map(|s| proposal.services[s].name.clone())
            .unwrap_or_default()
    };
    for (entity, handler) in [(8, 2), (9, 2), (10, 4), (11, 4)] {
        assert_eq!(
            service_of(entity),
            service_of(handler),
            "{} is not with {}: {:#?}",
            p.modules[entity].id,
            p.modules[handler].id,
            proposal.services
        );
    }
    assert_ne!(service_of(2), service_of(4), "{:#?}", proposal.services);
}

mod affinity;
mod aggregates;
mod folder_rules;
mod infrastructure;
mod reach;
mod set_apart;
mod small_apps;

#[test]
fn a_type_named_like_a_table_stays_with_a_domain_however_widely_used() {
    // Six areas with a child each; `order` and `money` are used by every child.
    let mut spec: Vec<(String, Option<ModuleIdx>, u32)> = vec![("app".into(), None, 0)];
    for area in ["a", "b", "c", "d", "e", "f"] {
        let parent = spec.len();
        spec.push((format!("app::{area}"), Some(0), 1));
        spec.push((format!("app::{area}::x"), Some(parent), 1));
    }
    let order = spec.len();
    spec.push(("app::order".into(), Some(0), 2));
    let money = spec.len();
    spec.push(("app::money".into(), Some(0), 2));
    let ids: Vec<(&str, Option<ModuleIdx>, u32)> = spec
        .iter()
        .map(|(id, p, i)| (id.as_str(), *p, *i))
        .collect();
    let p = program(&ids);
    let mut dependencies = Vec::new();
    for child in (2..order).step_by(2) {
        dependencies.push(dep(child, order, 2.0));
        dependencies.push(dep(child, money, 2.0));
    }
    let graph = ModuleGraph { dependencies };
    let data = DataGraph {
        nodes: vec![table("orders", &[(2, 0, 1), (4, 0, 1)])],
        ..DataGraph::default()
    };
    let c = classify(&p, &graph, &data, &Tuning::default());
    assert_eq!(c.place[money], Place::Apart(Role::SharedKernel));
    assert_eq!(c.place[order], Place::Cluster, "{:?}", c.reason[order]);
}

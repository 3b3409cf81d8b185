//! Tests of the folder rules: what the developers filed together stays together after
//! clustering, unless the folder is a layer.

use super::*;

/// The folder rule with no folder taken for a layer by its shape.
fn join_folders(p: &Program, node_of: &[Option<usize>], membership: &mut [usize], tune: &Tuning) {
    folders::join_folders(p, node_of, membership, tune, &BTreeSet::new());
}

#[test]
fn a_small_service_nested_in_another_services_directory_joins_it() {
    let p = program(&[
        ("app", None, 0),                               // 0
        ("app::protocol", Some(0), 2),                  // 1
        ("app::protocol::core", Some(1), 2),            // 2
        ("app::protocol::getting", Some(1), 1),         // 3
        ("app::protocol::getting::routes", Some(3), 2), // 4
        ("app::notifiers", Some(0), 2),                 // 5
        ("app::notifiers::http", Some(5), 2),           // 6
        ("app::hooks", Some(0), 2),                     // 7
    ]);
    // Every module but the crate root is clustered: node i is module i + 1.
    let nodes: Vec<ModuleIdx> = (1..8).collect();
    let node_of = nodes_of(8, &nodes);
    // `protocol::getting` and its routes came out alone (their own word), and so did `hooks`;
    // one more node (a term) follows the modules.
    let mut membership = vec![0, 0, 1, 1, 2, 2, 3, 1];
    folders::join_nested(&p, &nodes, &node_of, &mut membership, 7);
    // Nested below `protocol`, `getting` is part of it.
    assert_eq!(membership[2], 0);
    assert_eq!(membership[3], 0);
    // `hooks` sits at the top, below no service: it stays.
    assert_eq!(membership[6], 3);
    assert_eq!(membership[4], 2);
    // The term node is left as it was.
    assert_eq!(membership[7], 1);
}

#[test]
fn platform_versions_of_a_module_join_its_service() {
    let p = program(&[
        ("app", None, 0),                                  // 0
        ("app::disks", Some(0), 2),                        // 1
        ("app::disks::unix", Some(1), 2),                  // 2
        ("app::disks::unix::linux", Some(2), 2),           // 3
        ("app::disks::unix::linux::counters", Some(3), 2), // 4
        ("app::disks::windows", Some(1), 2),               // 5
        ("app::disks::io_counters", Some(1), 2),           // 6
        ("app::disks::io_counters[7]", Some(1), 2),        // 7
        ("app::unix", Some(0), 2),                         // 8
        ("app::sandbox", Some(0), 2),                      // 9
        ("app::sandbox::linux", Some(9), 2),               // 10
        ("app[bin]", None, 0),                             // 11
        ("app[bin]::disks", Some(11), 2),                  // 12
    ]);
    // Every module but the crate root and `sandbox` (set apart) is clustered: one node each.
    let nodes: Vec<ModuleIdx> = vec![1, 2, 3, 4, 5, 6, 7, 8, 10, 12];
    let node_of = nodes_of(13, &nodes);
    // Each platform's files came out by their shared words (`counters`, `unix`); a term node
    // follows the modules.
    let mut membership = vec![0, 1, 1, 2, 3, 4, 5, 1, 6, 7, 1];
    folders::join_platform_versions(&p, &nodes, &node_of, &mut membership, 10);
    // Every version of `disks` is with `disks`, however deep.
    assert_eq!(&membership[..5], &[0, 0, 0, 0, 0]);
    // A second declaration of a path under another `cfg` joins the first.
    assert_eq!(membership[5], 4);
    assert_eq!(membership[6], 4);
    // A crate's own top-level `unix` has no code it is a version of; one below a module
    // that is not clustered stays where it is; the term node is left as it was.
    assert_eq!(membership[7], 1);
    assert_eq!(membership[8], 6);
    // A binary's module is no copy of the library's module of the same path.
    assert_eq!(membership[9], 7);
    assert_eq!(membership[10], 1);
}

#[test]
fn a_small_folder_split_by_the_clustering_is_kept_whole() {
    let p = program(&[
        ("app", None, 0),                        // 0
        ("app::channel", Some(0), 2),            // 1
        ("app::channel::handle", Some(1), 2),    // 2
        ("app::channel::listen", Some(1), 2),    // 3
        ("app::channel::mode", Some(1), 2),      // 4
        ("app::store", Some(0), 2),              // 5
        ("app::store::kv", Some(5), 2),          // 6
        ("app::handlers", Some(0), 0),           // 7
        ("app::handlers::orders", Some(7), 2),   // 8
        ("app::handlers::invoices", Some(7), 2), // 9
        ("app::handlers::users", Some(7), 2),    // 10
    ]);
    let nodes: Vec<ModuleIdx> = (1..11).collect();
    let node_of = nodes_of(11, &nodes);
    // `channel::mode` went with the store on a shared word; each handler with its domain; a
    // term node follows the modules.
    let mut membership = vec![0, 0, 0, 1, 1, 1, 2, 3, 4, 5, 1];
    let before = membership.clone();
    join_folders(&p, &node_of, &mut membership, &Tuning::default());
    // Three of `channel`'s four modules are in one service: `mode` joins them.
    assert_eq!(&membership[..4], &[0, 0, 0, 0]);
    // `store` is whole already; `handlers` is a layer, one part of every domain: untouched.
    assert_eq!(&membership[4..], &before[4..]);
    // Off, nothing moves.
    let mut off = before.clone();
    join_folders(
        &p,
        &node_of,
        &mut off,
        &Tuning {
            folder: 0.0,
            folder_big: 0.0,
            ..Tuning::default()
        },
    );
    assert_eq!(off, before);
    // A folder larger than the limits is left alone.
    let mut large = before.clone();
    join_folders(
        &p,
        &node_of,
        &mut large,
        &Tuning {
            folder: 3.0,
            folder_big: 0.0,
            ..Tuning::default()
        },
    );
    assert_eq!(large, before);
}

#[test]
fn a_folder_inside_a_layer_and_a_subfolder_of_its_own_are_left_alone() {
    let p = program(&[
        ("app", None, 0),                               // 0
        ("app::routes", Some(0), 0),                    // 1
        ("app::routes::admin", Some(1), 2),             // 2
        ("app::routes::admin::newsletter", Some(2), 2), // 3
        ("app::routes::admin::password", Some(2), 2),   // 4
        ("app::resources", Some(0), 1),                 // 5
        ("app::resources::fonts", Some(5), 2),          // 6
        ("app::resources::fonts::glyphs", Some(6), 2),  // 7
        ("app::resources::sprites", Some(5), 2),        // 8
        ("app::resources::styles", Some(5), 2),         // 9
        ("app::resources::styles::render", Some(9), 2), // 10
        ("app::resources::walk", Some(5), 2),           // 11
    ]);
    let nodes: Vec<ModuleIdx> = (1..12).collect();
    let node_of = nodes_of(12, &nodes);
    // `routes::admin` holds two domains' handlers; `resources` holds fonts and sprites (one
    // service), styles (another, whole) and a helper that went with the styles.
    let mut membership = vec![0, 1, 2, 3, 4, 4, 4, 4, 5, 5, 5];
    join_folders(&p, &node_of, &mut membership, &Tuning::default());
    // Below a layer folder, nothing moves.
    assert_eq!(&membership[..4], &[0, 1, 2, 3]);
    // `styles` is a subfolder wholly in its own service: it stays; the loose `walk` joins the
    // majority of `resources`.
    assert_eq!(&membership[4..], &[4, 4, 4, 4, 5, 5, 4]);
}

#[test]
fn on_a_tie_the_folders_own_module_decides() {
    let p = program(&[
        ("app", None, 0),                    // 0
        ("app::styles", Some(0), 2),         // 1
        ("app::styles::error", Some(1), 2),  // 2
        ("app::styles::pool", Some(1), 2),   // 3
        ("app::styles::render", Some(1), 2), // 4
    ]);
    let nodes: Vec<ModuleIdx> = (1..5).collect();
    let node_of = nodes_of(5, &nodes);
    let mut membership = vec![1, 0, 0, 1];
    join_folders(&p, &node_of, &mut membership, &Tuning::default());
    assert_eq!(membership, [1, 1, 1, 1]);
}

/// A folder `app::NAME` of `size` modules below the crate root, the first `home` of them in
/// service 0 and the rest each in a service of its own; returns the memberships after the rule.
fn larger_folder(name: &str, size: usize, home: usize) -> Vec<usize> {
    let folder = format!("app::{name}");
    let ids: Vec<String> = (0..size).map(|i| format!("{folder}::part{i}")).collect();
    let mut list: Vec<(&str, Option<usize>, u32)> = vec![("app", None, 0), (&folder, Some(0), 2)];
    list.extend(ids.iter().map(|id| (id.as_str(), Some(1), 2)));
    let p = program(&list);
    let nodes: Vec<ModuleIdx> = (1..size + 2).collect();
    let node_of = nodes_of(size + 2, &nodes);
    // The folder's own module and its first `home` children in service 0.
    let mut membership: Vec<usize> = (0..=size).map(|i| if i <= home { 0 } else { i }).collect();
    join_folders(&p, &node_of, &mut membership, &Tuning::default());
    membership
}

#[test]
fn a_larger_folder_is_kept_whole_only_when_two_thirds_of_it_is_in_one_service() {
    // 21 clustered modules, 15 in one service (over two thirds): the other 6 join it.
    assert!(larger_folder("pattern", 20, 14).iter().all(|&s| s == 0));
    // 21 modules, 11 in one service: a bare majority is not enough above ten modules.
    let split = larger_folder("pattern", 20, 10);
    assert_eq!(split.iter().filter(|&&s| s == 0).count(), 11);
    // 41 modules, 35 in one service: past the second limit (30), the folder is left alone.
    let large = larger_folder("pattern", 40, 34);
    assert_eq!(large.iter().filter(|&&s| s == 0).count(), 35);
    // A layer folder of that size is not touched either.
    let layer = larger_folder("handlers", 20, 14);
    assert_eq!(layer.iter().filter(|&&s| s == 0).count(), 15);
}

#[test]
fn a_folder_inside_the_command_layer_is_one_group_of_commands() {
    let mut p = program(&[
        ("app", None, 0),                               // 0
        ("app::commands", Some(0), 0),                  // 1
        ("app::commands::profile", Some(1), 2),         // 2
        ("app::commands::profile::create", Some(2), 2), // 3
        ("app::commands::profile::delete", Some(2), 2), // 4
        ("app::commands::pack", Some(1), 2),            // 5
        ("app::commands::pack::create", Some(5), 2),    // 6
        ("app::commands::pack::delete", Some(5), 2),    // 7
    ]);
    p.crates[0].kind = "bin".into();
    let nodes: Vec<ModuleIdx> = (1..8).collect();
    let node_of = nodes_of(8, &nodes);
    // The two `delete` commands went together on their shared word.
    let mut membership = vec![0, 1, 1, 2, 3, 3, 2];
    join_folders(&p, &node_of, &mut membership, &Tuning::default());
    // Each command group is whole again; the command layer itself is left alone.
    assert_eq!(membership, [0, 1, 1, 1, 3, 3, 3]);
    // In a library, `commands` is a word like any other: the same.
    p.crates[0].kind = "lib".into();
    let mut membership = vec![0, 1, 1, 2, 3, 3, 2];
    join_folders(&p, &node_of, &mut membership, &Tuning::default());
    assert_eq!(membership, [0, 1, 1, 1, 3, 3, 3]);
}

#[test]
fn a_module_the_folder_rule_leaves_alone_joins_the_service_it_is_most_attached_to() {
    let p = program(&[
        ("app", None, 0),                     // 0
        ("app::profile", Some(0), 2),         // 1
        ("app::profile::create", Some(1), 2), // 2
        ("app::profile::delete", Some(1), 2), // 3
        ("app::purge", Some(0), 2),           // 4
        ("app::pack", Some(0), 2),            // 5
        ("app::pack::create", Some(5), 2),    // 6
    ]);
    let nodes: Vec<ModuleIdx> = (1..7).collect();
    let node_of = nodes_of(7, &nodes);
    // `profile::delete` came out with `purge` on their shared word.
    let mut membership = vec![0, 0, 1, 1, 2, 2];
    join_folders(&p, &node_of, &mut membership, &Tuning::default());
    // It rejoined its folder; `purge` is now a service of one.
    assert_eq!(membership, [0, 0, 0, 1, 2, 2]);
    // `purge` is most attached to `pack`: it joins that service, not a service of one.
    let g = signals::Signals {
        graph: crate::cluster::affinity::AffinityGraph::new(
            6,
            vec![(3, 4, 2.0), (3, 2, 1.0), (0, 1, 2.0), (4, 5, 2.0)],
        ),
        kinds: (0..6).map(signals::NodeKind::Module).collect(),
    };
    placement::settle(&mut membership, &g, &DataGraph::default(), 6, &node_of);
    assert_eq!(membership, [0, 0, 0, 2, 2, 2]);
}

/// gitu's shape: `ops`, `screen` and `git` name their children alike and those reference
/// each other; `tcp` and `udp` name theirs alike too but are two variants, no layers; each
/// domain's `entity` and `repo` make no layer of anything.
fn layered_by_shape() -> (Program, ModuleGraph) {
    let p = program(&[
        ("app", None, 0),                      // 0
        ("app::git", Some(0), 1),              // 1
        ("app::git::commit", Some(1), 1),      // 2
        ("app::git::log", Some(1), 1),         // 3
        ("app::git::stash", Some(1), 1),       // 4
        ("app::git::status", Some(1), 1),      // 5
        ("app::ops", Some(0), 1),              // 6
        ("app::ops::commit", Some(6), 1),      // 7
        ("app::ops::log", Some(6), 1),         // 8
        ("app::ops::stash", Some(6), 1),       // 9
        ("app::ops::fetch", Some(6), 1),       // 10
        ("app::screen", Some(0), 1),           // 11
        ("app::screen::log", Some(11), 1),     // 12
        ("app::screen::stash", Some(11), 1),   // 13
        ("app::screen::status", Some(11), 1),  // 14
        ("app::tcp", Some(0), 1),              // 15
        ("app::tcp::local", Some(15), 1),      // 16
        ("app::tcp::redir", Some(15), 1),      // 17
        ("app::tcp::tunnel", Some(15), 1),     // 18
        ("app::udp", Some(0), 1),              // 19
        ("app::udp::local", Some(19), 1),      // 20
        ("app::udp::redir", Some(19), 1),      // 21
        ("app::udp::tunnel", Some(19), 1),     // 22
        ("app::orders", Some(0), 1),           // 23
        ("app::orders::entity", Some(23), 1),  // 24
        ("app::orders::repo", Some(23), 1),    // 25
        ("app::orders::pricing", Some(23), 1), // 26
        ("app::users", Some(0), 1),            // 27
        ("app::users::entity", Some(27), 1),   // 28
        ("app::users::repo", Some(27), 1),     // 29
        ("app::users::login", Some(27), 1),    // 30
    ]);
    let graph = ModuleGraph {
        dependencies: vec![
            dep(7, 2, 1.0),
            dep(8, 12, 1.0),
            dep(9, 4, 1.0),
            dep(13, 4, 1.0),
            dep(16, 17, 1.0),
            dep(20, 21, 1.0),
            dep(24, 28, 1.0),
            dep(25, 29, 1.0),
        ],
    };
    (p, graph)
}

#[test]
fn folders_whose_like_named_children_reference_each_other_are_layers() {
    let (p, graph) = layered_by_shape();
    let layers = folders::mirrored_layers(&p, &graph);
    assert_eq!(layers, BTreeSet::from([1, 6, 11]));
    // Without the references, parallel folders are variants.
    let none = ModuleGraph::default();
    assert!(folders::mirrored_layers(&p, &none).is_empty());
    // A layer names no domain of what it holds: `ops` is no term of `ops::commit`, while
    // `commit` still is.
    let nodes: Vec<ModuleIdx> = (1..p.modules.len()).collect();
    let terms = Vocabulary::build(&p, &DataGraph::default(), &nodes, &layers);
    let of = |m: ModuleIdx| -> Vec<&str> {
        terms
            .of_module(m)
            .iter()
            .map(|&(t, _)| terms.terms[t].as_str())
            .collect()
    };
    assert!(of(7).contains(&"commit") && !of(7).contains(&"ops"));
    // And it ties nothing: `ops::commit` (node 6) has no directory link to `ops` (node 5),
    // while `orders::entity` (node 23) keeps its link to `orders` (node 22).
    let node_of = nodes_of(p.modules.len(), &nodes);
    let s = signals::build(
        &p,
        &graph,
        &DataGraph::default(),
        &nodes,
        &node_of,
        &terms,
        &layers,
        &Weights::default(),
        &Tuning {
            structure: 0.0,
            usecase: 0.0,
            ..Tuning::default()
        },
    );
    let linked = |a: usize, b: usize| {
        s.graph
            .valid_edges()
            .any(|(x, y, _)| (x, y) == (a, b) || (x, y) == (b, a))
    };
    assert!(!linked(6, 5));
    assert!(linked(23, 22));
    // Nor is it kept whole: `ops::fetch` (node 9) split from the rest of `ops` stays apart.
    let mut split: Vec<usize> = (0..nodes.len()).map(|x| x + 10).collect();
    split[5..9].fill(0);
    let mut kept = split.clone();
    join_folders(&p, &node_of, &mut kept, &Tuning::default());
    assert_eq!(kept[9], 0);
    folders::join_folders(&p, &node_of, &mut split, &Tuning::default(), &layers);
    assert_eq!(split[9], 19);
    let plain = Vocabulary::build(&p, &DataGraph::default(), &nodes, &BTreeSet::new());
    assert!(
        plain
            .of_module(7)
            .iter()
            .any(|&(t, _)| plain.terms[t] == "ops")
    );
}

#[test]
fn a_folder_mirrored_by_many_named_layers_is_a_layer_too() {
    // kanban's in-memory store: one module per aggregate, named like the handlers, routes,
    // entities and model of the same aggregates. Those folders are named as layers, so the
    // many namesakes say layers, not domains cut in layers.
    let mut spec: Vec<(String, Option<ModuleIdx>, u32)> = vec![("app".into(), None, 0)];
    let aggregates = ["boards", "cards", "sprints", "columns"];
    let mut first_child = std::collections::BTreeMap::new();
    for folder in [
        "memory_store",
        "handlers",
        "routes",
        "entities",
        "model",
        "context",
    ] {
        let at = spec.len();
        spec.push((format!("app::{folder}"), Some(0), 1));
        first_child.insert(folder, at + 1);
        for a in aggregates {
            spec.push((format!("app::{folder}::{a}"), Some(at), 1));
        }
    }
    let ids: Vec<(&str, Option<ModuleIdx>, u32)> = spec
        .iter()
        .map(|(id, p, k)| (id.as_str(), *p, *k))
        .collect();
    let p = program(&ids);
    let store = first_child["memory_store"];
    let entities = first_child["entities"];
    let graph = ModuleGraph {
        dependencies: vec![dep(store, entities, 1.0), dep(store + 1, entities + 1, 1.0)],
    };
    assert_eq!(
        folders::mirrored_layers(&p, &graph),
        BTreeSet::from([store - 1])
    );
}

#[test]
fn a_module_kernel_for_its_use_alone_joins_its_domains_folder() {
    let p = program(&[
        ("app", None, 0),                       // 0
        ("app::advisory", Some(0), 2),          // 1
        ("app::advisory::date", Some(1), 2),    // 2: kernel by breadth
        ("app::advisory::id", Some(1), 2),      // 3
        ("app::advisory::linter", Some(1), 2),  // 4
        ("app::advisory::keyword", Some(1), 2), // 5: kernel by breadth, not flagged
        ("app::report", Some(0), 2),            // 6
        ("app::report::json", Some(6), 2),      // 7
        ("app::models", Some(0), 2),            // 8: a layer
        ("app::models::lockfile", Some(8), 2),  // 9: kernel by breadth
        ("app::models::package", Some(8), 2),   // 10
        ("app::models::version", Some(8), 2),   // 11
        ("app::format", Some(0), 2),            // 12: kernel by breadth, at the top level
    ]);
    // Services: the advisory folder (with `report::json`) and the report with the models.
    let mut groups = vec![vec![1, 3, 4, 7], vec![6, 10, 11]];
    let mut by_use = vec![false; 13];
    for m in [2, 9, 12] {
        by_use[m] = true;
    }
    let moved = folders::join_home_folders(&p, &BTreeSet::new(), &by_use, &mut groups);
    // `advisory::date` sits with the advisory service's modules: it is their API.
    assert_eq!(moved, vec![(2, 1)]);
    assert_eq!(groups[0], vec![1, 3, 4, 7, 2]);
    // A models layer holds every domain's types: `lockfile` stays in the kernel, and so does
    // `format`, whose folder is the whole crate; `keyword` is not flagged (a strong cue).
    assert_eq!(groups[1], vec![6, 10, 11]);
    // Its own subtree decides first: `report` (kernel, say) with its `json` child in the
    // advisory service joins it only if two of its modules are there.
    let mut by_use = vec![false; 13];
    by_use[6] = true;
    let mut groups = vec![vec![1, 3, 4, 7], vec![10, 11]];
    assert!(folders::join_home_folders(&p, &BTreeSet::new(), &by_use, &mut groups).is_empty());
}

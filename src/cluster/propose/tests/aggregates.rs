//! Tests of the table relations: their links in the affinity graph and the aggregates a
//! refinement split must not cut.

use super::*;

#[test]
fn related_tables_are_linked_in_the_affinity_graph() {
    // Each table is written by one module only: without the relation nothing ties them.
    let p = program(&[
        ("app", None, 0),            // 0
        ("app::orders", Some(0), 2), // 1
        ("app::bonds", Some(0), 2),  // 2
        ("app::users", Some(0), 2),  // 3
    ]);
    let graph = ModuleGraph {
        dependencies: Vec::new(),
    };
    let mut orders = table("orders", &[(1, 0, 1)]);
    orders.related = vec!["table:bonds".to_string()];
    let mut bonds = table("bonds", &[(2, 0, 1)]);
    bonds.related = vec!["table:orders".to_string()];
    let data = DataGraph {
        nodes: vec![bonds, orders, table("users", &[(3, 0, 1)])],
        diagnostics: Vec::new(),
    };
    let nodes = vec![1, 2, 3];
    let node_of = vec![None, Some(0), Some(1), Some(2)];
    let terms = Vocabulary::build(&p, &data, &nodes, &BTreeSet::new());
    let edges_between_tables = |tune: &Tuning| {
        let s = signals::build(
            &p,
            &graph,
            &data,
            &nodes,
            &node_of,
            &terms,
            &BTreeSet::new(),
            &Weights::default(),
            tune,
        );
        let is_table = |x: usize| matches!(s.kinds[x], signals::NodeKind::Data(_));
        s.graph
            .valid_edges()
            .filter(|(a, b, _)| is_table(*a) && is_table(*b))
            .map(|(_, _, w)| w)
            .collect::<Vec<f64>>()
    };
    let linked = edges_between_tables(&Tuning::default());
    assert_eq!(linked.len(), 1, "{linked:?}");
    assert!(linked[0] > 0.0);
    let off = Tuning {
        relation: 0.0,
        ..Tuning::default()
    };
    assert!(edges_between_tables(&off).is_empty());
}

#[test]
fn a_split_that_cuts_related_tables_written_on_both_sides_cuts_an_aggregate() {
    use crate::cluster::affinity::AffinityGraph;
    // Modules 0 and 1 write table 4, modules 2 and 3 write table 5; module 2 also reads
    // table 4 (a fifth of a write). Parts: {0, 1} and {2, 3}; the tables follow their writers.
    let inside: Vec<usize> = (0..6).collect();
    let part = [0, 0, 1, 1, 0, 1];
    let is_data = [false, false, false, false, true, true];
    let mut edges = vec![
        (0, 1, 1.0),
        (2, 3, 1.0),
        (0, 4, 1.0),
        (1, 4, 1.0),
        (2, 5, 1.0),
        (3, 5, 1.0),
        (2, 4, 0.2),
    ];
    let unrelated = AffinityGraph::new(6, edges.clone());
    assert!(!count::cuts_aggregate(
        &unrelated, &inside, &part, 4, &is_data
    ));
    edges.push((4, 5, 0.5));
    let related = AffinityGraph::new(6, edges);
    assert!(count::cuts_aggregate(&related, &inside, &part, 4, &is_data));
    // Both tables written from one part: nothing is cut.
    let together = [0, 0, 1, 1, 0, 0];
    let edges = vec![(0, 4, 1.0), (1, 5, 1.0), (4, 5, 0.5), (2, 3, 1.0)];
    let g = AffinityGraph::new(6, edges);
    assert!(!count::cuts_aggregate(&g, &inside, &together, 4, &is_data));
}

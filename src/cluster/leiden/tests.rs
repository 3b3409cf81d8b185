//! Tests of [`super::leiden`]: degenerate graphs, hand-checked small graphs, determinism,
//! connectivity of communities and recovery of a planted partition.

use super::*;
use crate::cluster::affinity::connected_components;
use crate::cluster::planted::planted_partition;
use crate::metrics::agreement::adjusted_rand_index;

use crate::cluster::partition::tests::two_triangles;

/// True when every community induces a connected subgraph of `g`.
fn communities_connected(g: &AffinityGraph, membership: &[usize]) -> bool {
    let inside: Vec<_> = g
        .valid_edges()
        .filter(|&(a, b, _)| membership[a] == membership[b])
        .collect();
    let comps = connected_components(&AffinityGraph::new(g.n, inside));
    // Connected communities ⇔ the components of the intra-community graph are the communities.
    let mut a = comps.clone();
    let mut b = membership.to_vec();
    renumber(&mut a);
    renumber(&mut b);
    a == b
}

#[test]
fn empty_and_edgeless_graphs() {
    let p = leiden(&AffinityGraph::default(), &LeidenParams::default());
    assert!(p.membership.is_empty());
    assert_eq!(p.quality, 0.0);

    let isolated = AffinityGraph::new(4, vec![]);
    assert_eq!(
        leiden(&isolated, &LeidenParams::default()).membership,
        vec![0, 1, 2, 3]
    );

    let junk = AffinityGraph::new(
        3,
        vec![(0, 1, f64::NAN), (1, 2, -3.0), (0, 2, 0.0), (0, 9, 1.0)],
    );
    let p = leiden(&junk, &LeidenParams::default());
    assert_eq!(p.membership, vec![0, 1, 2]);
    assert_eq!(p.quality, 0.0);

    let cpm_params = LeidenParams {
        quality: QualityFunction::Cpm,
        ..LeidenParams::default()
    };
    assert_eq!(leiden(&isolated, &cpm_params).membership, vec![0, 1, 2, 3]);
}

#[test]
fn two_triangles_split_at_the_bridge() {
    // Q = 2 · (3/7 − (7/14)²) = 6/7 − 1/2 (see partition.rs tests).
    let p = leiden(&two_triangles(), &LeidenParams::default());
    assert_eq!(p.membership, vec![0, 0, 0, 1, 1, 1]);
    assert!((p.quality - (6.0 / 7.0 - 0.5)).abs() < 1e-12);
}

#[test]
fn cpm_two_triangles() {
    // γ = 0.5: each triangle is worth 3 − 0.5·3 = 1.5; one big community 7 − 0.5·15 = −0.5.
    let params = LeidenParams {
        quality: QualityFunction::Cpm,
        resolution: 0.5,
        ..LeidenParams::default()
    };
    let p = leiden(&two_triangles(), &params);
    assert_eq!(p.membership, vec![0, 0, 0, 1, 1, 1]);
    assert!((p.quality - 3.0).abs() < 1e-12);
}

#[test]
fn self_loops_and_duplicates_are_accepted() {
    // Two triangles plus a loop of 5 on node 0 and a second 4-5 edge: m = 7 + 5 + 1 = 13,
    // strengths 12, 2, 3, 3, 3, 3.
    // {0,1,2},{3,4,5}: e = 8, 4; K = 17, 9: Q = 12/13 − (289 + 81)/676 = 254/676.
    // {0},{1,2},{3,4,5}: e = 5, 1, 4; K = 12, 5, 9: Q = 10/13 − (144 + 25 + 81)/676 = 270/676.
    // The heavy loop makes node 0 better off alone.
    let mut g = two_triangles();
    g.edges.push((0, 0, 5.0));
    g.edges.push((4, 5, 1.0));
    let p = leiden(&g, &LeidenParams::default());
    assert_eq!(p.membership, vec![0, 1, 1, 2, 2, 2]);
    assert!((p.quality - 270.0 / 676.0).abs() < 1e-12);
}

#[test]
fn disconnected_parts_never_share_a_community() {
    let g = AffinityGraph::new(5, vec![(0, 1, 1.0), (2, 3, 1.0)]);
    let params = LeidenParams {
        resolution: 0.0,
        ..LeidenParams::default()
    };
    assert_eq!(leiden(&g, &params).membership, vec![0, 0, 1, 1, 2]);
}

#[test]
fn bad_resolution_is_treated_as_one() {
    let g = two_triangles();
    for gamma in [f64::NAN, -1.0, f64::INFINITY] {
        let params = LeidenParams {
            resolution: gamma,
            ..LeidenParams::default()
        };
        assert_eq!(leiden(&g, &params), leiden(&g, &LeidenParams::default()));
    }
}

#[test]
fn deterministic_for_a_seed_and_independent_of_edge_order() {
    let (g, _) = planted_partition(300, 6, 4, 2, 11);
    let params = LeidenParams {
        seed: 42,
        ..LeidenParams::default()
    };
    let first = leiden(&g, &params);
    assert_eq!(first, leiden(&g, &params));
    let mut reversed = g.clone();
    reversed.edges.reverse();
    for e in reversed.edges.iter_mut() {
        *e = (e.1, e.0, e.2);
    }
    assert_eq!(first.membership, leiden(&reversed, &params).membership);
}

#[test]
fn communities_are_connected() {
    for seed in 0..5 {
        let (g, _) = planted_partition(200, 8, 2, 2, seed);
        for gamma in [0.5, 1.0, 2.0] {
            let params = LeidenParams {
                resolution: gamma,
                seed,
                ..LeidenParams::default()
            };
            let p = leiden(&g, &params);
            assert!(
                communities_connected(&g, &p.membership),
                "seed {seed} γ {gamma}"
            );
        }
    }
}

#[test]
fn membership_is_renumbered_by_first_node() {
    let (g, _) = planted_partition(120, 4, 4, 1, 3);
    let p = leiden(&g, &LeidenParams::default());
    let mut seen = 0;
    for &c in &p.membership {
        assert!(c <= seen);
        if c == seen {
            seen += 1;
        }
    }
    assert_eq!(seen, p.community_count());
}

#[test]
fn recovers_a_planted_partition() {
    // 500 nodes, 10 communities of 50, 8 internal and 2 external edges drawn per node
    // (mixing about 0.2).
    let (g, planted) = planted_partition(500, 10, 8, 2, 7);
    let p = leiden(&g, &LeidenParams::default());
    let ari = adjusted_rand_index(&p.membership, &planted);
    assert!(ari > 0.9, "ARI {ari}, k = {}", p.community_count());
    // Quality at least that of the planted partition.
    let planted_q = modularity(&g, &planted, 1.0);
    assert!(p.quality >= planted_q - 1e-9, "{} < {planted_q}", p.quality);
}

#[test]
fn greedy_refinement_also_works() {
    let (g, planted) = planted_partition(500, 10, 8, 2, 8);
    let params = LeidenParams {
        randomness: 0.0,
        ..LeidenParams::default()
    };
    let p = leiden(&g, &params);
    assert!(adjusted_rand_index(&p.membership, &planted) > 0.9);
}

#[test]
fn fixed_nodes_hold_their_labels_and_free_nodes_follow_the_evidence() {
    // Two triangles 0-1-2 and 3-4-5 joined by the bridge 2-3. Fixing node 0 with node 4 (one
    // label) and node 1 apart (another) breaks the natural split: 0 and 4 share a community,
    // 1 never joins it, and every free node still lands next to what it is tied to.
    let g = two_triangles();
    let fixed = [Some(7), Some(9), None, None, Some(7), None];
    for seed in 0..8 {
        let p = leiden_fixed(
            &g,
            &LeidenParams {
                seed,
                ..LeidenParams::default()
            },
            &fixed,
        );
        let m = &p.membership;
        assert_eq!(m[0], m[4], "seed {seed}: {m:?}");
        assert_ne!(m[0], m[1], "seed {seed}: {m:?}");
        // Nodes 3 and 5 are tied to 4 alone among the fixed nodes.
        assert_eq!(m[3], m[4], "seed {seed}: {m:?}");
        assert_eq!(m[5], m[4], "seed {seed}: {m:?}");
    }
    // Nothing fixed, or a list of the wrong length: plain Leiden.
    let plain = leiden(&g, &LeidenParams::default()).membership;
    assert_eq!(
        leiden_fixed(&g, &LeidenParams::default(), &[None; 6]).membership,
        plain
    );
    assert_eq!(
        leiden_fixed(&g, &LeidenParams::default(), &[Some(1)]).membership,
        plain
    );
}

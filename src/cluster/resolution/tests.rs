//! Tests of [`super`]: the γ grid, the plateau rule and the search for `k` communities.

use super::*;
use crate::cluster::planted::planted_partition;

fn p(membership: &[usize]) -> Partition {
    Partition {
        membership: membership.to_vec(),
        quality: 0.0,
    }
}

/// Two triangles joined by the edge 2-3, plus an isolated node 6.
fn triangles_and_loner() -> AffinityGraph {
    let g = crate::cluster::partition::tests::two_triangles();
    AffinityGraph::new(7, g.edges)
}

#[test]
fn geometric_grid() {
    let gs = geometric_gammas(0.1, 10.0, 3);
    assert_eq!(gs.len(), 3);
    assert!((gs[0] - 0.1).abs() < 1e-12 && (gs[1] - 1.0).abs() < 1e-12);
    assert!((gs[2] - 10.0).abs() < 1e-9);
    assert!(geometric_gammas(0.0, 1.0, 3).is_empty());
    assert!(geometric_gammas(1.0, 2.0, 0).is_empty());
    assert_eq!(geometric_gammas(2.0, 5.0, 1), vec![2.0]);
}

#[test]
fn profile_skips_bad_resolutions() {
    let g = triangles_and_loner();
    let profile = resolution_profile(&g, &[0.5, f64::NAN, -1.0, 1.0], 0);
    let gammas: Vec<f64> = profile.iter().map(|(gm, _)| *gm).collect();
    assert_eq!(gammas, vec![0.5, 1.0]);
    assert_eq!(profile[1].1.membership, vec![0, 0, 0, 1, 1, 1, 2]);
}

#[test]
fn plateau_ignores_trivial_ends() {
    let g = triangles_and_loner();
    // The components (with the loner) and the singletons are trivial however long they last.
    let components = [0, 0, 0, 0, 0, 0, 1];
    let singletons = [0, 1, 2, 3, 4, 5, 6];
    let halves = [0, 0, 0, 1, 1, 1, 2];
    let other_halves = [0, 0, 1, 1, 1, 1, 2];
    let fine = [0, 0, 1, 2, 2, 3, 4];
    let profile: Vec<(f64, Partition)> = vec![
        (0.01, p(&components)),
        (0.02, p(&components)),
        (0.05, p(&components)),
        (0.1, p(&components)),
        (0.5, p(&other_halves)),
        (1.0, p(&halves)),
        (2.0, p(&halves)),
        (4.0, p(&fine)),
        (8.0, p(&singletons)),
        (16.0, p(&singletons)),
        (32.0, p(&singletons)),
        (64.0, p(&singletons)),
    ];
    let plateau = choose_by_plateau(&profile, &g).unwrap();
    // Run of count 3 over γ = 0.5, 1, 2; the most frequent membership in it is `halves`.
    assert_eq!(plateau.length, 3);
    assert_eq!((plateau.gamma_low, plateau.gamma_high), (0.5, 2.0));
    assert_eq!(plateau.partition.membership, halves.to_vec());
    assert!(!plateau.trivial);
}

#[test]
fn plateau_ties_go_to_the_lower_resolution_and_all_trivial_still_answers() {
    let g = triangles_and_loner();
    let profile = vec![
        (0.5, p(&[0, 0, 0, 1, 1, 1, 2])),
        (1.0, p(&[0, 0, 1, 1, 2, 2, 3])),
    ];
    assert_eq!(choose_by_plateau(&profile, &g).unwrap().gamma_low, 0.5);

    let trivial = vec![
        (0.1, p(&[0, 0, 0, 0, 0, 0, 1])),
        (0.2, p(&[0, 0, 0, 0, 0, 0, 1])),
        (9.0, p(&[0, 1, 2, 3, 4, 5, 6])),
    ];
    let plateau = choose_by_plateau(&trivial, &g).unwrap();
    assert!(plateau.trivial);
    assert_eq!(plateau.length, 2);
    assert!(choose_by_plateau(&[], &g).is_none());
}

#[test]
fn plateau_on_a_real_profile() {
    let (g, planted) = planted_partition(200, 5, 8, 1, 4);
    let profile = resolution_profile(&g, &geometric_gammas(0.01, 100.0, 25), 1);
    let plateau = choose_by_plateau(&profile, &g).unwrap();
    assert_eq!(plateau.partition.community_count(), 5);
    let ari =
        crate::metrics::agreement::adjusted_rand_index(&plateau.partition.membership, &planted);
    assert!(ari > 0.95, "ARI {ari}");
}

/// Cliques of 4, 5, …, 9 nodes in a chain, each joined to the next by one edge: lowering γ
/// merges neighbours step by step, so every count from 1 to 7 has a resolution.
fn chain_of_cliques() -> AffinityGraph {
    let mut edges = Vec::new();
    let mut start = 0;
    for size in 4..=9 {
        for a in start..start + size {
            for b in a + 1..start + size {
                edges.push((a, b, 1.0));
            }
        }
        if start > 0 {
            edges.push((start - 1, start, 1.0));
        }
        start += size;
    }
    AffinityGraph::new(start, edges)
}

#[test]
fn k_search_hits_every_reachable_count() {
    let g = chain_of_cliques();
    for k in 1..=7 {
        let p = partition_with_k(&g, k, 0).unwrap_or_else(|e| panic!("k = {k}: {e}"));
        assert_eq!(p.community_count(), k);
        assert!((p.quality - modularity(&g, &p.membership, 1.0)).abs() < 1e-12);
    }
    // At k = 6 the cliques themselves.
    let six = partition_with_k(&g, 6, 0).unwrap();
    let mut cliques = Vec::new();
    for (c, size) in (4..=9).enumerate() {
        cliques.extend(std::iter::repeat_n(c, size));
    }
    assert_eq!(six.membership, cliques);
}

#[test]
fn k_search_on_a_planted_partition() {
    let (g, planted) = planted_partition(200, 5, 8, 1, 4);
    let p = partition_with_k(&g, 5, 0).unwrap();
    assert!(crate::metrics::agreement::adjusted_rand_index(&p.membership, &planted) > 0.95);
}

#[test]
fn k_search_errors_say_why() {
    let g = triangles_and_loner();
    match partition_with_k(&g, 8, 0) {
        Err(e @ KError::MoreThanNodes { k: 8, n: 7, .. }) => {
            assert_eq!(e.closest().community_count(), 7);
            assert!(e.to_string().contains("only 7 nodes"));
        }
        other => panic!("{other:?}"),
    }
    match partition_with_k(&g, 1, 0) {
        Err(e @ KError::FewerThanComponents { components: 2, .. }) => {
            assert_eq!(e.closest().membership, vec![0, 0, 0, 0, 0, 0, 1]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        partition_with_k(&g, 2, 0).unwrap().membership,
        vec![0, 0, 0, 0, 0, 0, 1]
    );
    assert_eq!(
        partition_with_k(&g, 3, 0).unwrap().membership,
        vec![0, 0, 0, 1, 1, 1, 2]
    );
    assert_eq!(partition_with_k(&g, 7, 0).unwrap().community_count(), 7);
    assert!(
        partition_with_k(&AffinityGraph::default(), 0, 0)
            .unwrap()
            .membership
            .is_empty()
    );
}

#[test]
fn k_search_reports_an_unreachable_count() {
    // In a 4-clique every split ties with "all in one" at γ = 4/3 and loses elsewhere:
    // all in one 1 − γ, halves 1/3 − γ/2, singletons −γ/4 (m = 6, strengths 3). So the count
    // jumps from 1 to 4 and 2 is never reached; the closest (distance 1) is all in one.
    let mut edges = Vec::new();
    for a in 0..4 {
        for b in a + 1..4 {
            edges.push((a, b, 1.0));
        }
    }
    let g = AffinityGraph::new(4, edges);
    match partition_with_k(&g, 2, 0) {
        Err(KError::NotReached { k: 2, found, .. }) => assert!(found == 1 || found == 4),
        other => panic!("{other:?}"),
    }
}

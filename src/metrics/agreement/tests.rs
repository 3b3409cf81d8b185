//! Tests of [`super`]: identities, hand-computed examples and a brute-force check of the
//! MoJoFM normaliser.

use super::*;

const A: [usize; 6] = [0, 0, 0, 1, 1, 1];
const B: [usize; 6] = [0, 0, 1, 1, 2, 2];

#[test]
fn identical_partitions_score_perfectly() {
    let relabelled = [5, 5, 9, 9, 1, 1];
    assert_eq!(mno(&B, &relabelled), 0);
    assert_eq!(mojofm(&B, &relabelled), 100.0);
    assert_eq!(adjusted_rand_index(&B, &relabelled), 1.0);
    assert!((normalized_mutual_info(&B, &relabelled) - 1.0).abs() < 1e-12);
    for trivial in [[0usize; 4], [0, 1, 2, 3]] {
        assert_eq!(mojofm(&trivial, &trivial), 100.0);
        assert_eq!(adjusted_rand_index(&trivial, &trivial), 1.0);
        assert_eq!(normalized_mutual_info(&trivial, &trivial), 1.0);
    }
    assert_eq!(mojofm(&[], &[]), 100.0);
    assert_eq!(adjusted_rand_index(&[], &[]), 1.0);
    assert_eq!(normalized_mutual_info(&[], &[]), 1.0);
}

#[test]
fn mojo_by_hand() {
    // A0 = {0,1,2} has tags B0,B0,B1 → max 2 (B0); A1 = {3,4,5} has B1,B2,B2 → max 2 (B2).
    // Moves = 6 − (2 + 2) = 2. Maximal tags B0 and B2 are distinct: matching 2, joins 2 − 2 = 0.
    assert_eq!(mno(&A, &B), 2);
    // B's sizes (2,2,2): min_j (j + b_{j+1}) = min(0+2, 1+2, 2+2, 3+0) = 2, so max = 6 − 2 = 4.
    assert_eq!(max_mno(&B), 4);
    // MoJoFM = 100 · (1 − 2/4) = 50.
    assert!((mojofm(&A, &B) - 50.0).abs() < 1e-12);
    // The other way: B0 ⊂ A0 (max 2), B1 = {2,3} ties A0/A1 (max 1), B2 ⊂ A1 (max 2).
    // Moves = 6 − 5 = 1. Tags: B0→A0, B1→{A0,A1}, B2→A1: matching 2, joins 3 − 2 = 1. mno = 2.
    assert_eq!(mno(&B, &A), 2);
    // A's sizes (3,3): min(0+3, 1+3, 2+0) = 2, max = 4; MoJoFM = 50.
    assert!((mojofm(&B, &A) - 50.0).abs() < 1e-12);
}

#[test]
fn mojo_joins_when_tags_collide() {
    // A = {0},{1},{2,3}; B = one cluster. Every A cluster's only tag is B0: matching 1,
    // joins 3 − 1 = 2, moves 0. max_mno(B) = 4 − min(0+4, 1+0) = 3. MoJoFM = 100·(1 − 2/3).
    let a = [0, 1, 2, 2];
    let b = [0, 0, 0, 0];
    assert_eq!(mno(&a, &b), 2);
    assert_eq!(max_mno(&b), 3);
    assert!((mojofm(&a, &b) - 100.0 / 3.0).abs() < 1e-9);
}

#[test]
fn ari_by_hand() {
    // Cells: (A0,B0)=2, (A0,B1)=1, (A1,B1)=1, (A1,B2)=2.
    // index = C(2,2) + C(2,2) = 2; Σ C(a_i,2) = 3 + 3 = 6; Σ C(b_j,2) = 1 + 1 + 1 = 3;
    // expected = 6·3 / C(6,2) = 18/15 = 1.2; max = (6 + 3)/2 = 4.5.
    // ARI = (2 − 1.2) / (4.5 − 1.2) = 0.8 / 3.3 = 0.242424…
    assert!((adjusted_rand_index(&A, &B) - 0.8 / 3.3).abs() < 1e-12);
    assert!((adjusted_rand_index(&B, &A) - 0.8 / 3.3).abs() < 1e-12);
    // One cluster against singletons: index 0, Σa = 6, Σb = 0, expected 0, max 3 → 0.
    assert_eq!(adjusted_rand_index(&[0; 4], &[0, 1, 2, 3]), 0.0);
}

#[test]
fn nmi_by_hand() {
    // p(A0,B0) = p(A1,B2) = 1/3, p(A0,B1) = p(A1,B1) = 1/6; p(A_i) = 1/2, p(B_j) = 1/3.
    // I = 2 · (1/3)·ln((1/3)/(1/6)) + 2 · (1/6)·ln((1/6)/(1/6)) = (2/3)·ln 2.
    // H(A) = ln 2, H(B) = ln 3. NMI = (2/3)·ln 2 / ((ln 2 + ln 3)/2) = 0.515803…
    let expected = (2.0 / 3.0) * 2f64.ln() / ((2f64.ln() + 3f64.ln()) / 2.0);
    assert!((normalized_mutual_info(&A, &B) - expected).abs() < 1e-12);
    // Single cluster against two clusters: I = 0, H sum > 0 → 0.
    assert_eq!(normalized_mutual_info(&[0; 4], &[0, 0, 1, 1]), 0.0);
}

#[test]
fn lengths_are_truncated_to_the_common_prefix() {
    assert_eq!(mno(&[0, 0, 1], &[0, 0]), 0);
    assert_eq!(adjusted_rand_index(&[0, 1, 1, 7], &[3, 4, 4]), 1.0);
}

#[test]
fn matching_takes_augmenting_paths() {
    // Left 0 → {0, 1}, left 1 → {0}: greedy would give 0→0 and leave 1 unmatched; the
    // augmenting path moves 0 to 1.
    assert_eq!(max_matching(&[vec![0, 1], vec![0]], 2), 2);
    assert_eq!(max_matching(&[vec![0], vec![0], vec![0]], 1), 1);
    assert_eq!(max_matching(&[vec![1, 2], vec![0, 1], vec![0]], 3), 3);
    assert_eq!(max_matching(&[], 0), 0);
}

/// Every partition of `0..n` as a restricted-growth label vector.
fn all_partitions(n: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut labels = vec![0usize; n];
    fn rec(i: usize, max: usize, labels: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if i == labels.len() {
            out.push(labels.clone());
            return;
        }
        for c in 0..=max + 1 {
            labels[i] = c;
            rec(i + 1, max.max(c), labels, out);
        }
    }
    if n == 0 {
        out.push(vec![]);
    } else {
        rec(1, 0, &mut labels, &mut out);
    }
    out
}

#[test]
fn max_mno_matches_brute_force() {
    for n in 0..=6 {
        let parts = all_partitions(n);
        for b in &parts {
            let brute = parts.iter().map(|a| mno(a, b)).max().unwrap_or(0);
            assert_eq!(max_mno(b), brute, "B = {b:?}");
            assert!(parts.iter().all(|a| (0.0..=100.0).contains(&mojofm(a, b))));
        }
    }
}

#[test]
fn mno_is_optimal_on_small_cases() {
    // Brute force: the fewest moves and joins from A to B, by breadth-first search over
    // partitions of 5 objects (a move sends one object to another or a new cluster; a join
    // merges two clusters).
    let n = 5;
    let parts = all_partitions(n);
    let canon = |labels: &[usize]| {
        let mut l = labels.to_vec();
        crate::cluster::partition::renumber(&mut l);
        l
    };
    let index_of = |p: &[usize]| parts.iter().position(|q| q.as_slice() == p).unwrap();
    let mut dist = vec![vec![usize::MAX; parts.len()]; parts.len()];
    for (s, start) in parts.iter().enumerate() {
        let mut queue = std::collections::VecDeque::from([s]);
        dist[s][s] = 0;
        while let Some(i) = queue.pop_front() {
            let p = &parts[i];
            let k = p.iter().max().map_or(0, |m| m + 1);
            let mut next = Vec::new();
            for obj in 0..n {
                for c in 0..=k {
                    let mut q = p.clone();
                    q[obj] = c;
                    next.push(canon(&q));
                }
            }
            for x in 0..k {
                for y in x + 1..k {
                    let q: Vec<usize> = p.iter().map(|&c| if c == y { x } else { c }).collect();
                    next.push(canon(&q));
                }
            }
            for q in next {
                let j = index_of(&q);
                if dist[s][j] == usize::MAX {
                    dist[s][j] = dist[s][i] + 1;
                    queue.push_back(j);
                }
            }
        }
        for (t, target) in parts.iter().enumerate() {
            assert_eq!(mno(start, target), dist[s][t], "{start:?} → {target:?}");
        }
    }
}

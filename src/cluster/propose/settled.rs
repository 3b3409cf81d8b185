//! How settled each placement is: the proposal is found again with other seeds of its
//! community search, and a module is settled in a re-run when it lands with the bulk of its
//! service there.
//!
//! Leiden's result depends on its seed, and so does a module whose evidence pulls it two ways
//! about equally. On the domain benchmark (docs/QUALITY.md, "How settled a placement is"), the
//! modules every re-run keeps with their service sit in a service of their own domain far more
//! often than the others: this is where a reviewer should look first. The margin over the
//! next-best service says less, because it is measured on the one partition that was kept.

use crate::model::ModuleIdx;
use std::collections::BTreeMap;

/// How many re-runs the proposal makes (0 turns the measure off).
pub const RERUNS: usize = 4;

/// Seed of the run `i` after the one seeded `base` (the proposal's own is run 0): far enough
/// apart that the best-of-seeds runs of one share no seed with another's.
pub fn spaced_seed(base: u64, i: usize) -> u64 {
    base.wrapping_add(1000 * i as u64)
}

/// How settled one module's placement is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settled {
    /// Share of the re-runs in which it lands with the bulk of its service.
    pub share: f64,
    /// The service whose bulk it joins most often in the other re-runs, if any.
    pub elsewhere: Option<usize>,
}

/// Per module: how settled it is, for the clustered modules of a service (`None` for the
/// others, and for all when there is no re-run).
///
/// `nodes[i]` is the module of clustered node `i`; `service_of[m]` is the module's service
/// when it is one (not a group set apart); a re-run gives the community of every node (more
/// entries than `nodes`, the affinity graph's other nodes, are ignored). The bulk of a service
/// in a re-run is the community holding most of its clustered modules (ties: the lowest).
pub fn shares(
    nodes: &[ModuleIdx],
    service_of: &[Option<usize>],
    reruns: &[Vec<usize>],
    modules: usize,
) -> Vec<Option<Settled>> {
    let mut out = vec![None; modules];
    if reruns.is_empty() {
        return out;
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (node, &m) in nodes.iter().enumerate() {
        if let Some(s) = service_of.get(m).copied().flatten() {
            members.entry(s).or_default().push(node);
        }
    }
    let mut held: BTreeMap<usize, usize> = BTreeMap::new();
    let mut went: BTreeMap<usize, BTreeMap<usize, usize>> = BTreeMap::new();
    for run in reruns {
        // Per service: its bulk (community, how many of its modules); per community, the
        // service that has the most of its modules there (ties: the lowest service).
        let mut bulk: BTreeMap<usize, usize> = BTreeMap::new();
        let mut home: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for (&s, group) in &members {
            let mut count: BTreeMap<usize, usize> = BTreeMap::new();
            for &node in group {
                if let Some(&c) = run.get(node) {
                    *count.entry(c).or_default() += 1;
                }
            }
            // Highest count; the lowest community among equals (BTreeMap order, strict `>`).
            let mut best: Option<(usize, usize)> = None;
            for (&c, &n) in &count {
                if best.is_none_or(|(_, b)| n > b) {
                    best = Some((c, n));
                }
            }
            if let Some((c, n)) = best {
                bulk.insert(s, c);
                if home.get(&c).is_none_or(|&(_, h)| n > h) {
                    home.insert(c, (s, n));
                }
            }
        }
        for (&s, group) in &members {
            for &node in group {
                let here = run.get(node);
                if here.is_some() && here == bulk.get(&s) {
                    *held.entry(node).or_default() += 1;
                } else if let Some(&(t, _)) = here.and_then(|c| home.get(c)) {
                    *went.entry(node).or_default().entry(t).or_default() += 1;
                }
            }
        }
    }
    for group in members.values() {
        for &node in group {
            let share = held.get(&node).copied().unwrap_or(0) as f64 / reruns.len() as f64;
            let mut elsewhere: Option<(usize, usize)> = None;
            for (&t, &n) in went.get(&node).into_iter().flatten() {
                if elsewhere.is_none_or(|(_, b)| n > b) {
                    elsewhere = Some((t, n));
                }
            }
            out[nodes[node]] = Some(Settled {
                share,
                elsewhere: elsewhere.map(|(t, _)| t),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two services over five clustered modules (modules 1–5; module 0 is a root, module 6 is
    /// set apart). In the re-runs, module 3 goes with the other service once, and service B's
    /// two modules are cut apart once.
    #[test]
    fn a_module_is_settled_where_the_reruns_keep_it_with_its_service() {
        let nodes = vec![1, 2, 3, 4, 5];
        let service_of = vec![None, Some(0), Some(0), Some(0), Some(1), Some(1), Some(2)];
        // Community labels differ from run to run: only who is with whom counts.
        let reruns = vec![
            vec![7, 7, 7, 2, 2, 9], // as proposed (the last entry: a table node)
            vec![1, 1, 0, 0, 0, 9], // module 3 joins B
            vec![5, 5, 5, 3, 4, 9], // B cut in two: the tie goes to the lower community, 3
            vec![0, 0, 0, 1, 1],    // a shorter run: only the module nodes matter
        ];
        let s = shares(&nodes, &service_of, &reruns, 7);
        assert_eq!(s[0], None, "a root is in no service");
        assert_eq!(s[6], None, "a module set apart is not measured");
        let settled = |m: usize| s[m].map(|x| x.share);
        assert_eq!(settled(1), Some(1.0));
        assert_eq!(settled(2), Some(1.0));
        assert_eq!(settled(3), Some(0.75));
        assert_eq!(settled(4), Some(1.0));
        assert_eq!(settled(5), Some(0.75));
        // Module 3 went to B's bulk; module 5's community in the third run is no one's bulk.
        assert_eq!(s[3].and_then(|x| x.elsewhere), Some(1));
        assert_eq!(s[5].and_then(|x| x.elsewhere), None);
        assert_eq!(s[1].and_then(|x| x.elsewhere), None);
    }

    #[test]
    fn without_reruns_nothing_is_measured() {
        let s = shares(&[0, 1], &[Some(0), Some(0)], &[], 2);
        assert_eq!(s, vec![None, None]);
    }

    #[test]
    fn reruns_use_distinct_seeds() {
        let seeds: Vec<u64> = (1..=RERUNS)
            .map(|i| spaced_seed(super::super::SEED, i))
            .collect();
        let mut unique = seeds.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), RERUNS);
        assert!(!seeds.contains(&super::super::SEED));
    }
}

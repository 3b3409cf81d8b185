//! Services the user declared (`analyze --declared`): their modules stay in them, and the rest
//! of the code is placed by the evidence around them.
//!
//! The search holds them: Leiden starts with each declared service's modules in one community
//! and never moves them ([`crate::cluster::leiden::leiden_fixed`]), so two declared services
//! never merge, and the modules no declaration covers (code added since `init`, or left out of
//! the patterns on purpose) join a declared service or form communities of their own as the
//! evidence says; a community holding declared modules is not split again. After the clean-up,
//! [`apply`] makes sure of the result: a declared module the clean-up moved goes back alone, a
//! community holding one declared service's modules is that service, and one holding several
//! services' modules is shared out by growing each from its declared modules over the
//! community's affinity links, nearest first. Every community with no declared module stays a
//! service of its own, named from what it owns. So an agreed split survives a new run
//! unchanged, whatever the seed, and a module moved in `seams.toml` moves alone.

use super::placement::{Evidence, EvidenceKind, Placement};
use super::roles::{Classification, Place};
use crate::cluster::affinity::AffinityGraph;
use crate::model::ModuleIdx;
use std::collections::{BTreeMap, BTreeSet};

/// One declared service: its name and the modules its patterns match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declared {
    /// The name the config gives it.
    pub name: String,
    /// The modules its patterns match, sorted.
    pub modules: Vec<ModuleIdx>,
}

/// The declared service of each of the `n` modules, if any; a module two declarations match
/// belongs to the first (as `check` reads it).
pub fn pins(n: usize, declared: &[Declared]) -> Vec<Option<usize>> {
    let mut pin = vec![None; n];
    for (d, decl) in declared.iter().enumerate() {
        for &m in &decl.modules {
            if let Some(slot) = pin.get_mut(m)
                && slot.is_none()
            {
                *slot = Some(d);
            }
        }
    }
    pin
}

impl super::Proposal {
    /// With declared services kept (`--declared`): the services that hold no declared module,
    /// the groups the evidence drew from code no pattern matches; `None` without declarations.
    pub fn undeclared_services(&self) -> Option<Vec<usize>> {
        let mut declared = vec![false; self.services.len()];
        let mut any = false;
        for p in &self.placement {
            if p.evidence.iter().any(|e| e.kind == EvidenceKind::Declared) {
                any = true;
                if let Some(slot) = declared.get_mut(p.service) {
                    *slot = true;
                }
            }
        }
        any.then(|| {
            (0..self.services.len())
                .filter(|&s| !declared[s] && self.services[s].role == crate::model::Role::Service)
                .collect()
        })
    }
}

/// A declared module is clustered whatever its role: the user put it in a service.
pub(super) fn cluster_pinned(set_apart: &mut Classification, pin: &[Option<usize>]) {
    for (m, _) in pin.iter().enumerate().filter(|(_, d)| d.is_some()) {
        set_apart.place[m] = Place::Cluster;
        set_apart.reason[m] = None;
        set_apart.crate_root[m] = false;
        set_apart.declares_only[m] = false;
        set_apart.by_use[m] = false;
        set_apart.by_breadth[m] = false;
    }
}

/// The first evidence of a declared module's place is its declaration.
pub(super) fn mark(placement: &mut [Placement], pin: &[Option<usize>], declared: &[Declared]) {
    for p in placement {
        if let Some(d) = pin.get(p.module).copied().flatten() {
            p.evidence.insert(
                0,
                Evidence {
                    kind: EvidenceKind::Declared,
                    detail: declared[d].name.clone(),
                    weight: 0.0,
                },
            );
        }
    }
}

/// Moves every node of `graph` whose community holds declared modules (`pin[v]`: the declared
/// service of node `v`) into its declared service, whose community is labelled past every label
/// of `membership` (`first + d` for declared service `d`). See the module doc for the rule.
/// The search ([`super::count::partition_held`]) already keeps each service's declared modules
/// together and apart from the others'; this makes sure of it after the clean-up.
pub fn apply(membership: &mut [usize], graph: &AffinityGraph, pin: &[Option<usize>]) {
    let n = membership.len().min(graph.n);
    if !pin.iter().take(n).any(Option::is_some) {
        return;
    }
    let first = membership.iter().copied().max().unwrap_or(0) + 1;
    // The clean-up after the search may have moved a declared module out of its service (a
    // singleton joined its neighbour): it goes back to the community holding most of its
    // service's declared modules, so it drags no community along.
    let pinned = || {
        pin.iter()
            .take(n)
            .enumerate()
            .filter_map(|(v, d)| d.map(|d| (v, d)))
    };
    let mut count: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (v, d) in pinned() {
        *count.entry((d, membership[v])).or_default() += 1;
    }
    let mut home: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (&(d, c), &k) in &count {
        let best = home.entry(d).or_insert((c, k));
        if k > best.1 {
            *best = (c, k);
        }
    }
    for (v, d) in pinned() {
        if let Some(&(c, _)) = home.get(&d) {
            membership[v] = c;
        }
    }
    // The declared services each community holds.
    let mut holds: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (v, d) in pinned() {
        holds.entry(membership[v]).or_default().insert(d);
    }
    let mut label: Vec<Option<usize>> = (0..n)
        .map(|v| match pin.get(v).copied().flatten() {
            Some(d) => Some(d),
            None => holds
                .get(&membership[v])
                .filter(|ds| ds.len() == 1)
                .and_then(|ds| ds.first().copied()),
        })
        .collect();
    // Growth inside the communities that hold several, one ring of neighbours per round, so
    // that the nearest declaration wins whatever the node order.
    let mut links: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for &(a, b, w) in &graph.edges {
        if a < n && b < n && a != b && membership[a] == membership[b] && w.is_finite() && w > 0.0 {
            links[a].push((b, w));
            links[b].push((a, w));
        }
    }
    let shared = |v: usize| holds.get(&membership[v]).is_some_and(|ds| ds.len() > 1);
    loop {
        let mut grown: Vec<(usize, usize)> = Vec::new();
        for v in (0..n).filter(|&v| label[v].is_none() && shared(v)) {
            let mut pull: BTreeMap<usize, f64> = BTreeMap::new();
            for &(u, w) in &links[v] {
                if let Some(d) = label[u] {
                    *pull.entry(d).or_default() += w;
                }
            }
            if let Some((&d, _)) = pull
                .iter()
                .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            {
                grown.push((v, d));
            }
        }
        if grown.is_empty() {
            break;
        }
        for (v, d) in grown {
            label[v] = Some(d);
        }
    }
    for (v, l) in label.iter().enumerate() {
        if let Some(d) = l {
            membership[v] = first + d;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(usize, usize, f64)]) -> AffinityGraph {
        AffinityGraph::new(n, edges.to_vec())
    }

    #[test]
    fn the_first_declaration_matching_a_module_wins() {
        let declared = [
            Declared {
                name: "a".into(),
                modules: vec![0, 2],
            },
            Declared {
                name: "b".into(),
                modules: vec![2, 3, 9],
            },
        ];
        assert_eq!(pins(4, &declared), vec![Some(0), None, Some(0), Some(1)]);
    }

    #[test]
    fn a_community_with_one_declared_service_joins_it_whole_and_others_stay() {
        // Community 0: nodes 0-2, node 0 declared in service 1. Community 1: nodes 3-4,
        // nothing declared.
        let g = graph(5, &[(0, 1, 1.0), (1, 2, 1.0), (3, 4, 1.0)]);
        let mut membership = vec![0, 0, 0, 1, 1];
        apply(&mut membership, &g, &[Some(1), None, None, None, None]);
        assert_eq!(membership, vec![3, 3, 3, 1, 1]);
    }

    #[test]
    fn a_community_with_two_declared_services_is_shared_out_nearest_first() {
        // One community: 0 - 1 - 2 - 3 - 4 in a line, 0 declared in service 0 and 4 in
        // service 1; 1 is next to 0, 3 next to 4, 2 sits between and is pulled harder by 3.
        // Node 5 is in the community but linked to nothing in it: it stays behind.
        let g = graph(
            6,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 3, 2.0),
                (3, 4, 1.0),
                (5, 6, 1.0),
            ],
        );
        let mut membership = vec![0; 6];
        apply(
            &mut membership,
            &g,
            &[Some(0), None, None, None, Some(1), None],
        );
        assert_eq!(membership, vec![1, 1, 2, 2, 2, 0]);
    }

    #[test]
    fn a_module_declared_elsewhere_leaves_its_community() {
        // Node 2 is in community 0 with node 0 (declared in 0) but declared in service 1 itself.
        let g = graph(3, &[(0, 1, 1.0), (1, 2, 5.0)]);
        let mut membership = vec![0, 0, 0];
        apply(&mut membership, &g, &[Some(0), None, Some(1)]);
        // Node 1 is pulled harder by node 2's service.
        assert_eq!(membership, vec![1, 2, 2]);
    }

    #[test]
    fn a_declared_module_moved_away_by_the_clean_up_goes_back_alone() {
        // Nodes 0 and 1 are declared in service 0 (community 0); the clean-up put node 1 in
        // community 1 with the free nodes 2 and 3, which must not follow it.
        let g = graph(4, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        let mut membership = vec![0, 1, 1, 1];
        apply(&mut membership, &g, &[Some(0), Some(0), None, None]);
        assert_eq!(membership, vec![2, 2, 1, 1]);
    }

    #[test]
    fn nothing_declared_changes_nothing() {
        let g = graph(3, &[(0, 1, 1.0)]);
        let mut membership = vec![0, 0, 1];
        apply(&mut membership, &g, &[None, None, None]);
        assert_eq!(membership, vec![0, 0, 1]);
    }
}

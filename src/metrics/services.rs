//! The conventions every proposal metric shares, in one place: which edges and modules count
//! and how services are numbered.
//!
//! Exists so that `coupling.rs`, `structure.rs` and `data.rs` cannot disagree. Takes the module
//! graph and a membership vector; returns the filtered edges and service sizes.
//!
//! Conventions:
//! - A module with membership [`UNASSIGNED`] (`usize::MAX`; e.g. a composition root) is in no
//!   service: it is left out of every metric, and so is every edge touching it. Metrics are
//!   computed on the subgraph of assigned modules.
//! - An edge whose weight is NaN, infinite, zero or negative, or whose endpoint is outside the
//!   membership vector, is ignored.
//! - An edge from a module to itself says nothing about boundaries and is ignored everywhere.
//! - Services are identified by their labels, which need not be dense. K, the number of
//!   services, is the number of distinct labels in use. Per-service vectors are indexed by
//!   label, have length `largest label + 1`, and hold zeros for labels no module uses.

use std::collections::BTreeMap;

use crate::cluster::affinity::is_valid_weight;

/// Membership of a module that is in no service.
pub const UNASSIGNED: usize = usize::MAX;

/// An edge between two assigned modules, with their services.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceEdge {
    /// Source module.
    pub from: usize,
    /// Target module.
    pub to: usize,
    /// Edge weight (finite, `> 0`).
    pub weight: f64,
    /// Service of `from`.
    pub from_service: usize,
    /// Service of `to`.
    pub to_service: usize,
}

impl ServiceEdge {
    /// True when both ends are in the same service.
    pub fn is_internal(&self) -> bool {
        self.from_service == self.to_service
    }
}

/// The edges that count (see the file docs), in input order.
pub fn counted_edges<'a>(
    edges: &'a [(usize, usize, f64)],
    membership: &'a [usize],
) -> impl Iterator<Item = ServiceEdge> + 'a {
    edges.iter().filter_map(move |&(from, to, weight)| {
        let from_service = *membership.get(from)?;
        let to_service = *membership.get(to)?;
        let counted = from != to
            && is_valid_weight(weight)
            && from_service != UNASSIGNED
            && to_service != UNASSIGNED;
        counted.then_some(ServiceEdge {
            from,
            to,
            weight,
            from_service,
            to_service,
        })
    })
}

/// Number of modules in each service, by label (assigned modules only).
pub fn service_sizes(membership: &[usize]) -> BTreeMap<usize, usize> {
    let mut sizes = BTreeMap::new();
    for &s in membership.iter().filter(|&&s| s != UNASSIGNED) {
        *sizes.entry(s).or_insert(0) += 1;
    }
    sizes
}

/// Length of a per-service vector: largest assigned label + 1 (0 when nothing is assigned).
pub fn label_span(membership: &[usize]) -> usize {
    membership
        .iter()
        .filter(|&&s| s != UNASSIGNED)
        .max()
        .map_or(0, |&s| s + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_follow_the_conventions() {
        let membership = [0, 0, 1, UNASSIGNED];
        let edges = [
            (0, 1, 1.0),
            (1, 1, 5.0),
            (1, 2, f64::NAN),
            (2, 3, 1.0),
            (0, 9, 1.0),
            (2, 0, 2.0),
        ];
        let kept: Vec<_> = counted_edges(&edges, &membership)
            .map(|e| (e.from, e.to))
            .collect();
        assert_eq!(kept, vec![(0, 1), (2, 0)]);
        assert_eq!(
            service_sizes(&membership).into_iter().collect::<Vec<_>>(),
            vec![(0, 2), (1, 1)]
        );
        assert_eq!(label_span(&membership), 2);
        assert_eq!(label_span(&[UNASSIGNED]), 0);
    }
}

//! The SPEC's `shared_data_ratio`: how much state the services would still share; and what a
//! shared written table is, for `analyze`'s warnings and `check`'s `shared-table` rule alike.
//!
//! Takes, per data id of kind table or static (the caller filters the kinds), the services
//! that access it; returns a ratio or a verdict. Knows nothing of tables, SQL or ids.

use std::collections::BTreeMap;

use super::services::UNASSIGNED;

pub use crate::data::DataUse;

/// True for a shared written table: accessed by more than one service (the keys) and written
/// by at least one of them.
pub fn is_shared_written<S>(per_service: &BTreeMap<S, DataUse>) -> bool {
    per_service.len() > 1 && per_service.values().any(|u| u.writes > 0)
}

/// Data ids accessed by more than one service / data ids accessed by at least one service.
///
/// `accessors[d]` lists the services (labels) accessing data id `d`, with repeats allowed;
/// [`UNASSIGNED`] entries (accesses from modules in no service) are ignored, so a data id
/// touched only by such modules is not "accessed at all". 0 when no data id is accessed.
/// Lower is better; 0 means every service owns its data.
pub fn shared_data_ratio(accessors: &[Vec<usize>]) -> f64 {
    let mut accessed = 0usize;
    let mut shared = 0usize;
    for services in accessors {
        let mut distinct: Vec<usize> = services
            .iter()
            .copied()
            .filter(|&s| s != UNASSIGNED)
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        if !distinct.is_empty() {
            accessed += 1;
        }
        if distinct.len() > 1 {
            shared += 1;
        }
    }
    if accessed == 0 {
        0.0
    } else {
        shared as f64 / accessed as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_by_hand() {
        // d0: {0} (repeat) → accessed; d1: {0, 1} → shared; d2: {2} (MAX ignored) → accessed;
        // d3: nobody; d4: only unassigned → not accessed; d5: {1, 2} → shared.
        // Accessed 4, shared 2 → 0.5.
        let accessors = vec![
            vec![0, 0],
            vec![0, 1],
            vec![2, UNASSIGNED],
            vec![],
            vec![UNASSIGNED],
            vec![1, 2, 1],
        ];
        assert_eq!(shared_data_ratio(&accessors), 0.5);
        assert_eq!(shared_data_ratio(&[]), 0.0);
        assert_eq!(shared_data_ratio(&[vec![UNASSIGNED]]), 0.0);
    }

    #[test]
    fn shared_written_needs_two_services_and_a_writer() {
        let read = DataUse {
            reads: 3,
            writes: 0,
        };
        let write = DataUse {
            reads: 0,
            writes: 1,
        };
        assert!(is_shared_written(&BTreeMap::from([(0, read), (1, write)])));
        assert!(!is_shared_written(&BTreeMap::from([(0, read), (1, read)])));
        assert!(!is_shared_written(&BTreeMap::from([(0, write)])));
    }
}

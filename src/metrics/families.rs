//! Services cut alike: several services each made of modules that sit below the same two
//! folders or more (`handlers::owners` + `models::owner`, `handlers::visits` + `models::visit`;
//! `configs::aws` + `modules::aws`, `configs::rust` + `modules::rust`).
//!
//! Such a family is either one domain per service cut across the same layers, or one service
//! per plugin of one kind (a prompt's segments, a tool's providers), which an architect may
//! rather keep as one service: the code alone does not tell which, so the report shows the
//! family and leaves the call to the reader. A service whose modules sit below one folder only
//! (a flat crate's services, domains laid out as folders) is no family: that is the ordinary
//! shape of a split.

use std::collections::{BTreeMap, BTreeSet};

/// Fewest services that make a family.
pub const MIN_FAMILY: usize = 3;

/// Services whose modules sit below the same folders.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Family {
    /// The folders (parent modules, sorted) below which each service's modules sit.
    pub across: Vec<usize>,
    /// The services, in the order given.
    pub services: Vec<usize>,
}

/// The families among `services` (`(service, its modules)`), given each module's parent;
/// largest first, then by folders.
///
/// A service's shape is the set of parents of its top modules (those whose parent is not in
/// the service). It counts when every top module has a parent and there are two parents or
/// more; the services of one shape form a family when there are [`MIN_FAMILY`] or more.
pub fn families<'a>(
    services: impl IntoIterator<Item = (usize, &'a [usize])>,
    parent: &[Option<usize>],
) -> Vec<Family> {
    let mut by_shape: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
    for (s, modules) in services {
        let own: BTreeSet<usize> = modules.iter().copied().collect();
        let mut shape = Vec::new();
        let mut rooted = false;
        for &m in modules {
            match parent.get(m).copied().flatten() {
                None => rooted = true,
                Some(p) if !own.contains(&p) => shape.push(p),
                Some(_) => {}
            }
        }
        shape.sort_unstable();
        shape.dedup();
        if !rooted && shape.len() >= 2 {
            by_shape.entry(shape).or_default().push(s);
        }
    }
    let mut out: Vec<Family> = by_shape
        .into_iter()
        .filter(|(_, s)| s.len() >= MIN_FAMILY)
        .map(|(across, services)| Family { across, services })
        .collect();
    out.sort_by(|a, b| {
        b.services
            .len()
            .cmp(&a.services.len())
            .then_with(|| a.across.cmp(&b.across))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 0 root; 1 handlers, 2 models, 3 db; 4–6 handlers::{a,b,c}; 7–9 models::{a,b,c};
    /// 10 db::pool; 11 handlers::a::x.
    fn parents() -> Vec<Option<usize>> {
        let mut p = vec![None, Some(0), Some(0), Some(0)];
        p.extend([Some(1); 3]);
        p.extend([Some(2); 3]);
        p.push(Some(3));
        p.push(Some(4));
        p
    }

    /// The families of services given as module lists, numbered in order.
    fn of(services: &[&[usize]]) -> Vec<Family> {
        families(services.iter().copied().enumerate(), &parents())
    }

    #[test]
    fn services_across_the_same_folders_form_a_family() {
        assert_eq!(
            of(&[&[4, 7, 11], &[5, 8], &[6, 9]]),
            vec![Family {
                across: vec![1, 2],
                services: vec![0, 1, 2],
            }]
        );
    }

    #[test]
    fn two_alike_services_or_one_folder_make_no_family() {
        // Only two share a shape; the third spans handlers and db.
        assert!(of(&[&[4, 7], &[5, 8], &[6, 10]]).is_empty());
        // Below one folder each: the ordinary shape of a split.
        assert!(of(&[&[4], &[5], &[6]]).is_empty());
    }

    #[test]
    fn a_service_holding_a_crate_root_has_no_shape() {
        assert!(of(&[&[0, 4, 7], &[5, 8], &[6, 9]]).is_empty());
    }
}

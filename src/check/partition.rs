//! The partition `check` judges, and the figures every rule shares.
//!
//! With declared services the partition comes from the config's module patterns (a module
//! matched by several services goes to the first declared one, and is reported by
//! `ambiguous-module`); without, it is the proposal from the input. From it this file derives
//! the cross-service references (one per reference whose two ends are in different services)
//! and, through `metrics/` on its index form, per-service coupling, the modularity and the
//! service cycles. All maps are ordered, so every rule iterates
//! in a fixed order.

use std::collections::{BTreeMap, BTreeSet};

use super::input::{CheckInput, RefView};
use crate::config::Config;
use crate::metrics::coupling::{ServiceCoupling, service_coupling, service_cycle_sets};
use crate::metrics::services::{UNASSIGNED, counted_edges};
use crate::metrics::structure::modularity;

/// Modules assigned to services.
#[derive(Clone, Debug, Default)]
pub struct Partition {
    /// True when the services are the config's declared ones.
    pub declared: bool,
    /// Every service name, sorted.
    pub services: Vec<String>,
    /// Module id → its service.
    assignment: BTreeMap<String, String>,
    /// Modules matched by several declared services → those services, in declaration order.
    pub ambiguous: BTreeMap<String, Vec<String>>,
    /// Modules of the input that belong to no service, sorted.
    pub unassigned: Vec<String>,
}

impl Partition {
    /// Builds the partition judged for `input` under `config`.
    pub fn new(config: &Config, input: &CheckInput) -> Partition {
        let mut modules: BTreeSet<&str> = input.modules.iter().map(|m| m.id.as_str()).collect();
        for r in &input.references {
            modules.insert(&r.from_module);
            modules.insert(&r.to_module);
        }
        for d in &input.data {
            modules.extend(d.accesses.iter().map(|a| a.module.as_str()));
        }
        let mut partition = Partition {
            declared: config.declares_services(),
            ..Partition::default()
        };
        if partition.declared {
            partition.services = config.services.iter().map(|s| s.name.clone()).collect();
            for module in &modules {
                let matched = config.service_of(module);
                if let Some(first) = matched.first() {
                    partition
                        .assignment
                        .insert(module.to_string(), first.to_string());
                }
                if matched.len() > 1 {
                    let names = matched.iter().map(|s| s.to_string()).collect();
                    partition.ambiguous.insert(module.to_string(), names);
                }
            }
        } else {
            for service in &input.proposal {
                partition.services.push(service.name.clone());
                for module in &service.modules {
                    partition
                        .assignment
                        .entry(module.clone())
                        .or_insert_with(|| service.name.clone());
                }
            }
        }
        partition.services.sort();
        partition.services.dedup();
        partition.unassigned = input
            .modules
            .iter()
            .filter(|m| !partition.assignment.contains_key(&m.id))
            .map(|m| m.id.clone())
            .collect();
        partition.unassigned.sort();
        partition.unassigned.dedup();
        partition
    }

    /// The service of `module`, if any.
    pub fn service_of(&self, module: &str) -> Option<&str> {
        self.assignment.get(module).map(String::as_str)
    }
}

/// A reference whose two ends are in different services.
#[derive(Clone, Debug)]
pub struct CrossRef<'a> {
    /// Service of the referring module.
    pub from: &'a str,
    /// Service of the module referred to.
    pub to: &'a str,
    /// The reference.
    pub reference: &'a RefView,
}

impl CrossRef<'_> {
    /// What the reference names: its item, else its module.
    pub fn target(&self) -> &str {
        self.reference
            .to_item
            .as_deref()
            .unwrap_or(&self.reference.to_module)
    }
}

/// The judged partition in the index form `metrics/` computes on: every module of the input
/// numbered (by id), each labelled with its service's index in [`Partition::services`]
/// ([`UNASSIGNED`] when in none), and every reference an edge `(from, to, weight)` in input
/// order. The figures the rules compare with a threshold are `metrics/`'s, so they are the
/// figures `analyze` reports for the same partition.
#[derive(Clone, Debug, Default)]
pub struct IndexView {
    /// Service label per module.
    pub membership: Vec<usize>,
    /// One edge per reference.
    pub edges: Vec<(usize, usize, f64)>,
}

impl IndexView {
    /// Numbers the modules and services of `partition` over `input`.
    pub fn new(input: &CheckInput, partition: &Partition) -> IndexView {
        let mut ids: BTreeSet<&str> = input.modules.iter().map(|m| m.id.as_str()).collect();
        for r in &input.references {
            ids.insert(&r.from_module);
            ids.insert(&r.to_module);
        }
        let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let membership = ids
            .iter()
            .map(|id| {
                partition
                    .service_of(id)
                    .and_then(|s| {
                        partition
                            .services
                            .binary_search_by(|x| x.as_str().cmp(s))
                            .ok()
                    })
                    .unwrap_or(UNASSIGNED)
            })
            .collect();
        let edges = input
            .references
            .iter()
            .filter_map(|r| {
                Some((
                    *index.get(r.from_module.as_str())?,
                    *index.get(r.to_module.as_str())?,
                    r.weight,
                ))
            })
            .collect();
        IndexView { membership, edges }
    }
}

/// What the rules share: the config, the input, the partition and the cross references.
pub struct Context<'a> {
    /// The validated config.
    pub config: &'a Config,
    /// The analysis facts.
    pub input: &'a CheckInput,
    /// The judged partition.
    pub partition: &'a Partition,
    /// Cross-service references, sorted by (from, to, location, target).
    pub cross: Vec<CrossRef<'a>>,
    /// The partition numbered for `metrics/`.
    pub view: IndexView,
}

impl<'a> Context<'a> {
    /// Builds the context, computing the cross-service references once.
    pub fn new(config: &'a Config, input: &'a CheckInput, partition: &'a Partition) -> Self {
        let mut cross: Vec<CrossRef<'a>> = input
            .references
            .iter()
            .filter_map(|r| {
                let from = partition.service_of(&r.from_module)?;
                let to = partition.service_of(&r.to_module)?;
                (from != to).then_some(CrossRef {
                    from,
                    to,
                    reference: r,
                })
            })
            .collect();
        cross.sort_by(|a, b| {
            (a.from, a.to, &a.reference.location, a.target()).cmp(&(
                b.from,
                b.to,
                &b.reference.location,
                b.target(),
            ))
        });
        Context {
            config,
            input,
            partition,
            cross,
            view: IndexView::new(input, partition),
        }
    }

    /// Coupling of every service (services without cross references included, at zero), as
    /// `metrics::coupling` computes it.
    pub fn coupling(&self) -> BTreeMap<&'a str, ServiceCoupling> {
        let coupling = service_coupling(&self.view.edges, &self.view.membership);
        self.partition
            .services
            .iter()
            .enumerate()
            .map(|(label, s)| {
                let c = coupling.get(label).copied().unwrap_or_default();
                (s.as_str(), c)
            })
            .collect()
    }

    /// The Newman modularity of the partition, as `metrics::structure` computes it; `None`
    /// when no reference links two modules of the judged services (Q is undefined without
    /// edges).
    pub fn modularity(&self) -> Option<f64> {
        let (edges, membership) = (&self.view.edges, &self.view.membership);
        counted_edges(edges, membership).next()?;
        Some(modularity(edges, membership))
    }

    /// The service cycles, as `metrics::coupling` finds them: the services of each strongly
    /// connected component of more than one service, sorted, the components sorted.
    pub fn cycles(&self) -> Vec<Vec<String>> {
        service_cycle_sets(&self.view.edges, &self.view.membership)
            .into_iter()
            .map(|set| {
                set.into_iter()
                    .filter_map(|label| self.partition.services.get(label).cloned())
                    .collect()
            })
            .collect()
    }

    /// Cross references grouped by ordered service pair `(from, to)`.
    pub fn by_pair(&self) -> BTreeMap<(&'a str, &'a str), Vec<&CrossRef<'a>>> {
        let mut map: BTreeMap<(&'a str, &'a str), Vec<&CrossRef<'a>>> = BTreeMap::new();
        for c in &self.cross {
            map.entry((c.from, c.to)).or_default().push(c);
        }
        map
    }
}

//! The partition `check` judges, and the figures every rule shares.
//!
//! With declared services the partition comes from the config's module patterns (a module
//! matched by several services goes to the first declared one, and is reported by
//! `ambiguous-module`); without, it is the proposal from the input. From it this file derives
//! the cross-service references (one per reference whose two ends are in different services)
//! and per-service afferent and efferent weight. All maps are ordered, so every rule iterates
//! in a fixed order.

use std::collections::{BTreeMap, BTreeSet};

use super::input::{CheckInput, RefView};
use crate::config::Config;

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

/// Weighted references into and out of one service.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Coupling {
    /// Weight of references from other services into this one.
    pub afferent: f64,
    /// Weight of references from this service to others.
    pub efferent: f64,
}

impl Coupling {
    /// efferent / (afferent + efferent); 0 when both are 0.
    pub fn instability(&self) -> f64 {
        let total = self.afferent + self.efferent;
        if total > 0.0 {
            self.efferent / total
        } else {
            0.0
        }
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
        }
    }

    /// Afferent and efferent weight of every service (services without cross references
    /// included, at zero).
    pub fn coupling(&self) -> BTreeMap<&'a str, Coupling> {
        let mut map: BTreeMap<&'a str, Coupling> = self
            .partition
            .services
            .iter()
            .map(|s| (s.as_str(), Coupling::default()))
            .collect();
        for c in &self.cross {
            map.entry(c.from).or_default().efferent += c.reference.weight;
            map.entry(c.to).or_default().afferent += c.reference.weight;
        }
        map
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

//! Rule `modularity`: the Newman modularity Q of the judged partition is below
//! `min_modularity`.
//!
//! Q is computed over the module graph made undirected by summing both directions' reference
//! weights (SPEC "Metrics", resolution 1), with every module outside a service counted as a
//! community of its own. References from a module to itself are not edges. For communities c
//! with internal weight L_c and summed in+out weight d_c, and total weight W:
//! Q = Σ_c (L_c / W − (d_c / 2W)²).

use std::collections::BTreeMap;

use super::input::CheckInput;
use super::partition::{Context, Partition};
use super::{Rule, Violation, num, stable_key};

/// The modularity of `partition` over the references of `input`; `None` when there are no
/// references between modules (Q is undefined without edges).
pub fn modularity(input: &CheckInput, partition: &Partition) -> Option<f64> {
    // Community → (internal weight, degree). Unassigned modules are singleton communities,
    // named so that they cannot collide with a service name.
    let mut communities: BTreeMap<(bool, &str), (f64, f64)> = BTreeMap::new();
    let community = |module: &'_ str| -> (bool, String) {
        match partition.service_of(module) {
            Some(service) => (true, service.to_string()),
            None => (false, module.to_string()),
        }
    };
    let mut total = 0.0;
    let mut owned: Vec<((bool, String), (f64, f64))> = Vec::new();
    for r in input
        .references
        .iter()
        .filter(|r| r.from_module != r.to_module && r.weight > 0.0)
    {
        total += r.weight;
        let from = community(&r.from_module);
        let to = community(&r.to_module);
        let internal = if from == to { r.weight } else { 0.0 };
        owned.push((from, (internal, r.weight)));
        owned.push((to, (0.0, r.weight)));
    }
    if total <= 0.0 {
        return None;
    }
    for ((assigned, name), (internal, degree)) in &owned {
        let entry = communities.entry((*assigned, name.as_str())).or_default();
        entry.0 += internal;
        entry.1 += degree;
    }
    let q = communities
        .values()
        .map(|(internal, degree)| internal / total - (degree / (2.0 * total)).powi(2))
        .sum();
    Some(q)
}

/// One violation when the modularity is below the threshold, pointing at the threshold.
pub(super) fn check(ctx: &Context<'_>) -> Vec<Violation> {
    let Some(min) = ctx.config.thresholds.min_modularity else {
        return Vec::new();
    };
    let Some(q) = modularity(ctx.input, ctx.partition) else {
        return Vec::new();
    };
    if q >= min {
        return Vec::new();
    }
    let which = if ctx.partition.declared {
        "declared"
    } else {
        "proposed"
    };
    let message = format!(
        "modularity of the {which} services is {}, below min_modularity = {}",
        num(q),
        num(min)
    );
    let location = ctx
        .config
        .key_location(Rule::Modularity.config_key())
        .cloned();
    vec![
        Violation::new(
            Rule::Modularity,
            Vec::new(),
            message,
            Vec::new(),
            stable_key(&[Rule::Modularity.as_str()]),
        )
        .at(location),
    ]
}

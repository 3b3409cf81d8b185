//! Rule `modularity`: the Newman modularity Q of the judged partition is below
//! `min_modularity`.
//!
//! Q is computed over the module graph made undirected by summing both directions' reference
//! weights (SPEC "Metrics", resolution 1), over the modules of the judged services only: a
//! reference with an end outside every service (a composition root, the shared kernel, an
//! undeclared module) is no edge, nor is a reference from a module to itself. This is the
//! definition `analyze` reports its `modularity` with, so a threshold can be set from that
//! figure. For services c with internal weight L_c and summed in+out weight d_c, and total
//! weight W: Q = Σ_c (L_c / W − (d_c / 2W)²).

use std::collections::BTreeMap;

use super::input::CheckInput;
use super::partition::{Context, Partition};
use super::{Rule, Violation, num, stable_key};

/// The modularity of `partition` over the references of `input`; `None` when no reference
/// links two modules of the judged services (Q is undefined without edges).
pub fn modularity(input: &CheckInput, partition: &Partition) -> Option<f64> {
    // Service → (internal weight, degree).
    let mut services: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    let mut total = 0.0;
    for r in input
        .references
        .iter()
        .filter(|r| r.from_module != r.to_module && r.weight > 0.0)
    {
        let (Some(from), Some(to)) = (
            partition.service_of(&r.from_module),
            partition.service_of(&r.to_module),
        ) else {
            continue;
        };
        total += r.weight;
        let entry = services.entry(from).or_default();
        entry.1 += r.weight;
        if from == to {
            entry.0 += r.weight;
        }
        services.entry(to).or_default().1 += r.weight;
    }
    if total <= 0.0 {
        return None;
    }
    let q = services
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

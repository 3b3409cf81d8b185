//! Rule `modularity`: the Newman modularity Q of the judged partition is below
//! `min_modularity`.
//!
//! Q is computed over the module graph made undirected by summing both directions' reference
//! weights (SPEC "Metrics", resolution 1), over the modules of the judged services only: a
//! reference with an end outside every service (a composition root, the shared kernel, an
//! undeclared module) is no edge, nor is a reference from a module to itself. This is the
//! definition `analyze` reports its `modularity` with, so a threshold can be set from that
//! figure. For services c with internal weight L_c and summed in+out weight d_c, and total
//! weight W: Q = Σ_c (L_c / W − (d_c / 2W)²). The figure is `metrics::structure::modularity`,
//! through [`Context::modularity`].

use super::partition::Context;
use super::{Rule, Violation, num, stable_key};

/// One violation when the modularity is below the threshold, pointing at the threshold.
pub(super) fn check(ctx: &Context<'_>) -> Vec<Violation> {
    let Some(min) = ctx.config.thresholds.min_modularity else {
        return Vec::new();
    };
    let Some(q) = ctx.modularity() else {
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

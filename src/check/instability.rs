//! Rule `instability`: a service that others depend on (afferent weight above zero) whose
//! instability, efferent / (afferent + efferent), exceeds `max_instability`.
//!
//! Why it matters: a service others rely on should be stable; if it mostly depends on others,
//! their changes ripple through it to its dependents. Services nobody depends on are free to
//! be unstable and are not flagged. The offending references are the service's outgoing ones.

use super::partition::Context;
use super::{Offending, Rule, Violation, num, stable_key};
use crate::metrics::coupling::ServiceCoupling;

/// The services the rule judges (those with afferent weight above zero) with their coupling.
pub(super) fn judged<'a>(ctx: &Context<'a>) -> impl Iterator<Item = (&'a str, ServiceCoupling)> {
    ctx.coupling()
        .into_iter()
        .filter(|(_, coupling)| coupling.afferent > 0.0)
}

/// One violation per service past the threshold.
pub(super) fn check(ctx: &Context<'_>) -> Vec<Violation> {
    let Some(max) = ctx.config.thresholds.max_instability else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (service, coupling) in judged(ctx) {
        let instability = coupling.instability;
        if instability <= max {
            continue;
        }
        let message = format!(
            "service `{service}` has instability {} (efferent {}, afferent {}), above max_instability = {}",
            num(instability),
            num(coupling.efferent),
            num(coupling.afferent),
            num(max)
        );
        let references = ctx
            .cross
            .iter()
            .filter(|c| c.from == service)
            .map(|c| Offending::reference(Rule::Instability, c))
            .collect();
        let key = stable_key(&[Rule::Instability.as_str(), service]);
        out.push(Violation::new(
            Rule::Instability,
            vec![service.to_string()],
            message,
            references,
            key,
        ));
    }
    out
}

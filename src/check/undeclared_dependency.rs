//! Rule `undeclared-dependency`: with declared services and `forbid_undeclared`, a service
//! that references another although no `[[allow]]` permits that direction.
//!
//! Why it matters: the declared services and allows are the intended architecture; an
//! unpermitted dependency is drift from it, caught in the pull request that adds it.

use super::partition::Context;
use super::{Offending, Rule, Violation, num, stable_key};

/// One violation per ordered pair `(from, to)` of declared services without an allow.
pub(super) fn check(ctx: &Context<'_>) -> Vec<Violation> {
    if !ctx.partition.declared || !ctx.config.thresholds.forbid_undeclared {
        return Vec::new();
    }
    let mut out = Vec::new();
    for ((from, to), refs) in ctx.by_pair() {
        if ctx.config.allows(from, to) {
            continue;
        }
        let weight: f64 = refs.iter().map(|c| c.reference.weight).sum();
        let count = refs.len();
        let plural = if count == 1 { "" } else { "s" };
        let message = format!(
            "service `{from}` depends on `{to}` ({count} reference{plural}, weight {}) but no [[allow]] permits it",
            num(weight)
        );
        let references = refs
            .iter()
            .map(|c| Offending::reference(Rule::UndeclaredDependency, c))
            .collect();
        let key = stable_key(&[Rule::UndeclaredDependency.as_str(), from, to]);
        out.push(Violation::new(
            Rule::UndeclaredDependency,
            vec![from.to_string(), to.to_string()],
            message,
            references,
            key,
        ));
    }
    out
}

//! Rule `boundary-weight`: a pair of services coupled by more reference weight, both
//! directions summed, than `max_boundary_weight` allows.
//!
//! Why it matters: the weight of a boundary is what extracting one service would cost in
//! calls to turn into network calls; a heavy boundary says the two are one service.

use std::collections::BTreeMap;

use super::partition::{Context, CrossRef};
use super::{Offending, Rule, Violation, num, stable_key};

/// References `a → b`, then `b → a`, of one pair of services.
pub(super) type Directions<'c, 'a> = (Vec<&'c CrossRef<'a>>, Vec<&'c CrossRef<'a>>);

/// Cross references per unordered pair `(a, b)` of services, `a < b`: those `a → b`, then
/// those `b → a`.
pub(super) fn boundaries<'c, 'a>(
    ctx: &'c Context<'a>,
) -> BTreeMap<(&'a str, &'a str), Directions<'c, 'a>> {
    let mut pairs: BTreeMap<(&str, &str), Directions<'_, '_>> = BTreeMap::new();
    for c in &ctx.cross {
        if c.from < c.to {
            pairs.entry((c.from, c.to)).or_default().0.push(c);
        } else {
            pairs.entry((c.to, c.from)).or_default().1.push(c);
        }
    }
    pairs
}

/// Summed weight of `refs`.
pub(super) fn weight(refs: &[&CrossRef<'_>]) -> f64 {
    refs.iter().map(|c| c.reference.weight).sum()
}

/// One violation per unordered pair of services whose total weight exceeds the threshold.
pub(super) fn check(ctx: &Context<'_>) -> Vec<Violation> {
    let Some(max) = ctx.config.thresholds.max_boundary_weight else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for ((a, b), (ab, ba)) in boundaries(ctx) {
        let weight_ab = weight(&ab);
        let weight_ba = weight(&ba);
        let total = weight_ab + weight_ba;
        if total <= max {
            continue;
        }
        let message = format!(
            "services `{a}` and `{b}` are coupled by weight {} ({a} → {b}: {}, {b} → {a}: {}), above max_boundary_weight = {}",
            num(total),
            num(weight_ab),
            num(weight_ba),
            num(max)
        );
        let references = ab
            .iter()
            .chain(&ba)
            .map(|c| Offending::reference(Rule::BoundaryWeight, c))
            .collect();
        let key = stable_key(&[Rule::BoundaryWeight.as_str(), a, b]);
        out.push(Violation::new(
            Rule::BoundaryWeight,
            vec![a.to_string(), b.to_string()],
            message,
            references,
            key,
        ));
    }
    out
}

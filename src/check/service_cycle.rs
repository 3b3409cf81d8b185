//! Rule `service-cycle`: the service dependency graph has more cycles (strongly connected
//! components of more than one service) than `max_service_cycles` allows.
//!
//! Why it matters: services in a cycle cannot be extracted or deployed one at a time. Once the
//! count is past the limit every cycle is reported, with one shortest loop spelled out and
//! every reference between its members listed.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::partition::Context;
use super::{Offending, Rule, Violation, stable_key};

/// One violation per cycle, when there are more cycles than the threshold allows.
pub(super) fn check(ctx: &Context<'_>) -> Vec<Violation> {
    let Some(max) = ctx.config.thresholds.max_service_cycles else {
        return Vec::new();
    };
    let edges = dependency_edges(ctx);
    let cycles = ctx.cycles();
    let count = cycles.len();
    if u64::try_from(count).unwrap_or(u64::MAX) <= u64::from(max) {
        return Vec::new();
    }
    cycles
        .into_iter()
        .map(|members| {
            let set: BTreeSet<&str> = members.iter().map(String::as_str).collect();
            let looped = shortest_loop(&members[0], &set, &edges).join(" → ");
            let listed: Vec<String> = members.iter().map(|m| format!("`{m}`")).collect();
            let message = format!(
                "services {} depend on each other ({looped}); {count} service cycle{}, above max_service_cycles = {max}; {}",
                listed.join(", "),
                if count == 1 { "" } else { "s" },
                way_out(ctx, &members)
            );
            let references = ctx
                .cross
                .iter()
                .filter(|c| set.contains(c.from) && set.contains(c.to))
                .map(|c| Offending::reference(Rule::ServiceCycle, c))
                .collect();
            let mut parts = vec![Rule::ServiceCycle.as_str()];
            parts.extend(set.iter().copied());
            let key = stable_key(&parts);
            Violation::new(Rule::ServiceCycle, members.clone(), message, references, key)
        })
        .collect()
}

/// The fewest references whose removal breaks every loop among `members`
/// ([`crate::metrics::feedback`], each reference weighing 1), as one clause.
fn way_out(ctx: &Context<'_>, members: &[String]) -> String {
    let arcs = ctx.cross.iter().map(|c| (c.from, c.to, 1.0));
    let cut = crate::metrics::feedback::feedback_arcs_by_name(members, arcs);
    let total: f64 = cut.iter().map(|c| c.2).sum();
    let arcs: Vec<String> = cut
        .iter()
        .map(|(a, b, w)| format!("`{a}` → `{b}` ({w})"))
        .collect();
    format!(
        "removing {total} reference{} breaks it: {}",
        if total == 1.0 { "" } else { "s" },
        arcs.join(", ")
    )
}

/// The service graph: `(from, to)` for every pair with a cross-service reference.
pub(super) fn dependency_edges<'a>(ctx: &Context<'a>) -> BTreeSet<(&'a str, &'a str)> {
    ctx.cross.iter().map(|c| (c.from, c.to)).collect()
}

/// A shortest loop from `start` back to itself inside `members`, as `[start, …, start]`.
fn shortest_loop<'a>(
    start: &'a str,
    members: &BTreeSet<&'a str>,
    edges: &BTreeSet<(&'a str, &'a str)>,
) -> Vec<&'a str> {
    let mut previous: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &(_, next) in edges.range((node, "")..).take_while(|(a, _)| *a == node) {
            if !members.contains(next) {
                continue;
            }
            if next == start {
                // Walk back through the discoverers; start's neighbours were found by start.
                let mut path = vec![node];
                let mut at = node;
                while let Some(&p) = previous.get(at) {
                    path.push(p);
                    at = p;
                }
                path.reverse();
                path.push(start);
                return path;
            }
            if next != start && !previous.contains_key(next) {
                previous.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    vec![start]
}

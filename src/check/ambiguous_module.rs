//! Rule `ambiguous-module`: a module matched by the patterns of more than one declared
//! service. Always checked when services are declared: a module belongs to one service, and
//! the other rules count it in the first declared one that matches.

use super::partition::Context;
use super::{Rule, Violation, stable_key};

/// One violation per ambiguous module, pointing at the module's declaration.
pub(super) fn check(ctx: &Context<'_>) -> Vec<Violation> {
    let mut out = Vec::new();
    for (module, services) in &ctx.partition.ambiguous {
        let described: Vec<String> = services
            .iter()
            .map(|name| {
                let patterns: Vec<String> = ctx
                    .config
                    .services
                    .iter()
                    .filter(|s| &s.name == name)
                    .flat_map(|s| s.modules.iter().filter(|p| p.matches(module)))
                    .map(|p| format!("`{p}`"))
                    .collect();
                format!("`{name}` ({})", patterns.join(", "))
            })
            .collect();
        let message = format!(
            "module `{module}` is matched by services {}; it is counted in `{}`",
            described.join(" and "),
            services.first().map_or("", String::as_str)
        );
        let key = stable_key(&[Rule::AmbiguousModule.as_str(), module]);
        let location = ctx.input.module_location(module);
        out.push(
            Violation::new(
                Rule::AmbiguousModule,
                services.clone(),
                message,
                Vec::new(),
                key,
            )
            .at(location),
        );
    }
    out
}

//! Rule `undeclared-module`: with declared services and `require_declared_modules`, a module
//! that no service's patterns match. Such a module escapes every boundary rule, so a team that
//! wants the whole code base covered turns this on.

use super::partition::Context;
use super::{Rule, Violation, stable_key};

/// One violation per module matched by no declared service.
pub(super) fn check(ctx: &Context<'_>) -> Vec<Violation> {
    if !ctx.partition.declared || !ctx.config.thresholds.require_declared_modules {
        return Vec::new();
    }
    ctx.partition
        .unassigned
        .iter()
        .map(|module| {
            let message = format!("module `{module}` matches no declared service");
            let key = stable_key(&[Rule::UndeclaredModule.as_str(), module]);
            let location = ctx.input.module_location(module);
            Violation::new(Rule::UndeclaredModule, Vec::new(), message, Vec::new(), key)
                .at(location)
        })
        .collect()
}

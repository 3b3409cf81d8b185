//! The application state of a web application: the type its framework hands the request
//! handlers (axum's and rocket's `State<T>`, actix's `web::Data<T>`, `Extension<T>`), read
//! from the `state` references that name a project struct.
//!
//! The composition root builds that state from every part of the application (configuration,
//! pools, repositories, clients) and hands it to every handler. The module that defines it is
//! wiring, not a domain: left among the services, it ties the handlers of every domain
//! together (kanban's `AppState`, pict-rs's and rustus's `State`). A domain's own type handed
//! to its handlers (moksha's `Mint`, plane's `Controller`, ord's `Index`) is not named so.

use super::roles::words;
use crate::model::{EdgeKind, ItemIdx, ItemKind, ModuleIdx, Program};
use std::collections::{BTreeMap, BTreeSet};

/// Fewest modules of handlers that must take a type as their state for it to be the
/// application's: one or two is a feature handing its own handlers what they share.
const HANDLERS: usize = 3;

/// What a word of a struct's or module's name ends with when it names a state: `AppState`,
/// `ServerState`, `Context`, `app_state`, `appstate`.
const STATE_WORDS: &[&str] = &["state", "context"];

/// Whether a name says it is a state (`AppState`, `app_state`, `appstate`, `LemmyContext`).
fn named_state(name: &str) -> bool {
    words(name)
        .iter()
        .any(|w| STATE_WORDS.iter().any(|s| w.ends_with(s)))
}

/// Per project struct handed to handlers as their state: the modules that take it.
fn handed(program: &Program) -> BTreeMap<ItemIdx, BTreeSet<ModuleIdx>> {
    let mut out: BTreeMap<ItemIdx, BTreeSet<ModuleIdx>> = BTreeMap::new();
    for r in &program.references {
        if r.kind == EdgeKind::State
            && let Some(item) = r.item
            && program.items[item].kind == ItemKind::Struct
        {
            out.entry(item).or_default().insert(r.from);
        }
    }
    out
}

/// The application states: structs named as a state (see [`STATE_WORDS`]) that handlers in
/// [`HANDLERS`] modules or more take as their state, with how many; by defining module.
pub fn application_states(program: &Program) -> BTreeMap<ModuleIdx, (String, usize)> {
    let mut out: BTreeMap<ModuleIdx, (String, usize)> = BTreeMap::new();
    for (item, users) in handed(program) {
        let item = &program.items[item];
        let module = program.modules[item.module]
            .id
            .rsplit("::")
            .next()
            .unwrap_or("");
        if named_state(&item.name) && named_state(module) && users.len() >= HANDLERS {
            let slot = out
                .entry(item.module)
                .or_insert_with(|| (item.name.clone(), 0));
            if users.len() > slot.1 {
                *slot = (item.name.clone(), users.len());
            }
        }
    }
    out
}

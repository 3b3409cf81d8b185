//! Roles before clustering: which modules are composition roots, which form the shared kernel
//! and which are labelled non-services (migrations, test support, front-ends). Everything else
//! is clustered into services.
//!
//! - Composition roots: every crate root (library roots that only front one service rejoin it
//!   after clustering, see `placement`), directory modules that only declare their children,
//!   and wiring modules (no behaviour of their own, nothing but a root uses them, and named as
//!   routers, or reaching three or more areas mostly through imports: a handler or use case
//!   that only the router calls is clustered), a router that defines the state its
//!   handlers take (they use it back, but only the ones it registers), and an application's
//!   `state` module defining what its web framework hands the handlers ([`super::app_state`]).
//! - Non-services by name and dependencies ([`super::non_services`]): a crate or path segment
//!   naming database migrations (`migrations`, `sqlite_migration`, not a feature's
//!   `on_demand_migration`); test, seed, mock and fixture support; crates built on a WASM/UI
//!   framework; packages of types only that several packages use (the services' contract,
//!   `api-types`).
//! - Library code no binary reaches ([`super::reach`]), in a package the binaries use in part.
//! - Shared kernel ([`super::kernel`]): by breadth of use, name cues and data-access hubs.

use super::Tuning;
use super::cues::{ASSEMBLY_CUES, COMMAND_CUES, ROUTER_CUES, WIRING_CUES};
use super::non_services::{TEST_WORDS, api_types, non_services, used_test_support};
use crate::data::DataGraph;
use crate::graph::ModuleGraph;
use crate::model::Role;
use crate::model::{EdgeKind, ItemKind, ModuleIdx, Program};
use std::collections::BTreeSet;

/// Where a module goes before clustering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Clustered into a service.
    Cluster,
    /// Composition root.
    Root,
    /// Set apart with a role other than service.
    Apart(Role),
}

/// The outcome: a place and a reason per module.
#[derive(Clone, Debug)]
pub struct Classification {
    pub place: Vec<Place>,
    /// Why a module is set apart (kernel, non-service) or a root.
    pub reason: Vec<Option<String>>,
    /// Crate roots among the roots (candidates to rejoin a service).
    pub crate_root: Vec<bool>,
    /// Directory modules that only declare their children (candidates to rejoin a service).
    pub declares_only: Vec<bool>,
    /// Shared-kernel modules picked for their use across groups, by breadth alone or with a
    /// cue of code every part uses (`helpers`, `db`, `error`); not configuration,
    /// middleware, health, data-access layers or the parts of an infrastructure folder.
    pub by_use: Vec<bool>,
    /// Shared-kernel modules picked by breadth of use alone (no name cue, no data).
    pub by_breadth: Vec<bool>,
}

impl Classification {
    /// Every module clustered (no roles).
    pub fn none(n: usize) -> Classification {
        Classification {
            place: vec![Place::Cluster; n],
            reason: vec![None; n],
            crate_root: vec![false; n],
            declares_only: vec![false; n],
            by_use: vec![false; n],
            by_breadth: vec![false; n],
        }
    }

    pub fn clustered(&self, m: ModuleIdx) -> bool {
        self.place[m] == Place::Cluster
    }

    pub fn is_root(&self, m: ModuleIdx) -> bool {
        self.place[m] == Place::Root
    }

    /// The groups set apart, kernel first, each sorted; empty groups left out.
    pub fn groups(&self) -> Vec<(Role, Vec<ModuleIdx>)> {
        Role::APART
            .iter()
            .map(|&role| {
                let modules = (0..self.place.len())
                    .filter(|&m| self.place[m] == Place::Apart(role))
                    .collect::<Vec<_>>();
                (role, modules)
            })
            .filter(|(_, m)| !m.is_empty())
            .collect()
    }
}

/// How many child modules each module declares.
pub(super) fn child_counts(program: &Program) -> Vec<usize> {
    let mut children = vec![0; program.modules.len()];
    for module in &program.modules {
        if let Some(p) = module.parent {
            children[p] += 1;
        }
    }
    children
}

/// Area of each module: its ancestor just below the crate root (`None` for crate roots).
pub fn areas(program: &Program) -> Vec<Option<ModuleIdx>> {
    let mut out = vec![None; program.modules.len()];
    for (i, slot) in out.iter_mut().enumerate() {
        let mut cur = i;
        while let Some(p) = program.modules[cur].parent {
            if program.modules[p].parent.is_none() {
                *slot = Some(cur);
                break;
            }
            cur = p;
        }
    }
    out
}

/// Lower-case words of an identifier: `snake_case`, `kebab-case` and `CamelCase` split.
pub fn words(ident: &str) -> Vec<String> {
    let ident = ident.trim_start_matches("r#");
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for ch in ident.chars() {
        if ch == '_' || ch == '-' || ch == '[' || ch == ']' || !ch.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = ch.is_lowercase() || ch.is_ascii_digit();
        cur.extend(ch.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Classifies every module.
pub fn classify(
    program: &Program,
    graph: &ModuleGraph,
    data: &DataGraph,
    tune: &Tuning,
) -> Classification {
    let n = program.modules.len();
    let mut c = Classification::none(n);
    non_services(program, data, &mut c);
    used_test_support(program, graph, &mut c);
    api_types(program, graph, data, &mut c);
    for (m, unreached) in super::reach::unreached(program, graph)
        .into_iter()
        .enumerate()
    {
        if unreached && c.place[m] == Place::Cluster {
            c.place[m] = Place::Apart(Role::Unreached);
            c.reason[m] = Some(
                "no binary of the project reaches it: library code its package's users never run"
                    .to_string(),
            );
        }
    }
    let children = child_counts(program);
    // Crate roots declare their crate's modules; a library of one file is a component.
    for (m, module) in program.modules.iter().enumerate() {
        let one_file_lib =
            children[m] == 0 && module.items > 0 && program.crates[module.krate].kind == "lib";
        if module.parent.is_none() && c.place[m] == Place::Cluster && !one_file_lib {
            c.place[m] = Place::Root;
            c.crate_root[m] = true;
            c.reason[m] = Some("crate root: declares the crate's modules".to_string());
        }
    }
    // Directory modules that only declare (and re-export) their children.
    for (m, module) in program.modules.iter().enumerate() {
        if c.place[m] == Place::Cluster
            && children[m] > 0
            && module.items == 0
            && module.data_facts.is_empty()
        {
            c.place[m] = Place::Root;
            c.declares_only[m] = true;
            c.reason[m] = Some("declares its submodules only".to_string());
        }
    }
    super::kernel::kernel(program, graph, data, tune, &mut c);
    wiring(program, graph, &mut c);
    c
}

/// Is `m` inside the subtree of `ancestor` (or the same module)?
pub(super) fn is_within(program: &Program, m: ModuleIdx, ancestor: ModuleIdx) -> bool {
    let mut cur = Some(m);
    while let Some(x) = cur {
        if x == ancestor {
            return true;
        }
        cur = program.modules[x].parent;
    }
    false
}

/// Wiring modules (routers, preludes): hold no behaviour of their own (see
/// [`holds_behaviour`]), no module but a root depends on them, and either their name says so
/// (`routes`, `startup`) or they reach three or more other areas, most of their weight going
/// out of their area, with imports for half their references or more. Routers that define
/// their handlers' state, an application's state module ([`super::app_state`]), its assembly
/// and its command dispatcher (`subcommand` running the commands it declares) are wiring too.
fn wiring(program: &Program, graph: &ModuleGraph, c: &mut Classification) {
    let n = program.modules.len();
    let area = areas(program);
    let behaviour = holds_behaviour(program, graph);
    let application = is_application(program);
    let path_words = super::cues::PathWords::new(program);
    let mut afferent = vec![0.0f64; n];
    let mut efferent_foreign = vec![0.0f64; n];
    let mut efferent_all = vec![0.0f64; n];
    let mut foreign_targets: Vec<BTreeSet<ModuleIdx>> = vec![BTreeSet::new(); n];
    // References out of each module, and how many of them are imports.
    let mut refs_out = vec![0u32; n];
    let mut imports_out = vec![0u32; n];
    // Who uses each module (roots aside), and what each module uses.
    let mut users: Vec<BTreeSet<ModuleIdx>> = vec![BTreeSet::new(); n];
    let mut used_by: Vec<BTreeSet<ModuleIdx>> = vec![BTreeSet::new(); n];
    for d in &graph.dependencies {
        if d.from != d.to {
            used_by[d.from].insert(d.to);
            if c.place[d.from] != Place::Root {
                users[d.to].insert(d.from);
            }
        }
    }
    for d in &graph.dependencies {
        efferent_all[d.from] += d.weight;
        refs_out[d.from] += d.count;
        imports_out[d.from] += d.kinds.get(&EdgeKind::Use).copied().unwrap_or(0);
        if c.place[d.from] != Place::Root {
            afferent[d.to] += d.weight;
        }
        if area[d.from] != area[d.to] {
            efferent_foreign[d.from] += d.weight;
            if c.place[d.to] == Place::Cluster
                && let Some(b) = area[d.to]
            {
                foreign_targets[d.from].insert(b);
            }
        }
    }
    // How many of its own children each module uses.
    let mut dispatched = vec![0usize; n];
    for (m, targets) in used_by.iter().enumerate() {
        dispatched[m] = targets
            .iter()
            .filter(|&&t| program.modules[t].parent == Some(m))
            .count();
    }
    let states = if application {
        super::app_state::application_states(program)
    } else {
        Default::default()
    };
    for m in 0..n {
        // The application's state, which the root builds and hands to every handler.
        if c.place[m] == Place::Cluster
            && let Some((state, handlers)) = states.get(&m)
        {
            c.place[m] = Place::Root;
            c.reason[m] = Some(format!(
                "wiring: defines `{state}`, the state the web framework hands {handlers} modules of handlers"
            ));
            continue;
        }
        let name = program.modules[m].id.rsplit("::").next().unwrap_or("");
        let named = words(name)
            .iter()
            .any(|w| WIRING_CUES.contains(&w.as_str()));
        if c.place[m] == Place::Cluster
            && !behaviour[m]
            && named
            && afferent[m] == 0.0
            && efferent_all[m] > 0.0
        {
            c.place[m] = Place::Root;
            c.reason[m] = Some(format!(
                "wiring: `{name}` holds no types of its own and nothing but a root uses it"
            ));
            continue;
        }
        // A router that defines the state its handlers receive (axum's `AppState` beside
        // `fn router()`): the handlers use it back, but only the ones it registers. In an
        // application, one that only a root uses (torrust's `app`, which builds and runs
        // everything) is wiring too; a library's `routing` is what it offers.
        // In an application cut by layers (`presentation::http::router` over the handlers and
        // `application::*_service`), the areas are the layers: the domains it registers are
        // told by the names of what it uses (`rider_handlers`, `trip_service`).
        let router = ROUTER_CUES.contains(&name);
        let registers_domains = || {
            let domains: BTreeSet<String> = used_by[m]
                .iter()
                .filter(|&&t| c.place[t] == Place::Cluster && !is_within(program, t, m))
                .filter_map(|&t| path_words.cross_folder_domain(program, t))
                .collect();
            domains.len() >= 3
        };
        if c.place[m] == Place::Cluster
            && router
            && behaviour[m]
            && (afferent[m] > 0.0 || application && efferent_all[m] > 0.0)
            && (foreign_targets[m].len() >= 2 || registers_domains())
            && users[m].iter().all(|u| used_by[m].contains(u))
        {
            c.place[m] = Place::Root;
            c.reason[m] = Some(format!(
                "wiring: `{name}` registers every module that uses it (its state or types)"
            ));
            continue;
        }
        // An application's command dispatcher (`subcommand`, `commands`, `cli::commands`) runs
        // the commands it declares (two or more of its own children). At the top of its crate
        // or below wiring; `chat::commands` is the chat domain's.
        let top_level = program.modules[m].parent.is_none_or(|p| {
            program.modules[p].parent.is_none()
                || words(program.modules[p].id.rsplit("::").next().unwrap_or(""))
                    .iter()
                    .any(|w| WIRING_CUES.contains(&w.as_str()))
        });
        if c.place[m] == Place::Cluster
            && application
            && COMMAND_CUES.contains(&name)
            && dispatched[m] >= 2
            && top_level
        {
            c.place[m] = Place::Root;
            c.reason[m] = Some(format!(
                "wiring: `{name}` dispatches to the {} commands it declares",
                dispatched[m]
            ));
            continue;
        }
        // An application's assembly (`startup`) that reaches three areas or more, most of its
        // weight going out of its own, is the composition root even when a worker takes a
        // helper (the pool) from it.
        if c.place[m] == Place::Cluster
            && application
            && ASSEMBLY_CUES.contains(&name)
            && foreign_targets[m].len() >= 3
            && efferent_foreign[m] * 2.0 >= efferent_all[m]
        {
            c.place[m] = Place::Root;
            c.reason[m] = Some(format!(
                "wiring: `{name}` assembles the application from {} areas",
                foreign_targets[m].len()
            ));
            continue;
        }
        // Unnamed, it must mostly import and re-export (a prelude, a router built from
        // imported handlers): a module that mostly calls, names types and calls methods is a
        // use case or a request handler that only the router reaches, not wiring.
        if c.place[m] == Place::Cluster
            && !behaviour[m]
            && imports_out[m] * 2 >= refs_out[m]
            && foreign_targets[m].len() >= 3
            && afferent[m] == 0.0
            && efferent_foreign[m] * 2.0 >= efferent_all[m]
        {
            c.place[m] = Place::Root;
            c.reason[m] = Some(format!(
                "wiring: reaches {} areas, holds no types of its own, nothing but a root uses it",
                foreign_targets[m].len()
            ));
        }
    }
}

/// An application: a binary among the crates, one not named as test support (clap's
/// `stdio-fixture` serves its tests). Its middleware, configuration and wiring are its own
/// plumbing; in a library they are what it offers.
pub fn is_application(program: &Program) -> bool {
    program.crates.iter().any(|k| {
        k.kind == "bin"
            && !words(&k.name)
                .iter()
                .any(|w| TEST_WORDS.contains(&w.as_str()))
    })
}

/// Per module: does it define a type or trait, or implement a trait or a type defined
/// elsewhere? Such a module is a feature's implementation even when nothing in the project
/// refers to it (a printer, a request handler registered through a trait, a code generator's
/// expansion), so it is never taken for wiring.
pub fn holds_behaviour(program: &Program, graph: &ModuleGraph) -> Vec<bool> {
    let mut out = vec![false; program.modules.len()];
    for item in &program.items {
        if matches!(
            item.kind,
            ItemKind::Struct | ItemKind::Enum | ItemKind::Union | ItemKind::Trait
        ) {
            out[item.module] = true;
        }
    }
    for d in &graph.dependencies {
        if d.kinds.contains_key(&EdgeKind::Impl) {
            out[d.from] = true;
        }
    }
    out
}

//! The shared kernel: which clustered modules are infrastructure every domain uses, chosen
//! per module before clustering (and, for those chosen by breadth alone, reconsidered after).
//!
//! - By breadth of use: distinct consumer *groups* (the parent modules of the consumers, not
//!   raw fan-in), a few back edges tolerated; a module named like a table is the aggregate's
//!   type, and a trait its own area implements is that area's port: neither is kernel by
//!   breadth alone.
//! - By name ([`super::cues`]): strong cues (`error`, `config`, `middleware`…) whoever uses
//!   them (not an application's `config` command among its other commands), weaker ones
//!   (`db`, `pool`, `helpers`…) when used across groups, a storage engine's
//!   adapter (`repo::sled`) when it writes no table; an application's command-line options
//!   (`args`, `options`: its configuration); in an application, the private parts of a
//!   middleware, configuration or storage-engine directory (`config::file`), except a
//!   configuration module named after a domain found elsewhere (`config::tiles::postgres`
//!   next to `core::postgres`), which is that domain's.
//! - By data: one module touching most tables, a schema declaring several.
//!
//! Those picked for their use (breadth, or a cue of code every part uses: `error`, `utils`,
//! `helpers`, `db`) are flagged: set apart, they cannot glue domains together while the
//! clustering runs, and after it one filed in a domain's folder rejoins that domain
//! ([`super::folders::join_home_folders`]); one picked for breadth alone, no name saying what
//! it is, rejoins the service that holds half its references
//! ([`join_most_tied`]).

use super::Tuning;
use super::cues::{ARGS_CUES, CONFIG_CUES, DIRECTORY, ENGINE_CUES, KERNEL_CUES, PathWords, STRONG};
use super::roles::{Classification, Place, is_application, is_within};
use super::vocab::stem;
use crate::data::DataGraph;
use crate::graph::ModuleGraph;
use crate::model::{DataKind, ItemKind, ModuleIdx, Program, Role};
use std::collections::{BTreeMap, BTreeSet};

/// Why a module was picked for the kernel.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pick {
    /// A configuration, middleware or health cue, a data-access layer or a schema declaring
    /// tables: infrastructure by what it is, wherever it is filed.
    Named,
    /// A name cue of code every part uses (`error`, `utils`, `helpers`, `db`, `metrics`):
    /// in a domain's folder, it is that domain's (`host::v8::error`).
    Weak,
    /// Breadth of use alone.
    Breadth,
}

/// The shared kernel: modules used across many groups of the code.
pub(super) fn kernel(
    program: &Program,
    graph: &ModuleGraph,
    data: &DataGraph,
    tune: &Tuning,
    c: &mut Classification,
) {
    let n = program.modules.len();
    // Consumer groups: the parent module of each consumer (crate roots are their own group);
    // roots and modules set apart do not count as consumers, nor do descendants.
    let group = |m: ModuleIdx| program.modules[m].parent.unwrap_or(m);
    let mut consumers: Vec<BTreeSet<ModuleIdx>> = vec![BTreeSet::new(); n];
    let mut consumer_modules: Vec<usize> = vec![0; n];
    // Any user at all, roots included: a `config` only `main` reads is still infrastructure.
    let mut used = vec![false; n];
    let mut users: Vec<Vec<ModuleIdx>> = vec![Vec::new(); n];
    for d in &graph.dependencies {
        if d.from != d.to && !is_within(program, d.from, d.to) {
            used[d.to] = true;
            users[d.to].push(d.from);
        }
    }
    for d in &graph.dependencies {
        if d.from == d.to || c.place[d.from] != Place::Cluster || is_within(program, d.from, d.to) {
            continue;
        }
        consumers[d.to].insert(group(d.from));
        consumer_modules[d.to] += 1;
    }
    let groups: BTreeSet<ModuleIdx> = (0..n)
        .filter(|&m| c.place[m] == Place::Cluster)
        .map(group)
        .collect();
    let g = groups.len();

    // How many tables each module writes; diesel tables each declares.
    let mut written = vec![0usize; n];
    let mut all_tables = 0usize;
    for node in data.nodes.iter().filter(|d| d.kind == DataKind::Table) {
        all_tables += 1;
        let writers: BTreeSet<ModuleIdx> = node
            .accesses
            .iter()
            .filter(|a| a.writes > 0)
            .map(|a| a.module)
            .collect();
        for m in writers {
            written[m] += 1;
        }
    }
    let writes_any: Vec<bool> = written.iter().map(|&w| w > 0).collect();
    let mut declared_tables = vec![0usize; n];
    for item in &program.items {
        if item.kind == ItemKind::Table {
            declared_tables[item.module] += 1;
        }
    }

    // A trait that two implementations or more implement, all in the trait's own area (the
    // info storages behind rustus's `InfoStorage`), is that area's port: used everywhere
    // through the application's state, it is still the area's interface, not the kernel's.
    let area = super::roles::areas(program);
    let mut implementors: Vec<BTreeSet<ModuleIdx>> = vec![BTreeSet::new(); n];
    for d in &graph.dependencies {
        if d.from != d.to && d.kinds.contains_key(&crate::model::EdgeKind::Impl) {
            implementors[d.to].insert(d.from);
        }
    }
    let mut traits = vec![false; n];
    for item in program.items.iter().filter(|i| i.kind == ItemKind::Trait) {
        traits[item.module] = true;
    }
    let area_port = |m: ModuleIdx| {
        traits[m]
            && area[m].is_some()
            && implementors[m].len() >= 2
            && implementors[m].iter().all(|&i| area[i] == area[m])
    };
    let wide = (tune.kernel_share * g as f64).ceil().max(4.0) as usize;
    // Utility modules are used much more than they use (Mono2Micro's utility score).
    let mut afferent = vec![0.0f64; n];
    let mut efferent = vec![0.0f64; n];
    for d in &graph.dependencies {
        if d.from != d.to && c.place[d.from] == Place::Cluster && c.place[d.to] == Place::Cluster {
            efferent[d.from] += d.weight;
            afferent[d.to] += d.weight;
        }
    }
    // A data-access layer writes many tables; a domain's repository writes its aggregate's
    // and only reads the others (realworld's `db::articles` reads users and follows).
    let hub_tables = ((0.4 * all_tables as f64).ceil() as usize).max(4);
    let mut picked: Vec<(ModuleIdx, Pick, String)> = Vec::new();
    let path_words = PathWords::new(program);
    // A module named like a table is the aggregate's type (`order` for `orders`): used
    // everywhere, it is still a domain's, not the kernel's.
    let name_of = |m: ModuleIdx| program.modules[m].id.rsplit("::").next().unwrap_or("");
    let table_stems: BTreeSet<String> = data
        .nodes
        .iter()
        .filter(|d| d.kind == DataKind::Table)
        .map(|d| stem(crate::data::table_name(&d.id)))
        .collect();
    // The cue of `lists` in `x`'s name, or a storage engine's when module `m` writes no
    // table: an adapter that writes tables is where their data is owned and stays with the
    // domains (or is a data-access hub below); one that writes none is plumbing.
    let infra_cue = |x: ModuleIdx, m: ModuleIdx, lists: &[&[&str]]| {
        path_words.name_cue(program, x, lists).or_else(|| {
            path_words
                .name_cue(program, x, &[ENGINE_CUES])
                .filter(|_| !writes_any[m])
        })
    };
    // In an application (a binary among the crates), a module inside a middleware or
    // configuration directory (`middleware::deadline`, `config::file`) or a storage engine's
    // (`repo::fjall::alias`, unless it writes a table) that only that directory and the roots
    // use is part of it. In a library, `middleware::from_fn` is what it offers; a module used
    // beyond the directory is judged on its own.
    let application = is_application(program);
    // An application's command named by a configuration cue, right below its folder of
    // commands (jj's `commands::config`, mise's `cli::settings`: a folder of four modules or
    // more) and used by nothing but that folder and the roots, is the command that shows and
    // edits the configuration: a feature, like the commands beside it. One that other code
    // reads, or the configuration file of a `cli` folder that holds little else (cala's
    // `cli::config` beside `cli::db`), is the configuration.
    let children = super::roles::child_counts(program);
    let config_command = |m: ModuleIdx| {
        application
            && path_words.name_cue(program, m, &[CONFIG_CUES]).is_some()
            && program.modules[m].parent.is_some_and(|p| {
                let dir = program.modules[p].id.rsplit("::").next().unwrap_or("");
                (super::vocab::is_command_layer(dir) || dir == "cli")
                    && children[p] >= 4
                    && users[m]
                        .iter()
                        .all(|&u| c.place[u] == Place::Root || is_within(program, u, p))
            })
    };
    let serves_cue_directory = |m: ModuleIdx| -> Option<(String, String)> {
        if !application {
            return None;
        }
        let mut cur = program.modules[m].parent?;
        let (cue, dir) = loop {
            program.modules[cur].parent?;
            if config_command(cur) {
                return None;
            }
            if let Some(cue) = infra_cue(cur, m, DIRECTORY) {
                break (cue, cur);
            }
            cur = program.modules[cur].parent?;
        };
        let inside = users[m]
            .iter()
            .all(|&u| c.place[u] == Place::Root || is_within(program, u, dir));
        // `config::tiles::postgres` configures the `postgres` domain found elsewhere: it is
        // judged on its own and clusters with what it configures.
        let configures_domain = CONFIG_CUES.contains(&cue.as_str())
            && path_words.domain_below(program, m, dir).is_some();
        (used[m] && inside && !configures_domain).then(|| (cue, program.modules[dir].id.clone()))
    };
    for m in 0..n {
        if c.place[m] != Place::Cluster {
            continue;
        }
        let strong = infra_cue(m, m, STRONG)
            .or_else(|| {
                application
                    .then(|| path_words.name_cue(program, m, &[ARGS_CUES]))
                    .flatten()
            })
            .filter(|_| !config_command(m));
        let inherited = strong.is_none().then(|| serves_cue_directory(m)).flatten();
        let cue = path_words.name_cue(program, m, &[KERNEL_CUES]);
        let breadth = consumers[m].len();
        if written[m] >= hub_tables && all_tables >= 4 {
            picked.push((
                m,
                Pick::Named,
                format!(
                    "data-access layer: writes {} of the {all_tables} tables",
                    written[m]
                ),
            ));
        } else if declared_tables[m] >= 3 {
            picked.push((
                m,
                Pick::Named,
                format!(
                    "schema: declares {} tables of several domains",
                    declared_tables[m]
                ),
            ));
        } else if let Some((cue, dir)) = inherited {
            picked.push((
                m,
                Pick::Named,
                format!("part of `{dir}` (`{cue}`): nothing else uses it"),
            ));
        } else if let Some(cue) = strong.filter(|_| used[m]) {
            let pick = if super::cues::STRONG_CUES.contains(&cue.as_str()) {
                Pick::Weak
            } else {
                Pick::Named
            };
            picked.push((
                m,
                pick,
                format!("`{cue}`: infrastructure, used by {breadth} groups of modules"),
            ));
        } else if let Some(cue) = cue.filter(|_| breadth >= 2 || consumer_modules[m] >= 3) {
            picked.push((
                m,
                Pick::Weak,
                format!(
                    "`{cue}` used by {breadth} groups of modules ({} modules)",
                    consumer_modules[m]
                ),
            ));
        } else if breadth >= wide
            && !area_port(m)
            && !writes_any[m]
            && g >= 6
            && afferent[m] >= 2.0 * efferent[m]
            && !table_stems.contains(&stem(name_of(m)))
        {
            picked.push((
                m,
                Pick::Breadth,
                format!("used by {breadth} of {g} groups of modules"),
            ));
        }
    }
    // A kernel that swallows the code is no kernel: when those picked by breadth alone are
    // over 40 % of what the named and data-hub ones leave, keep only the latter.
    let candidates = (0..n).filter(|&m| c.place[m] == Place::Cluster).count();
    let named = picked.iter().filter(|p| p.1 != Pick::Breadth).count();
    if (picked.len() - named) * 5 > (candidates - named) * 2 {
        picked.retain(|p| p.1 != Pick::Breadth);
    }
    for (m, pick, why) in picked {
        c.place[m] = Place::Apart(Role::SharedKernel);
        c.reason[m] = Some(why);
        c.by_use[m] = pick != Pick::Named;
        c.by_breadth[m] = pick == Pick::Breadth;
    }
}

/// Modules set apart as kernel by breadth of use alone (`by_breadth`) that share half or more
/// of their references (both ways, by weight) with the modules of one group join that group:
/// used widely, they are still mostly one domain's (jj's `templater`, zero2prod's
/// `session_state`, websurfx's `models::engine`). `groups[g]` lists the modules of group `g`.
/// Returns the modules moved, in index order.
pub(super) fn join_most_tied(
    graph: &ModuleGraph,
    by_breadth: &[bool],
    groups: &mut [Vec<ModuleIdx>],
) -> Vec<ModuleIdx> {
    let n = by_breadth.len();
    let mut group_of: Vec<Option<usize>> = vec![None; n];
    for (gi, g) in groups.iter().enumerate() {
        for &m in g {
            if let Some(slot) = group_of.get_mut(m) {
                *slot = Some(gi);
            }
        }
    }
    let mut ties: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
    let mut total = vec![0.0f64; n];
    for d in &graph.dependencies {
        if d.from == d.to {
            continue;
        }
        for (m, other) in [(d.from, d.to), (d.to, d.from)] {
            if !by_breadth.get(m).copied().unwrap_or(false) {
                continue;
            }
            total[m] += d.weight;
            if let Some(g) = group_of.get(other).copied().flatten() {
                *ties[m].entry(g).or_insert(0.0) += d.weight;
            }
        }
    }
    let mut moved = Vec::new();
    for m in (0..n).filter(|&m| by_breadth[m]) {
        let best = ties[m]
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)));
        if let Some((&g, &w)) = best
            && total[m] > 0.0
            && w * 2.0 >= total[m]
        {
            moved.push((m, g));
        }
    }
    for &(m, g) in &moved {
        groups[g].push(m);
    }
    moved.into_iter().map(|(m, _)| m).collect()
}

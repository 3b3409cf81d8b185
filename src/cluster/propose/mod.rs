//! The service proposal: which modules are set apart (composition roots, shared kernel,
//! migrations, test support, front-ends), which services the rest falls into, what each is
//! called and why each module is where it is.
//!
//! Steps, one file each:
//! 1. [`roles`]: composition roots (crate roots, wiring), the shared kernel (modules used across
//!    many areas, with name cues and data-access hubs), and labelled non-services.
//! 2. [`vocab`]: the domain terms of every module (path segments, type names, tables), weighted
//!    like TF-IDF so that layer words (`api`, `models`, `handlers`) carry nothing.
//! 3. [`signals`]: one undirected graph whose nodes are the clustered modules plus one node per
//!    table, per domain term and per unclustered parent: structure (damped), table access
//!    (writes weigh far more than reads; tables reached through calls count less), shared
//!    vocabulary and a light directory tie.
//! 4. [`count`]: Leiden (best of several seeds), then a size cap (no service above ~40 % of the domain modules while
//!    something separates it) and a split of services whose own modules form clear
//!    communities; `--services N` is met exactly by splitting or merging (an application's
//!    own services, a library's partition at the resolution that gives N).
//! 5. [`placement`]: clean-up (singletons, groups of table declarations only, lone table
//!    writers, library crate roots join the service holding their modules) and the evidence
//!    behind each module's place; [`folders`]: the developers' folders after clustering
//!    (services nested in another's folder, platform versions, folders kept whole), after
//!    which lone table writers and modules left alone are placed again.
//! 6. [`naming`]: each service is named after its dominant domain term.
//!
//! With declared services (`analyze --declared`, [`declared`]), their modules are clustered
//! whatever their role, held in their service while Leiden runs (step 4), put back there if
//! the clean-up (step 5) moved one, and the declared names are kept.
//!
//! Takes the program, the module graph and the data graph; returns a [`Proposal`]. Knows
//! nothing of output formats.

mod app_state;
mod count;
mod cues;
mod declared;
mod folders;
mod kernel;
mod naming;
mod non_services;
mod placement;
mod reach;
mod roles;
mod settled;
mod signals;
mod vocab;

#[cfg(test)]
mod tests;

use super::partition::{community_count, renumber};
use crate::data::DataGraph;
use crate::graph::{ModuleGraph, Weights};
use crate::model::{ModuleIdx, Program, Role};
use rayon::prelude::*;
use std::collections::BTreeSet;

pub use declared::Declared;
pub use placement::{Evidence, EvidenceKind, Placement};
pub use roles::areas;
pub use settled::spaced_seed;

/// Seed of every random choice: proposals are reproducible.
pub const SEED: u64 = 0x5eed;

/// One proposed service (or a group set apart: shared kernel, migrations, ...).
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceCandidate {
    /// Unique, stable name (`orders`, `two-factor`).
    pub name: String,
    /// Its modules, sorted.
    pub modules: Vec<ModuleIdx>,
    /// Service or one of the set-apart roles.
    pub role: Role,
}

/// Options of the proposal.
#[derive(Clone, Debug)]
pub struct ProposalOptions {
    /// Requested number of services (the groups set apart do not count).
    pub services: Option<usize>,
    /// Detect composition roots, the shared kernel and non-services (off: every module is
    /// clustered).
    pub roles: bool,
    /// Weights of data affinity.
    pub weights: Weights,
    /// Strengths of the signals (defaults studied on the domain benchmark, docs/QUALITY.md).
    pub tuning: Tuning,
    /// Re-runs with other seeds that measure how settled each placement is
    /// ([`Placement::settled`]; 0: not measured).
    pub reruns: usize,
    /// Services the user declared, whose modules stay in them (empty: none; then
    /// `services` must be `None`).
    pub declared: Vec<Declared>,
}

impl Default for ProposalOptions {
    fn default() -> Self {
        ProposalOptions {
            services: None,
            roles: true,
            weights: Weights::default(),
            tuning: Tuning::default(),
            reruns: settled::RERUNS,
            declared: Vec::new(),
        }
    }
}

/// Strengths of the signals of the affinity graph and the size cap. Not a user setting: the
/// quality harness varies them to study the proposal.
#[derive(Clone, Debug, PartialEq)]
pub struct Tuning {
    /// Scale of structural (reference) affinity.
    pub structure: f64,
    /// Total affinity of a module to its domain terms.
    pub term: f64,
    /// Share of the table weight a reading module gets (a writer gets all of it).
    pub read: f64,
    /// Share of that weight a module gets for a table it reaches through the project
    /// functions it calls (0: ignored).
    pub via: f64,
    /// Share of the table weight that links two tables the code declares related (SeaORM
    /// `Relation`, diesel `joinable!`, one SQL statement touching both).
    pub relation: f64,
    /// Affinity of a module to its directory.
    pub directory: f64,
    /// Non-zero: a community is not split again for its own structure when the split would
    /// cut an aggregate (related tables written from different parts).
    pub aggregate: f64,
    /// Largest share of the clustered modules one service may hold while something separates
    /// it.
    pub cap: f64,
    /// Resolution of the first Leiden pass, for up to `Tuning::gamma_from` modules.
    pub gamma: f64,
    /// Clustered modules above which the resolution grows (0: never).
    pub gamma_from: f64,
    /// Power of the growth: the resolution is `gamma · (modules / gamma_from)^gamma_pow`.
    pub gamma_pow: f64,
    /// A service whose own subgraph splits with at least this modularity is split (1: never).
    pub split_q: f64,
    /// Fewest modules a service needs to be split that way.
    pub refine_min: f64,
    /// Scale of table affinity (times the `table` weight).
    pub table: f64,
    /// Scale of static affinity (times the `static` weight).
    pub statics: f64,
    /// Affinity of a module to its package.
    pub package: f64,
    /// Share of the groups of modules that must use a module (mostly used, using little) for it
    /// to join the shared kernel on breadth alone.
    pub kernel_share: f64,
    /// Scale of the term affinity in an application whose packages are named by layers.
    pub layered_term: f64,
    /// Affinity of each module an entry module reaches to that use case (0: none).
    pub usecase: f64,
    /// Dependency steps a use case follows.
    pub usecase_depth: f64,
    /// Share of the package affinity an application's umbrella package gets (the package
    /// named like the project among `<project>-x` packages: its shell, not a domain).
    pub umbrella: f64,
    /// Share of the clustered lines of code below which a service is too small to deploy: it
    /// joins the service it is most attached to (0: never).
    pub tiny: f64,
    /// Users above which a module inside a layer-named folder (`schema::scalars`) is that
    /// layer's hub: each structural link to it is scaled by √(hub / users), as a table many
    /// modules touch is (0: never).
    pub hub: f64,
    /// Affinity of each module to a module set apart (the kernel's `version` formatter) that
    /// it and others use, thinned by √(users / 3) like a datum: a family of plugins shares
    /// its helpers (0: never).
    pub shared: f64,
    /// Most clustered modules a folder (not a crate root, not a layer) may hold and still be
    /// kept whole when half of it is in one service (0: never).
    pub folder: f64,
    /// Most clustered modules a larger folder may hold and still be kept whole, when
    /// `Tuning::big_share` of it is in one service (at most `folder`: no second tier).
    pub folder_big: f64,
    /// Share of a larger folder one service must hold for the rest to join it.
    pub big_share: f64,
    /// First seed of the Leiden runs (the proposal keeps the best of several).
    pub seed: u64,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            structure: 1.0,
            term: 4.0,
            read: 0.2,
            via: 0.3,
            relation: 0.5,
            directory: 1.0,
            aggregate: 1.0,
            cap: 0.4,
            gamma: 1.2,
            gamma_from: 60.0,
            gamma_pow: 0.5,
            split_q: 0.4,
            refine_min: 16.0,
            table: 1.0,
            statics: 1.0,
            package: 2.0,
            kernel_share: 0.4,
            layered_term: 2.0,
            usecase: 0.3,
            usecase_depth: 6.0,
            umbrella: 0.0,
            tiny: 0.003,
            hub: 4.0,
            shared: 0.15,
            folder: 10.0,
            folder_big: 30.0,
            big_share: 0.67,
            seed: SEED,
        }
    }
}

impl Tuning {
    /// The resolution of the first Leiden pass over `modules` clustered modules.
    pub fn resolution(&self, modules: usize) -> f64 {
        let m = modules as f64;
        if self.gamma_from > 0.0 && m > self.gamma_from {
            self.gamma * (m / self.gamma_from).powf(self.gamma_pow)
        } else {
            self.gamma
        }
    }

    /// Sets one strength by name (`structure`, `term`, `read`, `directory`, `cap`, `gamma`).
    pub fn set(&mut self, key: &str, value: f64) -> Result<(), String> {
        let slot = match key {
            "structure" => &mut self.structure,
            "term" => &mut self.term,
            "read" => &mut self.read,
            "via" => &mut self.via,
            "relation" => &mut self.relation,
            "directory" => &mut self.directory,
            "aggregate" => &mut self.aggregate,
            "cap" => &mut self.cap,
            "gamma" => &mut self.gamma,
            "gamma_from" => &mut self.gamma_from,
            "gamma_pow" => &mut self.gamma_pow,
            "split_q" => &mut self.split_q,
            "refine_min" => &mut self.refine_min,
            "table" => &mut self.table,
            "static" => &mut self.statics,
            "package" => &mut self.package,
            "kernel_share" => &mut self.kernel_share,
            "layered_term" => &mut self.layered_term,
            "usecase" => &mut self.usecase,
            "usecase_depth" => &mut self.usecase_depth,
            "umbrella" => &mut self.umbrella,
            "tiny" => &mut self.tiny,
            "hub" => &mut self.hub,
            "shared" => &mut self.shared,
            "folder" => &mut self.folder,
            "folder_big" => &mut self.folder_big,
            "big_share" => &mut self.big_share,
            "seed" => {
                if !(value >= 0.0 && value.fract() == 0.0 && value < u64::MAX as f64) {
                    return Err(format!("seed must be a whole number, not {value}"));
                }
                self.seed = value as u64;
                return Ok(());
            }
            _ => return Err(format!("unknown tuning key `{key}`")),
        };
        *slot = value;
        Ok(())
    }
}

/// The proposal.
#[derive(Clone, Debug, Default)]
pub struct Proposal {
    /// Services sorted by name, then the groups set apart (shared kernel first).
    pub services: Vec<ServiceCandidate>,
    /// Per module: index into `services`, `None` for composition roots.
    pub membership: Vec<Option<usize>>,
    /// Composition roots (gateway/bootstrap code: binary roots, crate roots, routers).
    pub roots: Vec<ModuleIdx>,
    /// Resolution the partition was found at.
    pub resolution: Option<f64>,
    /// Why the requested service count could not be met, if it could not.
    pub note: Option<String>,
    /// One line: why this many services.
    pub count_reason: String,
    /// Why each module is where it is (clustered modules and kernel modules), by module.
    pub placement: Vec<Placement>,
}

impl Proposal {
    /// How settled a service is: the mean of its measured modules' [`Placement::settled`]
    /// (`None` when none was measured: a group set apart, or no re-run).
    pub fn settled(&self, service: usize) -> Option<f64> {
        let shares: Vec<f64> = self
            .placement
            .iter()
            .filter(|p| p.service == service)
            .filter_map(|p| p.settled)
            .collect();
        (!shares.is_empty()).then(|| shares.iter().sum::<f64>() / shares.len() as f64)
    }

    /// The placements some re-run changes, least settled first (then by module).
    pub fn unsettled(&self) -> Vec<&Placement> {
        let mut v: Vec<&Placement> = self
            .placement
            .iter()
            .filter(|p| p.close_call().is_some())
            .collect();
        v.sort_by(|a, b| {
            a.settled
                .partial_cmp(&b.settled)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.module.cmp(&b.module))
        });
        v
    }
}

/// Builds the proposal.
pub fn propose(
    program: &Program,
    graph: &ModuleGraph,
    data: &DataGraph,
    opts: &ProposalOptions,
) -> Proposal {
    let n = program.modules.len();
    let mut set_apart = if opts.roles {
        roles::classify(program, graph, data, &opts.tuning)
    } else {
        roles::Classification::none(n)
    };
    let pin = declared::pins(n, &opts.declared);
    declared::cluster_pinned(&mut set_apart, &pin);
    let nodes: Vec<ModuleIdx> = (0..n).filter(|&m| set_apart.clustered(m)).collect();
    let mut node_of: Vec<Option<usize>> = vec![None; n];
    for (k, &m) in nodes.iter().enumerate() {
        node_of[m] = Some(k);
    }
    let layers = folders::mirrored_layers(program, graph);
    let terms = vocab::Vocabulary::build(program, data, &nodes, &layers);
    let g = signals::build(
        program,
        graph,
        data,
        &nodes,
        &node_of,
        &terms,
        &layers,
        &opts.weights,
        &opts.tuning,
    );

    let modules = nodes.len();
    let is_data: Vec<bool> = g
        .kinds
        .iter()
        .map(|k| matches!(k, signals::NodeKind::Data(_)))
        .collect();
    let loc: Vec<f64> = nodes
        .iter()
        .map(|&m| f64::from(program.modules[m].loc))
        .collect();
    // The declared service of each node of the affinity graph (modules come first).
    let pin_node: Vec<Option<usize>> = (0..g.graph.n)
        .map(|v| nodes.get(v).and_then(|&m| pin[m]))
        .collect();
    // The evidence's own partition, cleaned up.
    let evidence = |tuning: &Tuning| {
        let mut outcome = count::partition_held(&g.graph, modules, &is_data, tuning, &pin_node);
        let mut full = std::mem::take(&mut outcome.membership);
        placement::clean_up(&mut full, &g, data, modules, &node_of);
        folders::join_nested(program, &nodes, &node_of, &mut full, modules);
        folders::join_platform_versions(program, &nodes, &node_of, &mut full, modules);
        folders::join_folders(program, &node_of, &mut full, tuning, &layers);
        placement::settle(&mut full, &g, data, modules, &node_of);
        placement::join_tiny(&mut full, &g.graph, &loc, tuning.tiny);
        declared::apply(&mut full, &g.graph, &pin_node);
        (outcome, full)
    };
    let solve = |tuning: &Tuning| match opts.services {
        _ if modules == 0 => {
            let mut outcome = count::partition(&g.graph, modules, &is_data, tuning);
            let full = std::mem::take(&mut outcome.membership);
            (outcome, full)
        }
        None => evidence(tuning),
        // An application's `k` services are its own services merged (or split) to `k`: its
        // evidence finds domains, and asking for fewer merges the two closest instead of
        // drawing a new partition (innernet-server, oxen-server, torrust-index at their
        // reviewers' counts). A library's `k` (its crates, say) is the resolution that gives
        // `k` communities: its own services are finer than its crates.
        Some(k) if roles::is_application(program) => {
            let (mut outcome, mut full) = evidence(tuning);
            outcome.note = count::fit(&mut full, &g.graph, modules, k);
            outcome.reason = "as asked".to_string();
            (outcome, full)
        }
        Some(k) => {
            let mut outcome = count::partition_k(&g.graph, modules, k, tuning.seed);
            let mut full = std::mem::take(&mut outcome.membership);
            placement::clean_up(&mut full, &g, data, modules, &node_of);
            outcome.note = count::fit(&mut full, &g.graph, modules, k);
            (outcome, full)
        }
    };
    let (outcome, mut full) = solve(&opts.tuning);
    if modules > 0 {
        renumber(&mut full);
    }
    // The same search with other seeds, to tell settled placements from close calls.
    let reruns: Vec<Vec<usize>> = if modules > 1 {
        (1..=opts.reruns)
            .into_par_iter()
            .map(|i| {
                let tuning = Tuning {
                    seed: spaced_seed(opts.tuning.seed, i),
                    ..opts.tuning.clone()
                };
                solve(&tuning).1
            })
            .collect()
    } else {
        Vec::new()
    };

    // Services (module communities come first after renumbering), named.
    let k = community_count(&full[..modules]);
    let mut groups: Vec<Vec<ModuleIdx>> = vec![Vec::new(); k];
    for (node, &c) in full[..modules].iter().enumerate() {
        groups[c].push(nodes[node]);
    }
    // A lone module below a kernel module, which nothing else drew anywhere, is part of the
    // kernel.
    for g in groups
        .iter_mut()
        .filter(|g| g.len() == 1 && pin[g[0]].is_none())
    {
        let m = g[0];
        if let Some(p) = program.modules[m].parent
            && set_apart.place[p] == roles::Place::Apart(Role::SharedKernel)
        {
            set_apart.place[m] = roles::Place::Apart(Role::SharedKernel);
            set_apart.reason[m] = Some(format!(
                "part of {}, tied to no service",
                program.modules[p].id
            ));
            g.clear();
        }
    }
    // A module set apart for its use alone (breadth, or a cue like `helpers` or `error`),
    // filed in a domain's folder, is that domain's.
    let by_use: Vec<bool> = (0..n)
        .map(|m| {
            set_apart.by_use[m] && set_apart.place[m] == roles::Place::Apart(Role::SharedKernel)
        })
        .collect();
    let mut joined: Vec<(ModuleIdx, Option<ModuleIdx>)> =
        folders::join_home_folders(program, &layers, &by_use, &mut groups)
            .into_iter()
            .map(|(m, folder)| (m, Some(folder)))
            .collect();
    for &(m, _) in &joined {
        set_apart.place[m] = roles::Place::Cluster;
        set_apart.reason[m] = None;
    }
    // One kernel by breadth alone, no name saying what it is, that shares half its references
    // with one service is that service's.
    let by_breadth: Vec<bool> = (0..n)
        .map(|m| {
            set_apart.by_breadth[m] && set_apart.place[m] == roles::Place::Apart(Role::SharedKernel)
        })
        .collect();
    for m in kernel::join_most_tied(graph, &by_breadth, &mut groups) {
        set_apart.place[m] = roles::Place::Cluster;
        set_apart.reason[m] = None;
        joined.push((m, None));
    }
    // Library crate roots and declaring directories that only front one service join it.
    let mut roots = placement::attach_roots(program, &set_apart, &mut groups);
    // A declaring directory whose modules all went to one group set apart (the kernel,
    // migrations) is part of it.
    let mut below: Vec<BTreeSet<Option<Role>>> = vec![BTreeSet::new(); n];
    for m in 0..n {
        if set_apart.is_root(m) {
            continue;
        }
        let role = match set_apart.place[m] {
            roles::Place::Apart(r) => Some(r),
            _ => None,
        };
        let mut up = program.modules[m].parent;
        while let Some(p) = up {
            below[p].insert(role);
            up = program.modules[p].parent;
        }
    }
    roots.retain(|&m| {
        let role = match below[m].iter().collect::<Vec<_>>().as_slice() {
            [Some(r)] if set_apart.declares_only[m] => *r,
            _ => return true,
        };
        set_apart.place[m] = roles::Place::Apart(role);
        let what = match role {
            Role::SharedKernel => "kernel",
            _ => role.as_str(),
        };
        set_apart.reason[m] = Some(format!("declares {what} modules only"));
        false
    });
    for g in &mut groups {
        g.sort_unstable();
    }
    let mut services: Vec<ServiceCandidate> = groups
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(|modules| ServiceCandidate {
            // A declared service keeps its name; naming fills in the others.
            name: modules
                .iter()
                .find_map(|&m| pin[m])
                .map(|d| opts.declared[d].name.clone())
                .unwrap_or_default(),
            modules,
            role: Role::Service,
        })
        .collect();
    naming::name_services(program, data, &terms, &mut services);
    services.sort_by(|a, b| a.name.cmp(&b.name));
    for (role, modules) in set_apart.groups() {
        services.push(ServiceCandidate {
            name: role.as_str().to_string(),
            modules,
            role,
        });
    }
    let mut member = vec![None; n];
    for (si, s) in services.iter().enumerate() {
        for &m in &s.modules {
            member[m] = Some(si);
        }
    }
    let mut placement = placement::explain(
        program, graph, data, &g, &full, &member, &services, &terms, &set_apart, &joined,
    );
    let service_of: Vec<Option<usize>> = member
        .iter()
        .map(|s| s.filter(|&s| services[s].role == Role::Service))
        .collect();
    let shares = settled::shares(&nodes, &service_of, &reruns, n);
    for p in &mut placement {
        p.settled = shares[p.module].map(|x| x.share);
        p.drifts_to = shares[p.module].and_then(|x| x.elsewhere);
    }
    declared::mark(&mut placement, &pin, &opts.declared);
    let count_reason = {
        let k = services.iter().filter(|s| s.role == Role::Service).count();
        let plural = if k == 1 { "" } else { "s" };
        if opts.declared.is_empty() {
            format!("{k} service{plural}: {}", outcome.reason)
        } else {
            let kept = services
                .iter()
                .filter(|s| s.role == Role::Service && s.modules.iter().any(|&m| pin[m].is_some()))
                .count();
            format!(
                "{k} service{plural}: {kept} declared in the config, their modules kept and the rest placed by {}",
                outcome.reason
            )
        }
    };
    Proposal {
        services,
        membership: member,
        roots,
        resolution: outcome.resolution,
        note: outcome.note,
        count_reason,
        placement,
    }
}

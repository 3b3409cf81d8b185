//! The developers' folders as evidence, after clustering: what they put in one folder was
//! meant to go together unless the folder is a layer.
//!
//! - A service of three modules or fewer that is one module and its descendants, nested in a
//!   directory another service holds (`protocol::getting` below `protocol`), is part of it.
//! - Platform versions of one piece of code (`disks::unix::linux`, `io_counters[55]`) go
//!   where that code goes.
//! - A folder below a crate's top level, neither a layer nor inside one (the command layer
//!   excepted), is kept whole: when at least half of its clustered modules are in one service
//!   (two thirds in a folder of 11 to 30), the rest join them.
//! - A module the kernel took for its use alone (breadth, `helpers`, `error`), filed in a
//!   folder whose other modules are mostly in one service, joins it: it is that domain's.
//! - Before clustering: folders that are layers by their shape, whatever their name (their
//!   children named like another folder's, and referencing them: gitu's `ops::log` opens
//!   `screen::log`), for the vocabulary and the affinity signals, and never kept whole here.

use crate::graph::ModuleGraph;
use crate::model::{ModuleIdx, Program};
use std::collections::{BTreeMap, BTreeSet};

/// The most modules a service nested in another's directory may have and still join it.
pub const NESTED_MAX: usize = 3;

/// Small services nested in another's directory join it: a community of at most
/// [`NESTED_MAX`] modules that is one module `d` and descendants of `d`, where `d`'s parent is
/// clustered in another community. The developers put it there; only its own words set it
/// apart. `nodes[i]` is the module of affinity node `i`.
pub fn join_nested(
    program: &Program,
    nodes: &[ModuleIdx],
    node_of: &[Option<usize>],
    membership: &mut [usize],
    modules: usize,
) {
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (node, &c) in membership[..modules].iter().enumerate() {
        members.entry(c).or_default().push(node);
    }
    if members.len() < 2 {
        return;
    }
    for (c, list) in members {
        if list.len() > NESTED_MAX {
            continue;
        }
        let Some(&top) = list.iter().find(|&&d| {
            list.iter()
                .all(|&x| super::roles::is_within(program, nodes[x], nodes[d]))
        }) else {
            continue;
        };
        let Some(home) = program.modules[nodes[top]]
            .parent
            .and_then(|p| node_of[p])
            .map(|p| membership[p])
            .filter(|&h| h != c)
        else {
            continue;
        };
        for &x in &list {
            membership[x] = home;
        }
    }
}

/// The words that name an operating system or platform family: a module so named
/// (`disks::unix`, `process_helper::windows`) is one platform's version of its parent's code.
/// Not `wasm`: a WASM runtime is often a feature of its own (a plugin host).
pub(super) const PLATFORMS: &[&str] = &[
    "linux",
    "macos",
    "darwin",
    "apple",
    "ios",
    "android",
    "windows",
    "win",
    "win32",
    "unix",
    "posix",
    "freebsd",
    "openbsd",
    "netbsd",
    "dragonfly",
    "bsd",
    "solaris",
    "illumos",
    "fuchsia",
    "redox",
    "haiku",
];

/// Platform versions of one piece of code go where it goes: a module below a segment named
/// by a platform (`collection::disks::unix::linux::counters`), and a second declaration of a
/// path under another `cfg` (`io_counters[55]`), join the service of the code they are a
/// version of (`collection::disks`, `io_counters`) when it is clustered. Only one version is
/// built at a time, so the versions never refer to each other: their shared words would
/// otherwise pull each platform's files into a service of their own (`counters`, `unix`).
pub fn join_platform_versions(
    program: &Program,
    nodes: &[ModuleIdx],
    node_of: &[Option<usize>],
    membership: &mut [usize],
    modules: usize,
) {
    let by_id: BTreeMap<&str, ModuleIdx> = program
        .modules
        .iter()
        .enumerate()
        .map(|(m, module)| (module.id.as_str(), m))
        .collect();
    // `io_counters[55]` is `io_counters` declared again; `app[bin]` is a binary, not a copy.
    let plain = |segment: &str| -> String {
        match segment.split_once('[') {
            Some((name, rest))
                if rest
                    .strip_suffix(']')
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) =>
            {
                name.to_string()
            }
            _ => segment.to_string(),
        }
    };
    let platform = |segment: &str| {
        let ws = super::roles::words(&plain(segment));
        !ws.is_empty() && ws.iter().all(|w| PLATFORMS.contains(&w.as_str()))
    };
    let home: Vec<Option<usize>> = (0..modules)
        .map(|x| {
            let m = nodes[x];
            let segments: Vec<&str> = program.modules[m].id.split("::").collect();
            // The code this is a version of: the module above the first platform segment
            // (never a crate root), else the same path without its `[n]` mark.
            let anchor = match segments.iter().skip(2).position(|s| platform(s)) {
                Some(i) => by_id.get(segments[..i + 2].join("::").as_str()).copied(),
                None if segments.iter().any(|s| plain(s).len() != s.len()) => {
                    let path: Vec<String> = segments.iter().map(|s| plain(s)).collect();
                    by_id.get(path.join("::").as_str()).copied()
                }
                None => None,
            };
            anchor
                .filter(|&a| a != m)
                .and_then(|a| node_of[a])
                .map(|a| membership[a])
        })
        .collect();
    for (x, h) in home.into_iter().enumerate() {
        if let Some(h) = h {
            membership[x] = h;
        }
    }
}

/// Folders are kept whole: a module with descendants (not a crate root) whose subtree holds
/// at most `Tuning::folder` clustered modules, at least half of them in one service, brings
/// the rest of the subtree into that service; up to `Tuning::folder_big` modules, the service
/// must hold `Tuning::big_share` of them (most folders of twenty to fifty modules hold several
/// domains, and the clustering then splits them without a clear majority). The developers
/// filed those modules together; the clustering split them on weaker evidence (a word, one
/// call). A folder named after a layer (`handlers`, an application's `commands`) or one by
/// its shape (`layers`), or inside a named one (the command layer excepted), holds one part
/// of many domains and is left alone, as is one named by a technical word (`utils`,
/// `client`). Larger folders are taken first; on a tie the folder's own module decides.
pub fn join_folders(
    program: &Program,
    node_of: &[Option<usize>],
    membership: &mut [usize],
    tune: &super::Tuning,
    layers: &BTreeSet<ModuleIdx>,
) {
    let max = tune.folder.max(tune.folder_big);
    if max <= 0.0 {
        return;
    }
    let n = program.modules.len();
    let mut below: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut children: Vec<Vec<ModuleIdx>> = vec![Vec::new(); n];
    for (m, module) in program.modules.iter().enumerate() {
        if let Some(p) = module.parent {
            children[p].push(m);
        }
        let Some(x) = node_of[m] else { continue };
        below[m].push(x);
        let mut up = module.parent;
        while let Some(p) = up {
            below[p].push(x);
            up = program.modules[p].parent;
        }
    }
    let application = super::roles::is_application(program);
    let layered = |m: ModuleIdx| layered(program, application, layers, m);
    let mut folders: Vec<ModuleIdx> = (0..n)
        .filter(|&d| {
            program.modules[d].parent.is_some()
                && below[d].len() >= 2
                && below[d].len() as f64 <= max
                && !layered(d)
        })
        .collect();
    folders.sort_by_key(|&d| (std::cmp::Reverse(below[d].len()), d));
    for d in folders {
        let list = &below[d];
        let mut count: BTreeMap<usize, usize> = BTreeMap::new();
        for &x in list {
            *count.entry(membership[x]).or_default() += 1;
        }
        if count.len() < 2 {
            continue;
        }
        let own = node_of[d].map(|x| membership[x]);
        let Some((&home, &most)) = count.iter().max_by(|a, b| {
            a.1.cmp(b.1)
                .then((Some(*a.0) == own).cmp(&(Some(*b.0) == own)))
                .then(b.0.cmp(a.0))
        }) else {
            continue;
        };
        let share = if list.len() as f64 <= tune.folder {
            0.5
        } else {
            tune.big_share
        };
        if (most as f64) < share * list.len() as f64 {
            continue;
        }
        // A subfolder wholly in another service is a part the developers set apart.
        let kept: Vec<usize> = children[d]
            .iter()
            .filter(|&&c| {
                below[c].len() >= 2 && {
                    let s = membership[below[c][0]];
                    s != home && below[c].iter().all(|&x| membership[x] == s)
                }
            })
            .flat_map(|&c| below[c].iter().copied())
            .collect();
        for &x in list {
            if !kept.contains(&x) {
                membership[x] = home;
            }
        }
    }
}

/// Is folder `m` a layer, inside one, or named by a technical word? Inside the command layer,
/// a folder is one group of commands (ferium's `subcommands::profile`, ord's
/// `subcommand::wallet`): the references keep 21 of 26 such folders whole. Inside another
/// layer it is often a container of several domains (zero2prod's `routes::admin`,
/// radicle-httpd's `api::v1`).
fn layered(
    program: &Program,
    application: bool,
    layers: &BTreeSet<ModuleIdx>,
    m: ModuleIdx,
) -> bool {
    let id = program.modules[m].id.to_lowercase();
    let mut segments = id.split("::").skip(1).flat_map(super::roles::words);
    let own = id.rsplit("::").next().unwrap_or("");
    super::vocab::is_stop(own)
        || super::vocab::is_layer_of(own, application)
        || layers.contains(&m)
        || segments.any(|w| super::vocab::is_layer(&w))
}

/// Modules set apart as shared kernel for their use alone (breadth, or a cue of code every
/// part uses: `helpers`, `error`) that sit in a domain's folder join that domain: a module
/// whose own subtree, or else whose folder (below a crate's top level, not a layer), has half
/// or more of its other clustered modules, two at least, in one group. Used widely, it is that
/// domain's API (cargo-audit's `advisory::date`, uv's `commands::project`, cobalt's
/// `pagination::helpers`, spacetimedb's `host::v8::error`), not infrastructure: the
/// developers filed it with the domain. Configuration, middleware and health modules, a
/// data-access layer and the parts of an infrastructure folder stay in the kernel.
/// `groups[g]` lists the modules of group `g`; `by_use[m]` says that `m` is kernel for its use
/// alone. Returns the modules moved, each with the folder that decided.
pub fn join_home_folders(
    program: &Program,
    layers: &BTreeSet<ModuleIdx>,
    by_use: &[bool],
    groups: &mut [Vec<ModuleIdx>],
) -> Vec<(ModuleIdx, ModuleIdx)> {
    let n = program.modules.len();
    let mut group_of: Vec<Option<usize>> = vec![None; n];
    for (gi, g) in groups.iter().enumerate() {
        for &m in g {
            group_of[m] = Some(gi);
        }
    }
    // Clustered modules below each folder (the folder's own module included).
    let mut below: Vec<Vec<ModuleIdx>> = vec![Vec::new(); n];
    for (m, _) in group_of.iter().enumerate().filter(|(_, g)| g.is_some()) {
        let mut up = Some(m);
        while let Some(p) = up {
            below[p].push(m);
            up = program.modules[p].parent;
        }
    }
    let application = super::roles::is_application(program);
    let home = |folder: ModuleIdx, m: ModuleIdx| -> Option<usize> {
        let mut count: BTreeMap<usize, usize> = BTreeMap::new();
        let others: Vec<ModuleIdx> = below[folder].iter().copied().filter(|&x| x != m).collect();
        for &x in &others {
            if let Some(g) = group_of[x] {
                *count.entry(g).or_default() += 1;
            }
        }
        let (&g, &most) = count
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
        (most >= 2 && most * 2 >= others.len()).then_some(g)
    };
    let mut moved = Vec::new();
    for m in (0..n).filter(|&m| by_use.get(m).copied().unwrap_or(false)) {
        let own = Some(m).filter(|&m| !layered(program, application, layers, m));
        let parent = program.modules[m]
            .parent
            .filter(|&p| program.modules[p].parent.is_some())
            .filter(|&p| !layered(program, application, layers, p));
        let found = own
            .and_then(|f| home(f, m).map(|g| (f, g)))
            .or_else(|| parent.and_then(|f| home(f, m).map(|g| (f, g))));
        if let Some((folder, g)) = found {
            groups[g].push(m);
            moved.push((m, folder));
        }
    }
    moved
}

/// Folders that are layers by their shape: a folder below a crate root whose children are
/// named, three or more of them and a quarter at least, like the children of one or two
/// other folders, and reference them, two of them or more (gitu's `ops::log` opens
/// `screen::log`, `ops::commit` runs `git::commit`). Each holds one part of several domains,
/// whatever its name; a folder named as a layer (`routes`, `db`) is one already. Parallel folders
/// whose like-named children do not reference each other are variants (shadowsocks'
/// `tcprelay::local` and `udprelay::local`). A name that many folders repeat (`entity`,
/// `repo` in every domain's folder) says the folders are domains cut in layers; those names,
/// like layer, stop and infrastructure words, are not counted: half the shared names must be
/// in at most three folders. A folder inside a layer (a domain mirrored across layers, oxen's
/// `controllers::workspaces` and `services::workspaces`) or named with a digit (`v4`, `v5`)
/// is none.
pub fn mirrored_layers(program: &Program, graph: &ModuleGraph) -> BTreeSet<ModuleIdx> {
    let application = super::roles::is_application(program);
    let plain = |name: &str| {
        let s = super::vocab::stem(name);
        !(super::vocab::is_stop(name)
            || super::vocab::is_stop(&s)
            || super::vocab::is_layer_of(&s, application)
            || super::cues::is_cue(name)
            || super::cues::is_cue(&s))
    };
    // Children of each folder by the singular stem of their name.
    let mut kids: BTreeMap<ModuleIdx, BTreeMap<String, Vec<ModuleIdx>>> = BTreeMap::new();
    for (m, module) in program.modules.iter().enumerate() {
        let (Some(p), Some(last)) = (module.parent, module.id.rsplit("::").next()) else {
            continue;
        };
        let name = super::vocab::stem(&last.to_lowercase());
        kids.entry(p).or_default().entry(name).or_default().push(m);
    }
    let mut holders: BTreeMap<&str, Vec<ModuleIdx>> = BTreeMap::new();
    for (&p, names) in &kids {
        for name in names.keys() {
            holders.entry(name.as_str()).or_default().push(p);
        }
    }
    let linked: BTreeSet<(ModuleIdx, ModuleIdx)> = graph
        .dependencies
        .iter()
        .map(|d| (d.from.min(d.to), d.from.max(d.to)))
        .collect();
    let within = |a: ModuleIdx, b: ModuleIdx| super::roles::is_within(program, a, b);
    let related = |a: ModuleIdx, b: ModuleIdx| within(a, b) || within(b, a);
    // Is a folder named as a layer (a word of its name)?
    let named_layer = |m: ModuleIdx| {
        let own = program.modules[m].id.rsplit("::").next().unwrap_or("");
        super::roles::words(own)
            .iter()
            .any(|w| super::vocab::is_layer_of(&super::vocab::stem(w), application))
    };
    let in_layer = |p: ModuleIdx| {
        let mut up = program.modules[p].parent;
        while let Some(a) = up {
            if program.modules[a].parent.is_some() && named_layer(a) {
                return true;
            }
            up = program.modules[a].parent;
        }
        false
    };
    let mut candidates: Vec<ModuleIdx> = Vec::new();
    for (&p, names) in &kids {
        let own = program.modules[p].id.rsplit("::").next().unwrap_or("");
        if program.modules[p].parent.is_none()
            || names.len() < 3
            || own.chars().any(|c| c.is_ascii_digit())
            || named_layer(p)
            || in_layer(p)
        {
            continue;
        }
        let mut spread: Vec<usize> = Vec::new();
        let mut referenced = 0usize;
        for (name, mine) in names.iter().filter(|(n, _)| plain(n)) {
            let others: Vec<ModuleIdx> = holders[name.as_str()]
                .iter()
                .copied()
                .filter(|&q| !related(p, q))
                .collect();
            if others.is_empty() {
                continue;
            }
            // Folders named as layers (or inside one) that repeat the name are layers
            // too: they do not make it a word of domains cut in layers.
            spread.push(
                holders[name.as_str()]
                    .iter()
                    .filter(|&&q| !named_layer(q) && !in_layer(q))
                    .count(),
            );
            let theirs = others.iter().flat_map(|q| &kids[q][name]);
            if theirs
                .into_iter()
                .any(|&b| mine.iter().any(|&a| linked.contains(&(a.min(b), a.max(b)))))
            {
                referenced += 1;
            }
        }
        spread.sort_unstable();
        if spread.len() >= 3
            && spread.len() * 4 >= names.len()
            && spread[spread.len() / 2] <= 3
            && referenced >= 2
        {
            candidates.push(p);
        }
    }
    // A candidate inside another is a domain mirrored across the outer layer.
    candidates
        .iter()
        .copied()
        .filter(|&p| !candidates.iter().any(|&q| q != p && within(p, q)))
        .collect()
}

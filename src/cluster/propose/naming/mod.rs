//! Service names from what a service owns: its dominant domain term.
//!
//! A term scores by its weight in the service (the modules' term shares, plus the tables the
//! service writes most, the more so for a table the service's other tables relate to: the
//! aggregate's root; a first word nearly every table carries, the schema's namespace as in
//! `cala_accounts`, is dropped) times how specific it is to that service among all services (a term
//! every service has names none). A directory holding most of the service, or most of one
//! crate of a workspace (named without the project's prefix: `garage_net` is `net`), weighs
//! as much as all its terms. The biggest services choose first; a name already taken, or
//! one a reader would take for it (`peers` beside `peer`, `sock` beside `socket`), moves a
//! service to its next term, and two terms are joined (`orders-payments`) only when no
//! single one is free. A name never equals a module id (it would shadow the module in
//! `explain`), never a platform (`unix`), never the name of an external crate the service's
//! modules use (`serde`, `tokio`: a technology; one profiler module reading ELF files with the
//! `object` crate does not stop an object store's object service from being `object`) unless
//! half the service sits in a folder or crate of that name (martin's PostGIS source,
//! `tiles::postgres::*`, is `postgres`; pingap's
//! `pingap-pyroscope` crate is `pyroscope`), nor a word that marks infrastructure or wiring
//! (`guard`, `helpers`, `routes`) unless, again, half the service sits in a folder or crate of
//! that name (a proxy's `metrics::*`, pingap's `pingap-logger`), nor the project's own name alone
//! (`unleash` in unleash-edge), and never carries a number.

use super::ServiceCandidate;
use super::roles::words;
use super::vocab::{Vocabulary, is_stop, stem};
use crate::data::{DataGraph, DataNode, owning_group, table_name};
use crate::model::Role;
use crate::model::{DataKind, ModuleIdx, Program};
use std::collections::{BTreeMap, BTreeSet};

/// Words that link modules (the vocabulary keeps them) but name how code is built, not what
/// a service does, alone or in a compound: tower's and tracing's `Layer` (`HttpAuthLayer`;
/// `auth_layer` names `auth`).
const TECHNIQUE: &[&str] = &["layer"];

/// Layer words that still name a service made of their folder or module: a `jobs/` folder
/// the clustering kept whole is the jobs service (torrust-tracker's, ap-relay's), and
/// `hex_view` says more than `hex`. The vocabulary drops them all the same: they tie nothing.
const NAMING_LAYERS: &[&str] = &["view", "job", "worker"];

/// A stop or layer word (with an `application`'s command layer) that names no service, unless
/// it is one of [`NAMING_LAYERS`].
fn names_nothing(word: &str, application: bool) -> bool {
    (is_stop(word) || super::vocab::is_layer_of(word, application))
        && !NAMING_LAYERS.contains(&stem(word).as_str())
}

/// Words that say nothing of a thing in a compound name (`NewUser`, `GetOrder`).
const EMPTY: &[&str] = &[
    "new", "get", "set", "from", "into", "with", "for", "the", "and", "all",
];

/// Words that sort or present things without naming one (`ErrorKind`, `Variant`, `Display`,
/// `names`), or say only that code is used widely (`shared/`, `general`): alone they never
/// name a service. The vocabulary keeps them: a `shared/` folder's members still attract.
const GENERIC: &[&str] = &[
    "kind", "variant", "display", "name", "misc", "shared", "general",
];

/// Names every service that has no name yet (a declared service keeps its own); names are
/// unique.
pub fn name_services(
    program: &Program,
    data: &DataGraph,
    terms: &Vocabulary,
    services: &mut [ServiceCandidate],
) {
    let application = super::roles::is_application(program);
    let mut service_of: BTreeMap<ModuleIdx, usize> = BTreeMap::new();
    for (si, s) in services.iter().enumerate() {
        for &m in &s.modules {
            service_of.insert(m, si);
        }
    }
    // Term weights per service, by surface word.
    let mut weight: Vec<BTreeMap<String, f64>> = vec![BTreeMap::new(); services.len()];
    for (si, s) in services.iter().enumerate() {
        for &m in &s.modules {
            for &(t, share) in terms.of_module(m) {
                *weight[si].entry(terms.surface[t].clone()).or_insert(0.0) += share * terms.idf[t];
            }
        }
    }
    // A first word (nearly) every table carries is the schema's namespace (`cala_accounts`,
    // `cala_journals`): it names no service.
    let tables: Vec<Vec<String>> = data
        .nodes
        .iter()
        .filter(|d| d.kind == DataKind::Table)
        .map(|d| words(table_name(&d.id)))
        .collect();
    let namespace: Option<String> = {
        let mut first: BTreeMap<&str, usize> = BTreeMap::new();
        for ws in tables.iter().filter(|ws| ws.len() >= 2) {
            *first.entry(ws[0].as_str()).or_default() += 1;
        }
        first
            .into_iter()
            .find(|(_, n)| tables.len() >= 3 && n * 5 >= tables.len() * 4)
            .map(|(w, _)| w.to_string())
    };
    let table_words = |id: &str| -> Vec<String> {
        let mut ws = words(table_name(id));
        if ws.len() >= 2 && namespace.as_deref() == Some(ws[0].as_str()) {
            ws.remove(0);
        }
        ws
    };
    let mut from_tables: Vec<BTreeSet<String>> = vec![BTreeSet::new(); services.len()];
    let mut roots: Vec<Vec<(usize, String)>> = vec![Vec::new(); services.len()];
    // First words of the owned tables named with two words or more, per service: `orders` is
    // the root of `order_lines` when one service owns both.
    let mut prefixes: Vec<Vec<String>> = vec![Vec::new(); services.len()];
    for datum in data.nodes.iter().filter(|d| d.kind == DataKind::Table) {
        if let Some(si) = owning_group(datum, |m| service_of.get(&m).copied())
            && let [first, _, ..] = table_words(&datum.id).as_slice()
        {
            prefixes[si].push(stem(first));
        }
    }
    for datum in data.nodes.iter().filter(|d| d.kind == DataKind::Table) {
        let Some(si) = owning_group(datum, |m| service_of.get(&m).copied()) else {
            continue;
        };
        let name = table_name(&datum.id);
        let ws = table_words(&datum.id);
        let word = if ws.len() >= 2 || words(name).len() >= 2 {
            ws.join("_")
        } else {
            name.to_string()
        };
        if word.len() >= 3 {
            // The aggregate's root (the owned table the others of the service relate to,
            // `users` for `sessions` and `auth_tokens`, or whose name begins theirs, `orders`
            // for `order_lines`) names it best; a join table
            // (`vet_specialties` between `vets` and `specialties`) is no root.
            let root = datum
                .related
                .iter()
                .filter_map(|r| data.node(r))
                .filter(|r| owning_group(r, |m| service_of.get(&m).copied()) == Some(si))
                .count();
            let family = match ws.as_slice() {
                [one] => prefixes[si].iter().filter(|p| **p == stem(one)).count(),
                _ => 0,
            };
            *weight[si].entry(word.clone()).or_insert(0.0) += 1.0;
            if (root >= 2 || family >= 1) && !joins(datum, data) {
                roots[si].push((root, word.clone()));
            }
            from_tables[si].insert(word);
        }
    }
    // The root of an aggregate the service owns, related to two or more of its other tables
    // or naming one, weighs half the service's terms.
    for (si, list) in roots.iter().enumerate() {
        if let Some((_, word)) = list.iter().max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1))) {
            let total: f64 = weight[si].values().sum::<f64>().max(1.0);
            *weight[si].entry(word.clone()).or_insert(0.0) += total / 2.0;
        }
    }
    // A directory holding most of a service names it best: its developers chose that name.
    for (si, s) in services.iter().enumerate() {
        if let Some(dir) = dominant_directory(program, &s.modules, application)
            && dir.len() >= 3
            && !names_nothing(&dir, application)
        {
            // As much as all its terms and one table more: with few terms (a small app whose
            // words are in most modules), the folder still beats the table it holds.
            let total: f64 = weight[si].values().sum::<f64>() + 1.0;
            *weight[si].entry(dir).or_insert(0.0) += total;
        }
    }
    // Specificity: in how many services a stem weighs at least a quarter of its most.
    let mut per_stem: Vec<BTreeMap<String, f64>> = vec![BTreeMap::new(); weight.len()];
    let mut most: BTreeMap<String, f64> = BTreeMap::new();
    for (w, out) in weight.iter().zip(&mut per_stem) {
        for (t, x) in w {
            *out.entry(stem(t)).or_insert(0.0) += x;
        }
        for (s, x) in out.iter() {
            let e = most.entry(s.clone()).or_insert(0.0);
            *e = e.max(*x);
        }
    }
    let mut spread: BTreeMap<String, usize> = BTreeMap::new();
    for w in &per_stem {
        for (s, x) in w {
            if *x * 4.0 >= most[s] {
                *spread.entry(s.clone()).or_default() += 1;
            }
        }
    }
    let k = services.len().max(1) as f64;
    // The names of the external crates a service uses (`serde`, `tokio`, `fjall`) name a
    // technology, never that service.
    let technology: Vec<BTreeSet<String>> = services
        .iter()
        .map(|s| {
            s.modules
                .iter()
                .flat_map(|&m| program.modules[m].external.iter())
                .map(|x| x.replace('-', "_"))
                .collect()
        })
        .collect();
    // The words of the folders half a service's modules or more sit in: a technology its
    // developers made a folder of (martin's `tiles::postgres::*`, a PostGIS tile source) is what it does.
    let folder_words: Vec<BTreeSet<String>> = services
        .iter()
        .map(|s| {
            let mut count: BTreeMap<String, usize> = BTreeMap::new();
            for &m in &s.modules {
                // The folders it sits in: its crate and the segments down to its own name. A
                // package named by a technology (`pingap-pyroscope`) is what its crate does.
                let segments: Vec<&str> = program.modules[m].id.split("::").collect();
                let folders = &segments[..segments.len().saturating_sub(1).max(1)];
                let ws: BTreeSet<String> = folders
                    .iter()
                    .flat_map(|s| words(s))
                    .map(|w| stem(&w))
                    .collect();
                for w in ws {
                    *count.entry(w).or_default() += 1;
                }
            }
            count
                .into_iter()
                .filter(|(_, n)| n * 2 >= s.modules.len())
                .map(|(w, _)| w)
                .collect()
        })
        .collect();
    let project = super::cues::project_words(program);
    let ranked: Vec<Vec<String>> = weight
        .iter()
        .zip(&from_tables)
        .zip(&folder_words)
        .zip(&technology)
        .map(|(((w, tables), folders), technology)| {
            // Merge surface forms of one stem, keeping a table's spelling, else the heaviest.
            let mut by_stem: BTreeMap<String, (f64, String, f64)> = BTreeMap::new();
            for (t, x) in w {
                let e = by_stem.entry(stem(t)).or_insert((0.0, t.clone(), 0.0));
                e.0 += x;
                let x = if tables.contains(t) {
                    f64::INFINITY
                } else {
                    *x
                };
                if x > e.2 {
                    e.1 = t.clone();
                    e.2 = x;
                }
            }
            let mut v: Vec<(f64, String)> = by_stem
                .into_iter()
                .map(|(s, (x, surface, _))| {
                    let specific = (1.0 + k / spread.get(&s).copied().unwrap_or(1) as f64).ln();
                    (x * specific, surface)
                })
                .collect();
            v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            // A word that weighs exactly as much as a compound holding it (`bit` of
            // `bit_torrent`) comes from that name alone: the compound goes first.
            for j in 0..v.len() {
                let holder = (j + 1..v.len()).find(|&i| {
                    (v[i].0 - v[j].0).abs() <= 1e-9 * v[j].0.abs()
                        && !v[j].1.contains('_')
                        && v[i].1.split('_').any(|w| w == v[j].1)
                });
                if let Some(i) = holder {
                    let compound = v.remove(i);
                    v.insert(j, compound);
                }
            }
            v.into_iter()
                .filter(|(_, t)| {
                    // A compound with an empty word (`new_user` of `NewUser`) names nothing
                    // more than its other words do; `server_key` is a thing of its own.
                    let ws = words(t);
                    let technique = |w: &String| TECHNIQUE.contains(&stem(w).as_str());
                    let empty_compound = ws.len() >= 2
                        && ws
                            .iter()
                            .any(|w| EMPTY.contains(&w.as_str()) || technique(w));
                    let own_name = ws.iter().all(|w| project.contains(&stem(w)));
                    let technique = ws.iter().all(technique);
                    let generic =
                        matches!(ws.as_slice(), [w] if GENERIC.contains(&stem(w).as_str()));
                    // `unix`, `windows`: which platform, not what the code does.
                    let platform = ws
                        .iter()
                        .all(|w| super::folders::PLATFORMS.contains(&w.as_str()));
                    !empty_compound
                        && !technique
                        && !generic
                        && !platform
                        && !own_name
                        && !names_technology(t, technology, folders)
                        && (!super::cues::is_cue(t) || folders.contains(&stem(t)))
                })
                .map(|(_, t)| t.replace('_', "-"))
                .collect()
        })
        .collect();

    let module_ids: BTreeSet<&str> = program.modules.iter().map(|m| m.id.as_str()).collect();
    let reserved = |name: &str| {
        module_ids.contains(name)
            || module_ids.contains(name.replace('-', "_").as_str())
            || Role::APART.iter().any(|r| r.as_str() == name)
    };
    let mut order: Vec<usize> = (0..services.len()).collect();
    order.sort_by(|&a, &b| {
        services[b]
            .modules
            .len()
            .cmp(&services[a].modules.len())
            .then(services[a].modules.cmp(&services[b].modules))
    });
    // Names already given (declared services) are kept and taken.
    let mut taken: BTreeSet<String> = services
        .iter()
        .filter(|s| !s.name.is_empty())
        .map(|s| s.name.clone())
        .collect();
    order.retain(|&si| services[si].name.is_empty());
    for si in order {
        let candidates = &ranked[si];
        let free = |n: &str, taken: &BTreeSet<String>| {
            !taken.iter().any(|t| same_name(t, n)) && !reserved(n)
        };
        let mut name = candidates.iter().find(|t| free(t, &taken)).cloned();
        if name.is_none() && candidates.len() >= 2 {
            'pairs: for (i, a) in candidates.iter().enumerate() {
                for b in &candidates[i + 1..] {
                    let n = format!("{a}-{b}");
                    if free(&n, &taken) {
                        name = Some(n);
                        break 'pairs;
                    }
                }
            }
        }
        // The fallback's module names obey the technology rule too (gitoxide's
        // `shared::clap`, its largest module, is no name for the service that uses `clap`).
        let name = name.unwrap_or_else(|| {
            fallback(program, application, &services[si], &taken, &|n| {
                reserved(n) || names_technology(n, &technology[si], &folder_words[si])
            })
        });
        taken.insert(name.clone());
        services[si].name = name;
    }
}

/// Is `word` (`snake_case` or `kebab-case`) the name of an external crate the service uses
/// (`technology`, with `_` for `-`), as it is or singular, and not a folder half the service
/// sits in (`folders`, singular stems)?
fn names_technology(word: &str, technology: &BTreeSet<String>, folders: &BTreeSet<String>) -> bool {
    let word = word.replace('-', "_");
    let s = stem(&word);
    (technology.contains(&word) || technology.contains(&s)) && !folders.contains(&s)
}

/// Do two names say the same thing to a reader: the same words up to the plural (`peer` and
/// `peers`), or one word the other cut short by a letter or two (`sock` and `socket`,
/// `index` and `indexer`; not `post` and `postgres`)? Two services must not be told apart by
/// a letter.
fn same_name(a: &str, b: &str) -> bool {
    let key = |n: &str| -> Vec<String> { words(n).iter().map(|w| stem(w)).collect() };
    let (ka, kb) = (key(a), key(b));
    if ka == kb {
        return true;
    }
    match (ka.as_slice(), kb.as_slice()) {
        ([x], [y]) => {
            let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
            short.len() >= 4 && long.len() <= short.len() + 2 && long.starts_with(short.as_str())
        }
        _ => false,
    }
}

/// Is `table` a join table: its name made of the names of two or more tables it relates to
/// (`crate_user` between `krate`… and `user`, `vet_specialties` between `vets` and
/// `specialties`)?
fn joins(table: &DataNode, data: &DataGraph) -> bool {
    let stems =
        |id: &str| -> BTreeSet<String> { words(table_name(id)).iter().map(|w| stem(w)).collect() };
    let own = stems(&table.id);
    let inside = table
        .related
        .iter()
        .filter(|r| data.node(r).is_some())
        .filter(|r| {
            let other = stems(r);
            !other.is_empty() && other.is_subset(&own)
        })
        .count();
    inside >= 2
}

/// A name from the module paths when no term is free: the domain words of the last segment of
/// the largest module, then of the next ones, then those segments whole, then a segment and
/// `-service` (oxen's `migrations` modules, a role's name: `migrations-service`); as a last
/// resort the largest module's path joined. `refused` names what may not be a name: a module
/// id, a role, a technology the service uses.
fn fallback(
    program: &Program,
    application: bool,
    s: &ServiceCandidate,
    taken: &BTreeSet<String>,
    refused: &dyn Fn(&str) -> bool,
) -> String {
    let mut by_size: Vec<ModuleIdx> = s.modules.clone();
    by_size.sort_by_key(|&m| (std::cmp::Reverse(program.modules[m].loc), m));
    // Its domain words first (`guard_outbox` is `outbox`), then the whole segment.
    for whole in [false, true] {
        for &m in &by_size {
            let id = &program.modules[m].id;
            let krate = id.split("::").next().unwrap_or(id);
            let segment = id.rsplit("::").next().unwrap_or(id);
            let last = if whole {
                Some(segment.to_string())
            } else {
                domain_words(segment, krate, application)
            };
            let Some(last) = last.map(|l| l.replace('_', "-")) else {
                continue;
            };
            if !taken.iter().any(|t| same_name(t, &last)) && !refused(&last) {
                return last;
            }
        }
    }
    // A segment that is taken by a role (`migrations`) or a module id, with the word `service`.
    for &m in &by_size {
        let id = &program.modules[m].id;
        let segment = id.rsplit("::").next().unwrap_or(id).replace('_', "-");
        let name = format!("{segment}-service");
        if !taken.contains(&name) && !refused(&name) {
            return name;
        }
    }
    for &m in &by_size {
        let joined = program.modules[m].id.replace("::", "-").replace('_', "-");
        let name = format!("{joined}-service");
        if !taken.contains(&name) {
            return name;
        }
    }
    format!("service-of-{}", by_size.len())
}

/// The last segment of the deepest module path that holds at least 60 % of the service's
/// lines, if there is one. A crate counts when the program has several: its name without
/// the words most crate names share (`garage_net` is `net` among `garage_*` crates).
fn dominant_directory(
    program: &Program,
    modules: &[ModuleIdx],
    application: bool,
) -> Option<String> {
    let total: f64 = modules
        .iter()
        .map(|&m| f64::from(program.modules[m].loc.max(1)))
        .sum();
    let packages = program
        .crates
        .iter()
        .map(|c| c.package.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    let mut weight: BTreeMap<Vec<&str>, f64> = BTreeMap::new();
    for &m in modules {
        let segs: Vec<&str> = program.modules[m].id.split("::").collect();
        let w = f64::from(program.modules[m].loc.max(1));
        for len in 1..=segs.len() {
            *weight.entry(segs[..len].to_vec()).or_insert(0.0) += w;
        }
    }
    weight
        .into_iter()
        .filter(|(_, w)| *w >= 0.6 * total)
        .max_by(|a, b| {
            a.0.len()
                .cmp(&b.0.len())
                .then(a.1.total_cmp(&b.1))
                .then(b.0.cmp(&a.0))
        })
        .and_then(|(p, _)| match p.as_slice() {
            [krate] if packages > 1 => super::cues::crate_word(program, krate),
            [krate] => target_word(program, krate),
            [krate, .., last] => domain_words(last, krate, application),
            _ => None,
        })
}

/// In a program of one package, a target named `<package>_x` (rbw's `rbw_agent` binary) does
/// `x`; the package's own targets (`rbw`, `rbw[bin]`) name the application, no service.
fn target_word(program: &Program, krate: &str) -> Option<String> {
    let package = program
        .crates
        .iter()
        .find(|c| c.name == krate)?
        .package
        .replace('-', "_");
    let rest = krate.strip_prefix(&package)?.strip_prefix('_')?;
    let ws: Vec<String> = words(rest).into_iter().filter(|w| !is_stop(w)).collect();
    (!ws.is_empty()).then(|| ws.join("_"))
}

/// A module name without its layer, wiring and technique words and the words of its crate's name
/// (`toolchain_routes` is `toolchain`, `sqlpage_functions` in `sqlpage` is `functions`), and
/// in an `application` without its command layer's (`commands`); `None` when nothing is left.
fn domain_words(name: &str, krate: &str, application: bool) -> Option<String> {
    let project = words(krate);
    let rest: Vec<String> = words(name)
        .into_iter()
        .filter(|w| {
            !(names_nothing(w, application)
                || super::cues::is_cue(w)
                || project.contains(w)
                || TECHNIQUE.contains(&stem(w).as_str()))
        })
        .collect();
    (!rest.is_empty()).then(|| rest.join("_"))
}

#[cfg(test)]
mod tests;

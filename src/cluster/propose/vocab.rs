//! Domain vocabulary: the terms each clustered module is about, weighted like TF-IDF.
//!
//! A module's terms come from its own name (strongest), its ancestors' and its package's names,
//! the types and traits it defines and the tables it touches (a written table counts more than a
//! read one). Words are split (`snake_case`, `CamelCase`) and singularised, so
//! `api::core::ciphers`, `db::models::cipher`, `CipherData` and table `ciphers` share `cipher`.
//! A multi-word segment (`two_factor`) is also one term of its own. Layer and technical words
//! (`api`, `models`, `handlers`, `db`…, and an application's command layer, `cmd`, `commands`)
//! are dropped, and so are the names of folders that are layers by their shape (gitu's `ops`,
//! [`super::folders::mirrored_layers`]), and any term more than a quarter of
//! the modules carry in their paths: it names no domain (tables and types spreading a word
//! further do not count here; they do in its weight). Terms found in one module link nothing
//! and are dropped too; terms found under one directory only count a quarter (they repeat the
//! directory tie, and are often the layer's own name).

use super::roles::words;
use crate::data::DataGraph;
use crate::model::{DataKind, ItemKind, ModuleIdx, Program};
use std::collections::{BTreeMap, BTreeSet};

/// Weight of a term found under one directory only, relative to one found under several.
const LOCAL: f64 = 0.25;

/// Words that name a layer of an application, singular: a folder so named holds one layer of
/// every domain (`handlers/`, `models/`, `schema/`), not one domain.
const LAYER: &[&str] = &[
    "api",
    "db",
    "database",
    "model",
    "entity",
    "handler",
    "route",
    "router",
    "routing",
    "controller",
    "service",
    "repo",
    "repository",
    "dto",
    "schema",
    "query",
    // The layers of clean and hexagonal architectures.
    "domain",
    "application",
    "presentation",
    "usecase",
    "adapter",
    "infra",
    "infrastructure",
    "persistence",
    "structure",
    // API protocols: a `graphql/` or `grpc/` folder holds one resolver or service per domain.
    "graphql",
    "grpc",
    // `views/`: one view per domain (an MVC app's pages, a file manager's panes).
    "view",
    // `jobs/`, `workers/`: one background job per domain.
    "job",
    "worker",
];

/// Words that name a technique or nothing at all, singular (with [`LAYER`]: the stop words).
const STOP: &[&str] = &[
    "mod",
    "lib",
    "main",
    "impl",
    "core",
    "common",
    "type",
    "util",
    "utils",
    "helper",
    "error",
    "test",
    "data",
    "info",
    "config",
    "cfg",
    "conf",
    "setting",
    "state",
    "app",
    "server",
    "client",
    "request",
    "response",
    "http",
    "web",
    "json",
    "sql",
    "table",
    "get",
    "set",
    "new",
    "from",
    "into",
    "with",
    "for",
    "the",
    "and",
    "all",
    "internal",
    "public",
    "manager",
    "provider",
    "trait",
    "struct",
    "endpoint",
    "operation",
    "crud",
    "ext",
    "types",
    "builder",
    "mock",
    "default",
    "context",
    "result",
    "option",
    "inner",
    "base",
    "params",
    "param",
    "args",
    "arg",
    "src",
    "bin",
    "prelude",
    "macro",
    "macros",
    "middleware",
    "extractor",
    "payload",
    "body",
    "handle",
    "run",
    "init",
    "setup",
    "impls",
    "tests",
    "util",
    "misc",
    "other",
    "generic",
    // How code runs, never what it is about (`AsyncFetchJob`, `async_search`).
    "async",
    // How settled an API is, like `v1` (`routing::client::unstable::msc3575`).
    "stable",
    "unstable",
    "experimental",
    "deprecated",
    "legacy",
];

/// Is `word` (or its stem) a layer, technical or empty word?
pub fn is_stop(word: &str) -> bool {
    is_layer(word) || STOP.contains(&word) || STOP.contains(&stem(word).as_str())
}

/// Is `word` (or its stem) the name of an application layer (`handlers`, `models`)?
pub fn is_layer(word: &str) -> bool {
    LAYER.contains(&word) || LAYER.contains(&stem(word).as_str())
}

/// Words that name the command layer of a command-line application (`commands/`, `cmd/`):
/// one command per capability, as `handlers/` holds one endpoint per capability in a web
/// application. In a library they name what it offers (clap's `Command`).
const COMMAND_LAYER: &[&str] = &["command", "cmd", "subcommand"];

/// Is `word` (or its stem) the name of an application's command layer (`commands`, `cmd`)?
pub fn is_command_layer(word: &str) -> bool {
    COMMAND_LAYER.contains(&word) || COMMAND_LAYER.contains(&stem(word).as_str())
}

/// Does `word` name a layer of code: an application layer (`handlers`), or in an
/// `application` its command layer (`cmd`; in a library a command is a word of its own)?
pub fn is_layer_of(word: &str, application: bool) -> bool {
    is_layer(word) || (application && is_command_layer(word))
}

/// Singular stem of a lower-case word.
pub fn stem(w: &str) -> String {
    let n = w.len();
    if n > 4 && w.ends_with("ies") {
        format!("{}y", &w[..n - 3])
    } else if n > 4
        && (w.ends_with("sses") || w.ends_with("xes") || w.ends_with("ches") || w.ends_with("shes"))
    {
        w[..n - 2].to_string()
    } else if n > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        w[..n - 1].to_string()
    } else {
        w.to_string()
    }
}

/// The terms of every clustered module.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    /// Kept terms (stems), sorted.
    pub terms: Vec<String>,
    /// Most frequent surface form of each term (`ciphers` for `cipher` when tables say so).
    pub surface: Vec<String>,
    /// Inverse document frequency of each term.
    pub idf: Vec<f64>,
    /// Per clustered node: `(term, share)`, shares summing to 1 (empty when it has none).
    pub of_node: Vec<Vec<(usize, f64)>>,
    /// Node of each module, as given.
    node_of: BTreeMap<ModuleIdx, usize>,
}

impl Vocabulary {
    /// Terms of the modules in `nodes` (the clustered ones), where the folders `layers` (layers
    /// by their shape, [`super::folders::mirrored_layers`]) name no domain of what they hold.
    pub fn build(
        program: &Program,
        data: &DataGraph,
        nodes: &[ModuleIdx],
        layers: &BTreeSet<ModuleIdx>,
    ) -> Vocabulary {
        let node_of: BTreeMap<ModuleIdx, usize> =
            nodes.iter().enumerate().map(|(i, &m)| (m, i)).collect();
        let multi_package = {
            let mut p: Vec<&str> = program.crates.iter().map(|c| c.package.as_str()).collect();
            p.sort_unstable();
            p.dedup();
            p.len() > 1
        };
        let application = super::roles::is_application(program);
        // Raw weights per node: stem -> weight; surface counts per stem.
        let mut raw: Vec<BTreeMap<String, f64>> = vec![BTreeMap::new(); nodes.len()];
        let mut surface: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
        let mut add = |node: usize, word: &str, w: f64, raw: &mut Vec<BTreeMap<String, f64>>| {
            if word.len() < 3 || word.chars().all(|c| c.is_ascii_digit()) {
                return;
            }
            let s = stem(word);
            if STOP.contains(&s.as_str()) || STOP.contains(&word) || is_layer_of(word, application)
            {
                return;
            }
            *surface
                .entry(s.clone())
                .or_default()
                .entry(word.to_string())
                .or_default() += 1;
            let e = raw[node].entry(s).or_insert(0.0);
            *e = (*e + w).min(2.0);
        };
        let segment_terms = |seg: &str| {
            let ws = words(seg);
            let mut out = ws.clone();
            if ws.len() >= 2 {
                out.push(ws.join("_"));
            }
            out
        };
        // A folder that is a layer by its shape names no domain of what it holds.
        let layer_ids: BTreeSet<&str> = layers
            .iter()
            .map(|&m| program.modules[m].id.as_str())
            .collect();
        let layer =
            |segs: &[&str]| !layer_ids.is_empty() && layer_ids.contains(segs.join("::").as_str());
        for (node, &m) in nodes.iter().enumerate() {
            let module = &program.modules[m];
            let segs: Vec<&str> = module.id.split("::").collect();
            if let Some((last, ancestors)) = segs[1..].split_last() {
                if !layer(&segs) {
                    for w in segment_terms(last) {
                        add(node, &w, 1.0, &mut raw);
                    }
                }
                for (i, a) in ancestors.iter().enumerate() {
                    if layer(&segs[..i + 2]) {
                        continue;
                    }
                    for w in segment_terms(a) {
                        add(node, &w, 0.5, &mut raw);
                    }
                }
            }
            if multi_package {
                // Single words only: `docs` of `kellnr-docs` names a domain, while the whole
                // package name is the package's identity (a layer), which the directory ties
                // already carry.
                for w in words(&program.crates[module.krate].package) {
                    add(node, &w, 0.5, &mut raw);
                }
            }
        }
        // The terms each module carries in its path (its own name, its ancestors', its
        // package's), before the types it defines and the tables it touches add theirs.
        let named: Vec<BTreeSet<String>> =
            raw.iter().map(|r| r.keys().cloned().collect()).collect();
        for item in &program.items {
            let Some(&node) = node_of.get(&item.module) else {
                continue;
            };
            if matches!(
                item.kind,
                ItemKind::Struct | ItemKind::Enum | ItemKind::Trait | ItemKind::Table
            ) {
                for w in segment_terms(item.sql_name.as_deref().unwrap_or(&item.name)) {
                    add(node, &w, 0.3, &mut raw);
                }
            }
        }
        for table in data.nodes.iter().filter(|d| d.kind == DataKind::Table) {
            let name = crate::data::table_name(&table.id);
            for a in &table.accesses {
                let Some(&node) = node_of.get(&a.module) else {
                    continue;
                };
                let w = if a.writes > 0 { 1.0 } else { 0.3 };
                for word in segment_terms(name) {
                    add(node, &word, w, &mut raw);
                }
            }
        }

        // Document frequency; keep terms in two modules or more.
        let n = nodes.len();
        let mut df: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &raw {
            for t in r.keys() {
                *df.entry(t.as_str()).or_default() += 1;
            }
        }
        let max_df = (n / 4).max(4);
        // A term is too common to name a domain when more than a quarter of the modules carry
        // it in their path. Tables and types spread a domain's word well beyond the modules
        // named after it (every module touching `peers` gets `peer`): in a small application
        // with three domains, counting those would drop the main domain's word.
        let mut in_paths: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &named {
            for t in r {
                *in_paths.entry(t.as_str()).or_default() += 1;
            }
        }
        let terms: Vec<String> = df
            .iter()
            .filter(|(t, d)| **d >= 2 && in_paths.get(*t).copied().unwrap_or(**d) <= max_df)
            .map(|(t, _)| t.to_string())
            .collect();
        let index: BTreeMap<&str, usize> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str(), i))
            .collect();
        // A term found under one directory only adds nothing the directory tie does not say
        // (and is often the layer's own name: `storage` in a storage crate); a term found
        // under several links the layers of one domain.
        let mut parents: BTreeMap<&str, BTreeSet<Option<ModuleIdx>>> = BTreeMap::new();
        for (node, r) in raw.iter().enumerate() {
            for t in r.keys() {
                parents
                    .entry(t.as_str())
                    .or_default()
                    .insert(program.modules[nodes[node]].parent);
            }
        }
        let idf: Vec<f64> = terms
            .iter()
            .map(|t| {
                let spread = if parents.get(t.as_str()).is_some_and(|p| p.len() > 1) {
                    1.0
                } else {
                    LOCAL
                };
                spread * (n as f64 / df[t.as_str()] as f64).ln().max(0.1)
            })
            .collect();
        let of_node = raw
            .iter()
            .map(|r| {
                let mut v: Vec<(usize, f64)> = r
                    .iter()
                    .filter_map(|(t, w)| index.get(t.as_str()).map(|&i| (i, w * idf[i])))
                    .collect();
                let sum: f64 = v.iter().map(|x| x.1).sum();
                if sum > 0.0 {
                    for x in &mut v {
                        x.1 /= sum;
                    }
                }
                v
            })
            .collect();
        let surface = terms
            .iter()
            .map(|t| {
                surface
                    .get(t)
                    .and_then(|s| s.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))))
                    .map_or_else(|| t.clone(), |(w, _)| w.clone())
            })
            .collect();
        Vocabulary {
            terms,
            surface,
            idf,
            of_node,
            node_of,
        }
    }

    /// Terms of a module with their shares, when it is clustered.
    pub fn of_module(&self, m: ModuleIdx) -> &[(usize, f64)] {
        self.node_of
            .get(&m)
            .and_then(|&n| self.of_node.get(n))
            .map_or(&[], Vec::as_slice)
    }
}

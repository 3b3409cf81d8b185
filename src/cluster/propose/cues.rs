//! Name cues: the words that mark a module as infrastructure (`error`, `config`, `helpers`)
//! or as wiring (`routes`, `startup`), and the rule that reads them in a module's name.
//!
//! A cue in a name (before any preposition: `error_with_status`) counts unless another word
//! of the name names a domain of the program, i.e. is a word of another module's path:
//! `docs_error`, `registry_error` and `template_helpers` belong to the docs, registry and
//! template code, while `app_config` and `error_handling` stay infrastructure. Layer and
//! technical words (`api`, `db`) and cue words never name a domain. Likewise a cue module
//! inside a directory named by a domain (`bond::db`, `price::config`) is that domain's.

use super::roles::{is_within, words};
use super::vocab::{is_stop, stem};
use crate::model::{ModuleIdx, Program};
use std::collections::{BTreeMap, BTreeSet};

/// Words that mark a module as infrastructure every domain uses, whoever uses it (with
/// [`CONFIG_CUES`] and [`MIDDLEWARE_CUES`]: all three are [`STRONG`]).
pub const STRONG_CUES: &[&str] = &[
    "error",
    "errors",
    "util",
    "utils",
    "utility",
    "utilities",
    "schema",
    "macros",
    "telemetry",
    "logging",
    "logger",
    "prelude",
];

/// Health checks: liveness and readiness endpoints, operations' plumbing.
pub const HEALTH_CUES: &[&str] = &["healthcheck", "healthz", "liveness", "readiness"];

/// Configuration, also by its short names (`cfg`, `conf`): infrastructure whoever uses it.
pub const CONFIG_CUES: &[&str] = &["config", "configuration", "settings", "cfg", "conf"];

/// An application's command-line options (`args`, `options`): its configuration, read by every
/// part. In a library they name what it offers (sqlx's bind `arguments`, a pool's `options`).
pub const ARGS_CUES: &[&str] = &["args", "arguments", "options", "opts"];

/// Middleware, also by its framework's name (salvo's hoops, rocket's fairings, tonic's
/// interceptors): the application wires it around every handler, even when only `main`
/// names it.
pub const MIDDLEWARE_CUES: &[&str] = &[
    "middleware",
    "middlewares",
    "hoop",
    "hoops",
    "fairing",
    "fairings",
    "interceptor",
    "interceptors",
];

/// Every word that marks infrastructure whoever uses it.
pub const STRONG: &[&[&str]] = &[STRONG_CUES, CONFIG_CUES, MIDDLEWARE_CUES, HEALTH_CUES];

/// The strong cues whose directory's private modules are its own in an application
/// (`config::file`, `middleware::deadline`, `health_check_api::handler`).
pub const DIRECTORY: &[&[&str]] = &[CONFIG_CUES, MIDDLEWARE_CUES, HEALTH_CUES];

/// Storage engines: a module named after one is the adapter to it (`repo::sqlite`,
/// `sqlite_adapter`), persistence plumbing whatever it stores. Not `s3`: for an object store,
/// S3 is the API it serves.
pub const ENGINE_CUES: &[&str] = &[
    "sqlite",
    "postgres",
    "postgresql",
    "pg",
    "mysql",
    "mariadb",
    "sled",
    "fjall",
    "lmdb",
    "rocksdb",
    "redb",
    "redis",
    "mongo",
    "mongodb",
];

/// Words that mark a module as infrastructure when it is used across the code.
pub const KERNEL_CUES: &[&str] = &[
    "helper",
    "helpers",
    "db",
    "database",
    "pool",
    "conn",
    "connection",
    "tracing",
    "metrics",
    "constants",
    "consts",
    "extractor",
    "extractors",
    "guard",
    "guards",
    "pagination",
    "common",
    "shared",
    "i18n",
    "env",
    "infra",
    "infrastructure",
    "plumbing",
];

/// Words that name the module wiring an application together.
pub const WIRING_CUES: &[&str] = &[
    "routes",
    "router",
    "routing",
    "urls",
    "startup",
    "bootstrap",
    "wiring",
    "server",
    "app",
    "main",
    "launch",
    "serve",
    "cli",
];

/// The wiring words that name a router or an application's assembly, never a feature (a
/// networking library's `server` is its feature).
pub const ROUTER_CUES: &[&str] = &[
    "routes",
    "router",
    "routing",
    "urls",
    "startup",
    "bootstrap",
    "wiring",
    "app",
];

/// The words that name an application's command-line dispatcher (ord's `subcommand`, an
/// abscissa app's `commands`): the enum of commands that runs each one, wiring like a router.
pub const COMMAND_CUES: &[&str] = &["command", "commands", "subcommand", "subcommands"];

/// The router words that name the assembly of a whole application (zero2prod's `startup`
/// builds the server, and its worker still takes the pool helper from it).
pub const ASSEMBLY_CUES: &[&str] = &["startup", "bootstrap", "wiring"];

/// Words that end the head phrase of a name (`error_with_status` is an error).
const PREPOSITIONS: &[&str] = &["with", "for", "of", "to", "from", "in", "on", "by", "at"];

pub fn is_cue(word: &str) -> bool {
    STRONG
        .iter()
        .chain([KERNEL_CUES, WIRING_CUES].iter())
        .any(|list| list.contains(&word))
}

/// Can `word` name a domain at all: three letters or more, neither a layer or technical word
/// nor a cue (in either form, `helpers` or `helper`)?
fn could_name_domain(word: &str) -> bool {
    let w = stem(word);
    w.len() >= 3 && !is_stop(&w) && !is_cue(word) && !is_cue(&w)
}

/// How many modules' paths hold each word (stemmed): a word held by a module other than the
/// one being named is a domain of the program.
#[derive(Clone, Debug, Default)]
pub struct PathWords {
    modules_with: BTreeMap<String, Vec<ModuleIdx>>,
    /// An application's command layer (`cmd`, `commands`) names no domain.
    application: bool,
}

impl PathWords {
    /// Counts the words of every module's last path segment and of its package.
    pub fn new(program: &Program) -> PathWords {
        let mut modules_with: BTreeMap<String, Vec<ModuleIdx>> = BTreeMap::new();
        for (m, module) in program.modules.iter().enumerate() {
            let mut seen: Vec<String> = own_words(program, m);
            let package = &program.crates[module.krate].package;
            if program.modules[m].parent.is_none() {
                seen.extend(words(package).iter().map(|w| stem(w)));
            }
            seen.sort_unstable();
            seen.dedup();
            for w in seen {
                modules_with.entry(w).or_default().push(m);
            }
        }
        PathWords {
            modules_with,
            application: super::roles::is_application(program),
        }
    }

    /// [`could_name_domain`], and in an application not a word of its command layer.
    fn could_name_domain(&self, word: &str) -> bool {
        could_name_domain(word) && !(self.application && super::vocab::is_command_layer(word))
    }

    /// Does `word` name a domain: held by a module's path other than `m`'s own name?
    fn names_domain(&self, program: &Program, m: ModuleIdx, word: &str) -> bool {
        if !self.could_name_domain(word) {
            return false;
        }
        let w = stem(word);
        let own = usize::from(own_words(program, m).contains(&w));
        self.modules_with.get(&w).map_or(0, Vec::len) > own
    }

    /// The domain `m`'s own name is about: its first word (stemmed) that could name a domain
    /// and is held by modules in two or more folders (`routes::boards` and `models::board`).
    pub fn cross_folder_domain(&self, program: &Program, m: ModuleIdx) -> Option<String> {
        let name = program.modules[m].id.rsplit("::").next().unwrap_or("");
        words(name).into_iter().find_map(|w| {
            let s = stem(&w);
            let held = self.modules_with.get(&s)?;
            let folders: BTreeSet<Option<ModuleIdx>> =
                held.iter().map(|&h| program.modules[h].parent).collect();
            (self.could_name_domain(&w) && folders.len() >= 2).then_some(s)
        })
    }

    /// The first word of `m`'s path below directory `dir` (`dir` itself excluded) that names a
    /// domain held by a module outside `dir`: `config::tiles::postgres` names `postgres` when
    /// `core::postgres` exists, so it is that domain's configuration, not the directory's.
    pub fn domain_below(&self, program: &Program, m: ModuleIdx, dir: ModuleIdx) -> Option<String> {
        let mut cur = Some(m);
        while let Some(x) = cur.filter(|&x| x != dir) {
            let name = program.modules[x].id.rsplit("::").next().unwrap_or("");
            for word in words(name) {
                let outside = self
                    .modules_with
                    .get(&stem(&word))
                    .is_some_and(|held| held.iter().any(|&h| !is_within(program, h, dir)));
                if self.could_name_domain(&word) && outside {
                    return Some(word);
                }
            }
            cur = program.modules[x].parent;
        }
        None
    }

    /// The cue of `lists` in `m`'s name, unless another word of the name names a domain.
    pub fn name_cue(&self, program: &Program, m: ModuleIdx, lists: &[&[&str]]) -> Option<String> {
        let name = program.modules[m].id.rsplit("::").next().unwrap_or("");
        let all = words(name);
        let phrase: Vec<&String> = all
            .iter()
            .take_while(|w| !PREPOSITIONS.contains(&w.as_str()))
            .collect();
        // Two words may make one cue (`health_check` is `healthcheck`).
        let pairs: Vec<(String, [&String; 2])> = phrase
            .windows(2)
            .map(|w| (format!("{}{}", w[0], w[1]), [w[0], w[1]]))
            .collect();
        let listed = |w: &str| lists.iter().any(|list| list.contains(&w));
        let (cue, parts): (&String, &[&String]) = match phrase.iter().find(|w| listed(w)) {
            Some(w) => (w, &[]),
            None => pairs
                .iter()
                .find(|(w, _)| listed(w))
                .map(|(w, parts)| (w, &parts[..]))?,
        };
        // Inside a directory named by a domain (`bond::db`, `price::config`), it is that
        // domain's own.
        if let Some(p) = program.modules[m].parent {
            // A crate root names a domain by its name without the project's prefix
            // (`garage_api_k2v::error` is k2v's, `garage_util::error` infrastructure).
            let dir = match program.modules[p].parent {
                Some(_) => program.modules[p]
                    .id
                    .rsplit("::")
                    .next()
                    .map(str::to_string),
                None => crate_word(program, &program.modules[p].id),
            }
            .unwrap_or_default();
            if words(&dir).iter().any(|w| self.could_name_domain(w)) {
                return None;
            }
        }
        if phrase.iter().any(|q| {
            *q != cue && !parts.contains(q) && !is_cue(q) && self.names_domain(program, m, q)
        }) {
            return None;
        }
        Some(cue.clone())
    }
}

/// A crate's name without the words that half or more of the program's package names share
/// (the project's prefix) and without layer words; `None` when nothing is left, or when the
/// program is one package (its binaries are entry points, and `torrust_index` names the
/// application, not one of its domains).
pub fn crate_word(program: &Program, krate: &str) -> Option<String> {
    let (count, packages) = package_words(program);
    if packages < 2 {
        return None;
    }
    // The package's name: a binary crate may be named otherwise (`mostrod` of `mostro`).
    let package = program
        .crates
        .iter()
        .find(|c| c.name == krate)
        .map_or(krate.to_string(), |c| c.package.replace('-', "_"));
    let rest: Vec<String> = words(&package)
        .into_iter()
        .filter(|w| count.get(w).copied().unwrap_or(0) * 2 < packages && !is_stop(w))
        .collect();
    (!rest.is_empty()).then(|| rest.join("_"))
}

/// In how many of the program's package names each word is found, and how many names there
/// are.
fn package_words(program: &Program) -> (BTreeMap<String, usize>, usize) {
    let names: BTreeSet<String> = program
        .crates
        .iter()
        .map(|c| c.package.replace('-', "_"))
        .collect();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for name in &names {
        let ws: BTreeSet<String> = words(name).into_iter().collect();
        for w in ws {
            *count.entry(w).or_default() += 1;
        }
    }
    (count, names.len())
}

/// The words of the project's own name: those of its package when it is one, else those half
/// or more of its package names share (`kellnr` of `kellnr-db`, `kellnr-docs`…). They name the
/// whole application, never one of its services (`unleash` of unleash-edge's
/// `http::unleash_client`).
pub fn project_words(program: &Program) -> BTreeSet<String> {
    let (count, packages) = package_words(program);
    count
        .into_iter()
        .filter(|(_, n)| n * 2 >= packages)
        .map(|(w, _)| stem(&w))
        .collect()
}

/// Are the packages mostly named by layers: three or more, and half of them or more, whose
/// name leaves no domain word ([`crate_word`]: `-domain`, `-service`, `-persistence`,
/// `-server`)?
pub fn layered(program: &Program) -> bool {
    let mut named: BTreeMap<&str, bool> = BTreeMap::new();
    for c in &program.crates {
        named
            .entry(c.package.as_str())
            .or_insert_with(|| crate_word(program, &c.name).is_some());
    }
    let layers = named.values().filter(|n| !**n).count();
    layers >= 3 && layers * 2 >= named.len()
}

/// Stemmed words of a module's own last path segment.
fn own_words(program: &Program, m: ModuleIdx) -> Vec<String> {
    let name = program.modules[m].id.rsplit("::").next().unwrap_or("");
    words(name).iter().map(|w| stem(w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CrateInfo, Module};

    fn program(ids: &[&str]) -> Program {
        let parent_of = |id: &str| id.rsplit_once("::").map(|(p, _)| p.to_string());
        let modules: Vec<Module> = ids
            .iter()
            .map(|id| Module {
                id: id.to_string(),
                parent: parent_of(id).and_then(|p| ids.iter().position(|x| *x == p)),
                ..Module::default()
            })
            .collect();
        Program {
            crates: vec![CrateInfo {
                name: "app".into(),
                package: "app".into(),
                kind: "bin".into(),
                root_file: "src/main.rs".into(),
                edition: "2021".into(),
            }],
            modules,
            ..Program::default()
        }
    }

    #[test]
    fn a_cue_qualified_by_a_domain_belongs_to_that_domain() {
        let p = program(&[
            "app",
            "app::docs",
            "app::docs_error",
            "app::error",
            "app::app_config",
            "app::error_handling",
            "app::error_with_status",
            "app::templates",
            "app::template_helpers",
            "app::telemetry_metrics",
            "app::db_pool",
            "app::hoops",
            "app::bond",
            "app::bond::db",
            "app::handlers",
            "app::handlers::error",
            "app::infrastructure",
            "app::infrastructure::db",
            "app::repo",
            "app::repo::sqlite",
            "app::sqlite_adapter",
            "app::sqlite_error",
            "app::cfg",
            "app::bond::cfg",
            "app::conf",
        ]);
        let words = PathWords::new(&p);
        let strong = |m: usize| words.name_cue(&p, m, STRONG);
        let weak = |m: usize| words.name_cue(&p, m, &[KERNEL_CUES]);
        // `docs` is another module: `docs_error` is the docs domain's error type.
        assert_eq!(strong(2), None);
        assert_eq!(strong(3).as_deref(), Some("error"));
        // `app` is a wiring word, `handling` names no module: infrastructure.
        assert_eq!(strong(4).as_deref(), Some("config"));
        assert_eq!(strong(5).as_deref(), Some("error"));
        // Words after a preposition do not qualify the cue.
        assert_eq!(strong(6).as_deref(), Some("error"));
        // `templates` is a module: the helpers are the templates' (plural and singular agree).
        assert_eq!(weak(8), None);
        assert_eq!(strong(9).as_deref(), Some("telemetry"));
        assert_eq!(weak(9).as_deref(), Some("metrics"));
        assert_eq!(weak(10).as_deref(), Some("db"));
        // Middleware by its framework's name (salvo), infrastructure even if only `main`
        // names it.
        assert_eq!(strong(11).as_deref(), Some("hoops"));
        // Inside a domain's directory, the domain's own; inside a layer's, infrastructure.
        assert_eq!(weak(13), None);
        assert_eq!(strong(15).as_deref(), Some("error"));
        // A hexagonal layout's infrastructure layer is no domain either.
        assert_eq!(weak(17).as_deref(), Some("db"));
        // A storage engine's adapter, under a layer word or qualified by one.
        let engine = |m: usize| words.name_cue(&p, m, &[ENGINE_CUES]);
        assert_eq!(engine(19).as_deref(), Some("sqlite"));
        assert_eq!(engine(20).as_deref(), Some("sqlite"));
        // The engine names a part of the program (`repo::sqlite`): its error is that part's.
        assert_eq!(strong(21), None);
        // Configuration by its short names (cargo-deny's `cfg`), a domain's inside its folder.
        assert_eq!(strong(22).as_deref(), Some("cfg"));
        assert_eq!(strong(23), None);
        assert_eq!(strong(24).as_deref(), Some("conf"));
    }
}

#[cfg(test)]
mod crate_tests {
    use super::*;
    use crate::cluster::propose::tests::workspace;

    #[test]
    fn a_cue_module_of_a_domain_crate_is_that_domains() {
        let p = workspace(
            &["shop_billing", "shop_util", "shop_web"],
            &[
                ("shop_billing", 0, None),
                ("shop_billing::error", 0, Some(0)),
                ("shop_util", 1, None),
                ("shop_util::error", 1, Some(2)),
                ("shop_web", 2, None),
                ("shop_web::config", 2, Some(4)),
            ],
            10,
        );
        let words = PathWords::new(&p);
        assert_eq!(crate_word(&p, "shop_billing").as_deref(), Some("billing"));
        assert_eq!(words.name_cue(&p, 1, STRONG), None);
        // `util` is a cue and `web` a layer word: their modules stay infrastructure.
        assert_eq!(words.name_cue(&p, 3, STRONG).as_deref(), Some("error"));
        assert_eq!(words.name_cue(&p, 5, STRONG).as_deref(), Some("config"));
    }

    #[test]
    fn a_binary_named_otherwise_than_its_package_is_judged_by_the_package() {
        // `mostrod` is the binary of package `mostro`, beside `mostro-core`: the project's
        // prefix, no domain; its `config` is infrastructure.
        let mut p = workspace(
            &["mostro_core", "mostrod"],
            &[
                ("mostro_core", 0, None),
                ("mostrod", 1, None),
                ("mostrod::config", 1, Some(1)),
            ],
            10,
        );
        p.crates[1].package = "mostro".into();
        assert_eq!(crate_word(&p, "mostrod"), None);
        assert_eq!(crate_word(&p, "mostro_core"), None);
        let words = PathWords::new(&p);
        assert_eq!(
            words.name_cue(&p, 2, &[CONFIG_CUES]).as_deref(),
            Some("config")
        );
    }

    #[test]
    fn a_health_check_is_infrastructure_and_a_health_domain_is_not() {
        let p = workspace(
            &["app"],
            &[
                ("app", 0, None),
                ("app::routes", 0, Some(0)),
                ("app::routes::health_check", 0, Some(1)),
                ("app::api", 0, Some(0)),
                ("app::api::health_check", 0, Some(3)),
                ("app::node_health", 0, Some(0)),
            ],
            10,
        );
        let words = PathWords::new(&p);
        // Two words, one cue; that another module is named `health_check` too does not make
        // `health` a domain word here.
        assert_eq!(
            words.name_cue(&p, 2, STRONG).as_deref(),
            Some("healthcheck")
        );
        // The health of a node, published as an event, is a feature.
        assert_eq!(words.name_cue(&p, 5, STRONG), None);
    }

    #[test]
    fn the_crates_of_one_package_name_no_domain() {
        // A library and its tools, all of one package: the library's `errors` is the
        // application's, not a `torrust_index` domain's.
        let mut p = workspace(
            &["torrust_index", "seeder", "upgrade"],
            &[
                ("torrust_index", 0, None),
                ("torrust_index::errors", 0, Some(0)),
                ("seeder", 1, None),
                ("upgrade", 2, None),
            ],
            10,
        );
        for k in &mut p.crates {
            k.package = "torrust-index".into();
        }
        assert_eq!(crate_word(&p, "torrust_index"), None);
        let words = PathWords::new(&p);
        assert_eq!(words.name_cue(&p, 1, STRONG).as_deref(), Some("errors"));
    }
}

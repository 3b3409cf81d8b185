//! Labelled non-services, by name and dependencies, before clustering: database migrations
//! (a crate or path segment naming them, or a step between two versions), test, seed, mock and
//! fixture support (not an application's `cmd::test` command, nor a `test` folder its shipped
//! code runs), crates built on a WASM/UI framework, and packages of request/response types
//! only that several packages use (the services' published contract, `api-types`).
//! [`super::roles`] runs these first.

use super::cues::{KERNEL_CUES, PathWords, STRONG};
use super::roles::{Classification, Place, is_application, words};
use crate::data::DataGraph;
use crate::graph::ModuleGraph;
use crate::model::Role;
use crate::model::{DataKind, EdgeKind, ItemKind, ModuleIdx, Program};
use std::collections::{BTreeMap, BTreeSet};

const MIGRATION_WORDS: &[&str] = &["migration", "migrations", "migrate", "migrator"];

/// Words that may qualify a migration word in a module's name and leave it a database
/// migration (`sqlite_migration`, `migration_data`, `embedded_migrations`); any other
/// (`on_demand_migration`, a feature moving objects from other stores) makes it domain code.
const MIGRATION_QUALIFIERS: &[&str] = &[
    "db",
    "database",
    "schema",
    "sql",
    "data",
    "store",
    "embed",
    "embedded",
    "file",
    "based",
    "harness",
    "internals",
    "type",
    "run",
    "runner",
    "up",
    "down",
];

/// Words of test support. Not `stub`: a `stub` module outside `#[cfg(test)]` is the no-op
/// implementation a build gets when a feature is off (atomic-server's
/// `vector_search::embeddings::stub`), which ships.
pub(super) const TEST_WORDS: &[&str] = &[
    "test",
    "tests",
    "testing",
    "testutil",
    "testutils",
    "testkit",
    "testkits",
    "testcontainer",
    "testcontainers",
    "mock",
    "mocks",
    "mocking",
    "fixture",
    "fixtures",
    "seed",
    "seeds",
    "seeder",
    "seeding",
    "fake",
    "fakes",
];

const FRONTEND_CRATES: &[&str] = &[
    "yew",
    "leptos",
    "dioxus",
    "sycamore",
    "wasm_bindgen",
    "web_sys",
    "gloo",
    "seed",
    "egui",
    "iced",
    "tauri",
    "slint",
];

/// Crates that talk to a database or run its migrations: a program using one may have
/// database migrations.
const DATABASE_CRATES: &[&str] = &[
    "diesel",
    "diesel_migrations",
    "diesel_async",
    "sqlx",
    "sea_orm",
    "sea_orm_migration",
    "sea_query",
    "rusqlite",
    "postgres",
    "tokio_postgres",
    "deadpool_postgres",
    "mysql",
    "mysql_async",
    "tiberius",
    "refinery",
    "barrel",
    "libsql",
    "duckdb",
    "sqlite",
    "mongodb",
    "surrealdb",
    "scylla",
    "cdrs_tokio",
    "rbatis",
];

/// Migrations, test support and front-ends, by crate and path names and external crates.
pub(super) fn non_services(program: &Program, data: &DataGraph, c: &mut Classification) {
    // Front-end crates: a UI/WASM framework used by a good share of their modules.
    let mut frontend_crates: BTreeSet<usize> = BTreeSet::new();
    let mut per_crate: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for module in &program.modules {
        let e = per_crate.entry(module.krate).or_default();
        e.0 += 1;
        if module
            .external
            .iter()
            .any(|x| FRONTEND_CRATES.contains(&x.as_str()))
        {
            e.1 += 1;
        }
    }
    for (k, (all, ui)) in per_crate {
        if ui > 0 && ui * 4 >= all {
            frontend_crates.insert(k);
        }
    }
    // A front-end is a client of the services beside it. When every package of the program
    // has a UI crate (a desktop application: sniffnet on iced), there is nothing beside it:
    // the front-end is the program, and its modules are what gets split.
    let ui_packages: BTreeSet<&str> = frontend_crates
        .iter()
        .filter_map(|&k| program.crates.get(k))
        .map(|c| c.package.as_str())
        .collect();
    if program
        .crates
        .iter()
        .all(|c| ui_packages.contains(c.package.as_str()))
    {
        frontend_crates.clear();
    }
    let application = is_application(program);
    // Migrations are a database's: a program with no table and no database crate has none,
    // and its `migrate` module (alacritty's YAML-to-TOML configuration upgrade, oxen's
    // repository format upgrades) is one of its features.
    let database = data.nodes.iter().any(|d| d.kind == DataKind::Table)
        || program.modules.iter().any(|m| {
            m.external
                .iter()
                .any(|x| DATABASE_CRATES.contains(&x.replace('-', "_").as_str()))
        });
    for (m, module) in program.modules.iter().enumerate() {
        let krate = &program.crates[module.krate];
        let crate_words = words(&krate.package);
        let segments: Vec<&str> = module.id.split("::").skip(1).collect();
        let seg_words: Vec<Vec<String>> = segments.iter().map(|s| words(s)).collect();
        let any = |list: &[&str]| {
            crate_words.iter().any(|w| list.contains(&w.as_str()))
                || seg_words
                    .iter()
                    .flatten()
                    .any(|w| list.contains(&w.as_str()))
        };
        // A migration word in a module's path names database migrations when the segment
        // holding it says nothing else, or only how or where (`sqlite_migration`); the
        // package's name counts whole (`kellnr_migration`).
        let migration_segment = |ws: &Vec<String>| {
            ws.iter().any(|w| MIGRATION_WORDS.contains(&w.as_str()))
                && ws.iter().all(|w| {
                    MIGRATION_WORDS.contains(&w.as_str())
                        || MIGRATION_QUALIFIERS.contains(&w.as_str())
                        || super::cues::ENGINE_CUES.contains(&w.as_str())
                        || TEST_WORDS.contains(&w.as_str())
                })
        };
        let migrations = database
            && (crate_words
                .iter()
                .any(|w| MIGRATION_WORDS.contains(&w.as_str()))
                || seg_words.iter().any(migration_segment));
        let (role, why) = if migrations {
            (Role::Migrations, "named as database migrations")
        } else if database && segments.iter().any(|s| version_step(s)) {
            (
                Role::Migrations,
                "named as an upgrade from one version to the next",
            )
        } else if any(TEST_WORDS) && !(application && test_subcommand(&segments)) {
            (Role::TestSupport, "named as test, seed or mock support")
        } else if frontend_crates.contains(&module.krate) {
            (Role::Frontend, "its crate is built on a UI/WASM framework")
        } else {
            continue;
        };
        c.place[m] = Place::Apart(role);
        c.reason[m] = Some(why.to_string());
    }
}

/// A module named as test support that code outside test support uses is production code
/// named by its domain: a test runner's `test_group` (nextest), a proxy's `fake_dns` server
/// (shadowsocks). Not one named as test support alone (`mock`, `test_utils`, `testing_impl`):
/// that is test code the shipped code reaches (a simulation harness in the library).
/// `#[cfg(test)]` code is not read, so only shipped code counts as a user; a crate root counts
/// when it calls or names the module's items (a binary's `main` typing a command back through
/// mcfly's `fake_typer`), not for a `use` alone (a library's `pub use`). Whole test packages
/// (`foo-test-utils`) stay apart.
pub(super) fn used_test_support(program: &Program, graph: &ModuleGraph, c: &mut Classification) {
    let test_package = |m: ModuleIdx| {
        let krate = &program.crates[program.modules[m].krate];
        krate.kind == "test"
            || words(&krate.package)
                .iter()
                .any(|w| TEST_WORDS.contains(&w.as_str()))
    };
    // A segment made of test words and technical ones only (`test`, `mock`, `test_utils`,
    // `testing_impl`, `test_harness`) names test support whoever uses it; one naming a thing
    // (`test_group`, `fake_dns`, `mock_subgraphs`) may name a domain.
    const PLUMBING: &[&str] = &[
        "util", "utils", "helper", "helpers", "impl", "support", "harness", "kit", "common", "lib",
        "prelude",
    ];
    // In an application, a folder of modules named `test` or `testing` alone that shipped
    // code uses is a feature about tests: the `test` command that runs the user's tests
    // (deno's `tools::test` with its reporters, under a folder of tools rather than of
    // commands), a language server's test explorer (`lsp::testing`). A lone file of that name
    // is a test double the shipped code selects (`syscall::test` beside `syscall::linux`).
    let application = is_application(program);
    let children = super::roles::child_counts(program);
    let pure_test = |m: ModuleIdx| {
        let segments: Vec<&str> = program.modules[m].id.split("::").skip(1).collect();
        segments.iter().enumerate().any(|(i, segment)| {
            let ws = words(segment);
            let folder = i + 1 < segments.len() || children[m] > 0;
            if application
                && folder
                && matches!(ws.as_slice(), [w] if w == "test" || w == "testing")
            {
                return false;
            }
            ws.iter().any(|w| TEST_WORDS.contains(&w.as_str()))
                && ws
                    .iter()
                    .all(|w| TEST_WORDS.contains(&w.as_str()) || PLUMBING.contains(&w.as_str()))
        })
    };
    // Freed modules are shipped code in turn: a worklist over what each module uses, so every
    // dependency is looked at once per freed module, not once per pass.
    let n = program.modules.len();
    let mut uses: Vec<Vec<ModuleIdx>> = vec![Vec::new(); n];
    for d in &graph.dependencies {
        let root = program.modules[d.from].parent.is_none();
        if d.from != d.to && (!root || d.kinds.keys().any(|k| *k != EdgeKind::Use)) {
            uses[d.from].push(d.to);
        }
    }
    let mut work: Vec<ModuleIdx> = (0..n)
        .filter(|&m| !matches!(c.place[m], Place::Apart(Role::TestSupport)))
        .collect();
    while let Some(user) = work.pop() {
        for &to in &uses[user] {
            if c.place[to] == Place::Apart(Role::TestSupport) && !test_package(to) && !pure_test(to)
            {
                c.place[to] = Place::Cluster;
                c.reason[to] = None;
                work.push(to);
            }
        }
    }
}

/// Is a module path (below its crate) an application's `test` command (mdbook's and cargo's
/// `cmd::test`, which runs the user's tests): named `test` alone, right below a folder of
/// commands, no other test word in its path?
fn test_subcommand(segments: &[&str]) -> bool {
    match segments {
        [.., dir, "test"] => {
            // A folder of commands: the command layer's words (`cmd`, `commands`), or `cli`.
            (super::vocab::is_command_layer(dir) || *dir == "cli")
                && segments[..segments.len() - 1]
                    .iter()
                    .all(|s| !words(s).iter().any(|w| TEST_WORDS.contains(&w.as_str())))
        }
        _ => false,
    }
}

/// A name of a step between two versions (`from_v1_0_0_to_v2_0_0`, `v2_to_v3`): the data
/// migration of an upgrade.
fn version_step(segment: &str) -> bool {
    let ws = words(segment);
    let version = |w: &String| {
        let mut chars = w.chars();
        chars.next() == Some('v') && chars.next().is_some_and(|c| c.is_ascii_digit())
    };
    let to = ws.iter().position(|w| w == "to");
    to.is_some_and(|t| ws[..t].iter().any(version) && ws[t + 1..].iter().any(version))
}

/// Packages of request/response types only: a library package whose items are types (no
/// free functions, statics, traits or tables), that declares no table and that at least two
/// other packages use. It is the services' published contract, not a service; its modules
/// whose top-level area is named like a module of the other packages (`types::account` beside
/// `ledger::account`) are that domain's own and stay clustered.
pub(super) fn api_types(
    program: &Program,
    graph: &ModuleGraph,
    data: &DataGraph,
    c: &mut Classification,
) {
    let package_of = |m: ModuleIdx| program.crates[program.modules[m].krate].package.as_str();
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    let mut other: BTreeMap<&str, usize> = BTreeMap::new();
    for item in &program.items {
        let p = package_of(item.module);
        match item.kind {
            ItemKind::Struct | ItemKind::Enum | ItemKind::TypeAlias | ItemKind::Const => {
                *types.entry(p).or_default() += 1;
            }
            ItemKind::Macro => {}
            _ => *other.entry(p).or_default() += 1,
        }
    }
    let mut declares_tables: BTreeSet<&str> = BTreeSet::new();
    for node in data.nodes.iter().filter(|n| n.kind == DataKind::Table) {
        if let Some(d) = node.defined_in {
            declares_tables.insert(package_of(d));
        }
    }
    let mut users: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for d in &graph.dependencies {
        let (from, to) = (package_of(d.from), package_of(d.to));
        if from != to {
            users.entry(to).or_default().insert(from);
        }
    }
    let lib_packages: BTreeSet<&str> = program
        .crates
        .iter()
        .filter(|k| k.kind == "lib")
        .map(|k| k.package.as_str())
        .collect();
    let contract: BTreeSet<&str> = types
        .keys()
        .copied()
        .filter(|p| lib_packages.contains(p))
        .filter(|p| !other.contains_key(p) && !declares_tables.contains(p))
        .filter(|p| users.get(p).is_some_and(|u| u.len() >= 2))
        // An `error` or `config` package is infrastructure: the kernel's, not a contract.
        .filter(|p| {
            !words(p).iter().any(|w| {
                STRONG
                    .iter()
                    .chain([KERNEL_CUES].iter())
                    .any(|l| l.contains(&w.as_str()))
            })
        })
        .filter(|p| {
            // A package with a binary is an application, whatever its library holds.
            !program
                .crates
                .iter()
                .any(|k| k.package == *p && k.kind != "lib")
        })
        .collect();
    // A contract laid out by domain (`types::account`, `types::journal`, mirroring
    // `ledger::account`…) is each domain's own: a module whose path below its crate root names
    // a domain held outside that crate stays clustered and goes where its domain goes. Only
    // the contract's other modules are set apart.
    let path_words = PathWords::new(program);
    let crate_root = |mut m: ModuleIdx| {
        while let Some(p) = program.modules[m].parent {
            m = p;
        }
        m
    };
    let mirrors_a_domain =
        |m: ModuleIdx| path_words.domain_below(program, m, crate_root(m)).is_some();
    for m in 0..program.modules.len() {
        if c.place[m] == Place::Cluster && contract.contains(package_of(m)) && !mirrors_a_domain(m)
        {
            c.place[m] = Place::Apart(Role::ApiTypes);
            c.reason[m] =
                Some("a package of request/response types that several packages use".to_string());
        }
    }
}

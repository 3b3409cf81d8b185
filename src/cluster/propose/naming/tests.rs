//! Unit tests of service naming.

use super::*;
use crate::cluster::propose::cues::project_words;
use crate::cluster::propose::tests::{item, workspace};
use crate::model::Role;

#[test]
fn a_whole_crate_names_its_service_without_the_project_prefix() {
    let program = workspace(
        &["shop_net", "shop_orders", "shop_db"],
        &[
            ("shop_net", 0, None),
            ("shop_net::peer", 0, Some(0)),
            ("shop_net::frame", 0, Some(0)),
            ("shop_orders", 1, None),
            ("shop_db", 2, None),
            ("shop_db::open", 2, Some(4)),
        ],
        50,
    );
    assert_eq!(
        dominant_directory(&program, &[0, 1, 2], false).as_deref(),
        Some("net")
    );
    // `db` is a layer word: no name from the crate, the terms decide.
    assert_eq!(dominant_directory(&program, &[4, 5], false), None);
    // One package: a crate root is no directory.
    let single = Program {
        crates: program.crates[..1].to_vec(),
        modules: program.modules[..3].to_vec(),
        ..Program::default()
    };
    assert_eq!(dominant_directory(&single, &[0, 1, 2], false), None);
}

#[test]
fn a_target_named_after_its_package_names_its_service_by_the_rest() {
    // One package, `rbw`: a library and the `rbw-agent` binary.
    let mut program = workspace(
        &["rbw", "rbw_agent"],
        &[
            ("rbw", 0, None),
            ("rbw::api", 0, Some(0)),
            ("rbw_agent", 1, None),
            ("rbw_agent::state", 1, Some(2)),
            ("rbw_agent::timeout", 1, Some(2)),
        ],
        50,
    );
    for c in &mut program.crates {
        c.package = "rbw".into();
    }
    assert_eq!(
        dominant_directory(&program, &[3, 4], true).as_deref(),
        Some("agent")
    );
    // The package's own crate names the application, not a service.
    assert_eq!(dominant_directory(&program, &[1], true), None);
}

/// The one-crate program `spec` whose root uses the external crates `external`.
fn one_crate(spec: &[(String, usize, Option<ModuleIdx>)], external: &[&str]) -> Program {
    let ids: Vec<(&str, usize, Option<ModuleIdx>)> = spec
        .iter()
        .map(|(id, k, p)| (id.as_str(), *k, *p))
        .collect();
    let mut program = workspace(&["app"], &ids, 50);
    program.modules[0].external = external.iter().map(|x| x.to_string()).collect();
    program
}

/// Crate `krate` with the modules `three` (1–3) among twelve of six other areas (4–15): an
/// area and its store each.
fn three_among_twelve(krate: &str, three: [&str; 3]) -> Vec<(String, usize, Option<ModuleIdx>)> {
    let mut spec = vec![(krate.to_string(), 0, None)];
    for name in three {
        spec.push((format!("{krate}::{name}"), 0, Some(0)));
    }
    for area in ["orders", "billing", "stock", "users", "search", "reports"] {
        spec.push((format!("{krate}::{area}"), 0, Some(0)));
        spec.push((format!("{krate}::{area}_store"), 0, Some(0)));
    }
    spec
}

/// The names given to `groups` (services, their modules the clustered ones) in `program`.
fn named(program: &Program, groups: Vec<Vec<ModuleIdx>>) -> Vec<String> {
    let data = DataGraph::default();
    let nodes: Vec<ModuleIdx> = groups
        .iter()
        .flatten()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let terms = Vocabulary::build(program, &data, &nodes, &BTreeSet::new());
    let mut services: Vec<ServiceCandidate> = groups
        .into_iter()
        .map(|modules| ServiceCandidate {
            name: String::new(),
            modules,
            role: Role::Service,
        })
        .collect();
    name_services(program, &data, &terms, &mut services);
    services.into_iter().map(|s| s.name).collect()
}

#[test]
fn the_projects_own_name_never_names_a_service() {
    // In package `shop-edge`, the word `shop` is the only term of the first service
    // (unleash-edge's `unleash_client`): it still does not name it.
    let spec = three_among_twelve("shop_edge", ["shop_client", "shop_token", "shop_feed"]);
    let mut program = one_crate(&spec, &[]);
    program.crates[0].name = "shop_edge".into();
    program.crates[0].package = "shop-edge".into();
    assert_eq!(
        project_words(&program),
        ["edge".to_string(), "shop".to_string()].into()
    );
    let names = named(&program, vec![vec![1, 2, 3], (4..spec.len()).collect()]);
    assert!(
        ["client", "token", "feed"].contains(&names[0].as_str()),
        "{}",
        names[0]
    );
}

#[test]
fn a_word_of_infrastructure_never_names_a_service() {
    // Guards of the outbox and inbox among a dozen other modules: `guard` is rare enough
    // to be a term, and the heaviest of its service.
    let spec = three_among_twelve("app", ["guard_outbox", "guard_inbox", "guard_fetch"]);
    let groups = vec![vec![1, 2, 3], (4..spec.len()).collect()];
    let names = named(&one_crate(&spec, &[]), groups);
    assert_ne!(names[0], "guard");
    assert!(
        ["outbox", "inbox", "fetch"].contains(&names[0].as_str()),
        "{}",
        names[0]
    );
}

#[test]
fn a_generic_word_or_a_platform_never_names_a_service() {
    // `kind` (an `ErrorKind`, a `Variant`) and `unix` are the heaviest words of their
    // services: still no name.
    for (word, others) in [
        ("kind", ["kind_report", "kind_fix", "kind_audit"]),
        ("unix", ["unix_disks", "unix_mounts", "unix_io"]),
    ] {
        let spec = three_among_twelve("app", others);
        let groups = vec![vec![1, 2, 3], (4..spec.len()).collect()];
        let names = named(&one_crate(&spec, &[]), groups);
        assert_ne!(names[0], word);
        assert!(!names[0].is_empty());
    }
}

#[test]
fn a_shared_folder_does_not_name_its_service() {
    // pubky-homeserver's `shared/` holds the quota code and a few helpers: `shared` is the
    // word all its modules carry, and says nothing of what they do.
    let mut spec: Vec<(String, usize, Option<ModuleIdx>)> =
        vec![("app".into(), 0, None), ("app::shared".into(), 0, Some(0))];
    for (helper, inner) in [
        ("quota", ["user_limits", "bandwidth"]),
        ("webdav", ["entry_path", "dav_error"]),
        ("checks", ["pubkey_validator", "domain_port"]),
    ] {
        let parent = spec.len();
        spec.push((format!("app::shared::{helper}"), 0, Some(1)));
        for leaf in inner {
            spec.push((format!("app::shared::{helper}::{leaf}"), 0, Some(parent)));
        }
    }
    let end = spec.len();
    for area in [
        "orders", "billing", "stock", "users", "search", "reports", "tenants", "events",
    ] {
        let parent = spec.len();
        spec.push((format!("app::{area}"), 0, Some(0)));
        for part in ["routes", "store", "model", "service"] {
            spec.push((format!("app::{area}::{part}"), 0, Some(parent)));
        }
    }
    let groups = vec![(1..end).collect(), (end..spec.len()).collect()];
    let names = named(&one_crate(&spec, &[]), groups);
    assert_ne!(names[0], "shared");
    assert!(!names[0].is_empty());
}

#[test]
fn a_jobs_folder_kept_whole_is_the_jobs_service() {
    // ap-relay's `jobs/`: a layer word, which ties nothing, still names the service that is
    // all of its folder (it had been `meta`, from a type of one job).
    let mut spec: Vec<(String, usize, Option<ModuleIdx>)> =
        vec![("app".into(), 0, None), ("app::jobs".into(), 0, Some(0))];
    for job in ["deliver", "nodeinfo", "contact", "instance"] {
        spec.push((format!("app::jobs::{job}"), 0, Some(1)));
    }
    for area in ["orders", "billing", "stock", "users", "search", "reports"] {
        spec.push((format!("app::{area}"), 0, Some(0)));
    }
    let groups = vec![(1..6).collect(), (6..spec.len()).collect()];
    let names = named(&one_crate(&spec, &[]), groups);
    assert_eq!(names[0], "jobs");
}

#[test]
fn a_technology_names_a_service_only_when_it_is_its_folder() {
    // A tile server's PostGIS source, `sources::postgres::*`, and elsewhere two modules
    // with `postgres` in their names that hand out the pool.
    let mut spec: Vec<(String, usize, Option<ModuleIdx>)> = vec![
        ("app".into(), 0, None),
        ("app::sources".into(), 0, Some(0)),
        ("app::sources::postgres".into(), 0, Some(1)),
        ("app::sources::postgres::geometry_query".into(), 0, Some(2)),
        ("app::sources::postgres::geometry_bounds".into(), 0, Some(2)),
        ("app::sources::postgres::geometry".into(), 0, Some(2)),
        ("app::postgres_pool".into(), 0, Some(0)),
        ("app::postgres_stats".into(), 0, Some(0)),
    ];
    for area in ["fonts", "sprites", "styles", "tiles", "catalog", "cache"] {
        spec.push((format!("app::{area}"), 0, Some(0)));
    }
    let groups = vec![
        vec![2, 3, 4, 5],
        vec![6, 7, 8, 9],
        (10..spec.len()).collect(),
    ];
    let mut program = one_crate(&spec, &[]);
    for m in [2, 6, 7] {
        program.modules[m].external = ["postgres".to_string()].into();
    }
    let names = named(&program, groups);
    assert_eq!(names[0], "postgres");
    // Outside its folder, the crate's name is a technology, not a domain.
    assert_ne!(names[1], "postgres");
}

#[test]
fn a_crate_only_other_services_use_does_not_stop_a_domain_word() {
    // An object store: its `object` service is `object` although one profiler module of
    // another service reads ELF files with the external `object` crate.
    let mut spec: Vec<(String, usize, Option<ModuleIdx>)> = vec![
        ("app".into(), 0, None),
        ("app::object_get".into(), 0, Some(0)),
        ("app::object_put".into(), 0, Some(0)),
        ("app::object_cache".into(), 0, Some(0)),
        ("app::cache_index".into(), 0, Some(0)),
        ("app::profile_cpu".into(), 0, Some(0)),
    ];
    for area in ["buckets", "users", "policies", "quotas", "events", "tiers"] {
        spec.push((format!("app::{area}"), 0, Some(0)));
    }
    let groups = vec![vec![1, 2, 3, 4], (5..spec.len()).collect()];
    let mut program = one_crate(&spec, &[]);
    program.modules[5].external = ["object".to_string()].into();
    let names = named(&program, groups.clone());
    assert_eq!(names[0], "object", "{names:?}");
    // When the service itself uses the crate, `object` is a technology there.
    program.modules[1].external = ["object".to_string()].into();
    let names = named(&program, groups);
    assert_eq!(names[0], "cache", "{names:?}");
}

#[test]
fn a_crate_named_by_a_technology_or_an_infrastructure_word_names_its_service() {
    // A gateway's profiling crate, `gw-pyroscope`, wraps the `pyroscope` client, which the
    // core crate uses too; its logging crate, `gw-logger`, is a service of its own.
    let mut program = workspace(
        &["gw_core", "gw_pyroscope", "gw_orders", "gw_logger"],
        &[
            ("gw_core", 0, None),
            ("gw_core::agent", 0, Some(0)),
            ("gw_pyroscope", 1, None),
            ("gw_orders", 2, None),
            ("gw_orders::cart", 2, Some(3)),
            ("gw_logger", 3, None),
            ("gw_logger::access", 3, Some(5)),
            ("gw_logger::syslog", 3, Some(5)),
        ],
        50,
    );
    for m in [0, 1, 2] {
        program.modules[m].external = ["pyroscope".to_string()].into();
    }
    let names = named(
        &program,
        vec![vec![2], vec![0, 1], vec![3, 4], vec![5, 6, 7]],
    );
    assert_eq!(names[0], "pyroscope", "{names:?}");
    // The core crate only uses the client: the technology does not name it.
    assert_ne!(names[1], "pyroscope", "{names:?}");
    assert_eq!(names[3], "logger", "{names:?}");
}

#[test]
fn an_infrastructure_word_names_a_service_only_when_it_is_its_folder() {
    // A proxy's metrics folder came out as a service of its own; elsewhere a module with
    // `metrics` in its name is one of its users.
    let mut spec: Vec<(String, usize, Option<ModuleIdx>)> = vec![
        ("app".into(), 0, None),
        ("app::metrics".into(), 0, Some(0)),
        ("app::metrics::aggregator".into(), 0, Some(1)),
        ("app::metrics::drain".into(), 0, Some(1)),
        ("app::backend_metrics".into(), 0, Some(0)),
    ];
    for area in [
        "tls",
        "udp",
        "mux",
        "backends",
        "health",
        "control",
        "listeners",
        "pipes",
    ] {
        spec.push((format!("app::{area}"), 0, Some(0)));
    }
    let groups = vec![
        vec![1, 2, 3],
        vec![4, 5, 6, 7, 8],
        (9..spec.len()).collect(),
    ];
    let names = named(&one_crate(&spec, &[]), groups);
    assert_eq!(names[0], "metrics");
    // Outside its folder, the word marks infrastructure, not a domain.
    assert_ne!(names[1], "metrics");
}

#[test]
fn a_compound_with_an_empty_word_never_names_a_service() {
    // `NewUser`, the insertable row of the users, in a handler and a model.
    let program = workspace(
        &["app"],
        &[
            ("app", 0, None),
            ("app::handlers", 0, Some(0)),
            ("app::models", 0, Some(0)),
            ("app::orders", 0, Some(0)),
            ("app::orders_store", 0, Some(0)),
        ],
        50,
    );
    let mut program = program;
    for (m, name) in [(1, "NewUser"), (2, "NewUser"), (3, "Order"), (4, "Order")] {
        let item = item(&program, m, name, crate::model::ItemKind::Struct);
        program.items.push(item);
    }
    let names = named(&program, vec![vec![1, 2], vec![3, 4]]);
    assert_eq!(names[0], "user");
    assert_eq!(names[1], "order");
}

#[test]
fn a_compound_goes_before_a_word_of_it_that_weighs_the_same() {
    // `bit` weighs what `bit_torrent` weighs: it comes from that name alone.
    let program = workspace(
        &["app"],
        &[
            ("app", 0, None),
            ("app::tracker", 0, Some(0)),
            ("app::tracker::bit_torrent", 0, Some(1)),
            ("app::client", 0, Some(0)),
            ("app::client::bit_torrent", 0, Some(3)),
            ("app::orders", 0, Some(0)),
            ("app::orders::store", 0, Some(5)),
        ],
        50,
    );
    let names = named(&program, vec![vec![2, 4], vec![5, 6]]);
    assert_eq!(names[0], "bit-torrent");
}

#[test]
fn a_directory_names_its_service_without_layer_words_or_the_crate_name() {
    let program = workspace(
        &["registry", "registry_web"],
        &[
            ("registry", 0, None),
            ("registry::routes", 0, Some(0)),
            ("registry::routes::toolchain_routes", 0, Some(1)),
            ("registry::registry_api", 0, Some(0)),
            ("registry::api_routes", 0, Some(0)),
            ("registry::commands", 0, Some(0)),
            ("registry_web", 1, None),
        ],
        50,
    );
    // `toolchain_routes`: the router file of the toolchain domain.
    assert_eq!(
        dominant_directory(&program, &[2], false).as_deref(),
        Some("toolchain")
    );
    // `registry_api` in the `registry` crate: the crate's name is no domain word here.
    assert_eq!(dominant_directory(&program, &[3], false), None);
    // Nothing but layer words: the terms decide.
    assert_eq!(dominant_directory(&program, &[4], false), None);
    // An application's command layer names no service; a library's `commands` may.
    assert_eq!(dominant_directory(&program, &[5], true), None);
    assert_eq!(
        dominant_directory(&program, &[5], false).as_deref(),
        Some("commands")
    );
}

#[test]
fn two_services_are_never_told_apart_by_a_letter() {
    // The socket transport and, elsewhere, the sock-file sources: the second service's best
    // word, `sock`, reads as the first one's `socket`; it takes its next word instead.
    let mut spec = three_among_twelve("app", ["socket", "socket_frame", "socket_codec"]);
    spec.push(("app::sock".into(), 0, Some(0)));
    spec.push(("app::sock::source".into(), 0, Some(spec.len() - 1)));
    spec.push(("app::sock::pps".into(), 0, Some(spec.len() - 2)));
    let last = spec.len();
    let groups = vec![
        vec![1, 2, 3],
        vec![last - 3, last - 2, last - 1],
        (4..last - 3).collect(),
    ];
    let names = named(&one_crate(&spec, &[]), groups);
    assert_eq!(names[0], "socket", "{names:?}");
    assert!(!same_name(&names[0], &names[1]), "{names:?}");
    // What counts as the same name.
    assert!(same_name("peer", "peers"));
    assert!(same_name("sock", "socket"));
    assert!(same_name("index", "indexer"));
    assert!(same_name("order-lines", "orders-line"));
    assert!(!same_name("post", "postgres"));
    assert!(!same_name("auth", "auth-admin"));
    assert!(!same_name("log", "logs-api"));
}

#[test]
fn a_middleware_layer_is_no_name() {
    // tower layers of auth, metrics and tracing: `layer` is their one shared word, and says
    // how they are stacked, not what they serve.
    let spec = three_among_twelve("app", ["auth_layer", "metrics_layer", "cors_layer"]);
    let groups = vec![vec![1, 2, 3], (4..spec.len()).collect()];
    let names = named(&one_crate(&spec, &[]), groups);
    assert_ne!(names[0], "layer");
    assert!(
        ["auth", "metrics", "cors"].contains(&names[0].as_str()),
        "{}",
        names[0]
    );
}

#[test]
fn a_segment_taken_by_a_role_names_its_service_with_a_suffix() {
    // oxen-server's repository migrations, `controllers::migrations` and
    // `services::migrations`: `migrations` is the name of a role, `controllers` and
    // `services` are layers.
    let program = workspace(
        &["srv"],
        &[
            ("srv", 0, None),
            ("srv::controllers", 0, Some(0)),
            ("srv::controllers::migrations", 0, Some(1)),
            ("srv::services", 0, Some(0)),
            ("srv::services::migrations", 0, Some(3)),
        ],
        50,
    );
    let service = ServiceCandidate {
        name: String::new(),
        modules: vec![2, 4],
        role: Role::Service,
    };
    let reserved = |n: &str| n == "migrations";
    let name = fallback(&program, true, &service, &BTreeSet::new(), &reserved);
    assert_eq!(name, "migrations-service");
}

#[test]
fn the_fallback_takes_no_technology_the_service_uses() {
    // gitoxide's `shared` service: `shared` is generic and every other word is in one module
    // only, so the name comes from the module paths; its largest module, `shared::clap`,
    // wraps the `clap` crate.
    let mut spec: Vec<(String, usize, Option<ModuleIdx>)> = vec![
        ("app".into(), 0, None),
        ("app::shared".into(), 0, Some(0)),
        ("app::shared::clap".into(), 0, Some(1)),
        ("app::shared::pretty".into(), 0, Some(1)),
    ];
    for area in ["orders", "billing", "stock", "users", "search", "reports"] {
        spec.push((format!("app::{area}"), 0, Some(0)));
        spec.push((format!("app::{area}_store"), 0, Some(0)));
    }
    let groups = vec![vec![1, 2, 3], (4..spec.len()).collect()];
    let mut program = one_crate(&spec, &[]);
    program.modules[2].loc = 148;
    let names = named(&program, groups.clone());
    assert_eq!(names[0], "clap", "{names:?}");
    program.modules[2].external = ["clap".to_string()].into();
    let names = named(&program, groups);
    assert_eq!(names[0], "pretty", "{names:?}");
}

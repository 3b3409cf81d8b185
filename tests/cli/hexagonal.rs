//! The proposal on fixtures/hexagonal-app: an application cut by layer in the hexagonal style
//! (`domain/`, `application/` with one `ports.rs`, `infrastructure/pg_*_repository`,
//! `presentation/http/*_handlers`), each domain's word in its file names. The five domains are
//! found across the four layers, named after what they own, with their tables; the HTTP router
//! (the application state and every route) is wiring. The expected answer, and where the tool
//! still departs from it, is fixtures/hexagonal-app/EXPECTED.md.

use crate::util::{analyze_fixture, composition_roots, owned_data, service_groups};
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn a_hexagonal_app_is_split_by_domain_across_its_four_layers() {
    let report = analyze_fixture("hexagonal-app", &[]).json;
    let groups: BTreeMap<String, (String, BTreeSet<String>)> = service_groups(&report);
    for (service, word) in [
        ("riders", "rider"),
        ("drivers", "driver"),
        ("trips", "trip"),
        ("payments", "payment"),
        ("ratings", "rating"),
    ] {
        let (role, modules) = groups
            .get(service)
            .unwrap_or_else(|| panic!("no service {service}: {groups:?}"));
        assert_eq!(role, "service");
        for layer in [
            format!("dispatch::domain::{word}"),
            format!("dispatch::application::{word}_service"),
            format!("dispatch::infrastructure::pg_{word}_repository"),
            format!("dispatch::presentation::http::{word}_handlers"),
        ] {
            assert!(
                modules.contains(&layer),
                "{layer} not in {service}: {modules:?}"
            );
        }
    }
    let kernel = &groups["shared-kernel"].1;
    for m in [
        "dispatch::config",
        "dispatch::error",
        "dispatch::infrastructure::db",
        "dispatch::presentation::http::extractors",
    ] {
        assert!(kernel.contains(m), "{m} not in the kernel: {kernel:?}");
    }
    // The router defines `AppState` and registers the handlers of every domain: wiring, although
    // cut by layers it reaches a single other area (`application`).
    let roots = composition_roots(&report);
    assert!(
        roots.contains(&"dispatch::presentation::http::router"),
        "{roots:?}"
    );
    let owned = owned_data(&report);
    for (service, tables) in [
        ("riders", &["table:riders"][..]),
        ("drivers", &["table:driver_locations", "table:drivers"][..]),
        ("trips", &["table:trip_events", "table:trips"][..]),
        ("payments", &["table:payments", "table:refunds"][..]),
        ("ratings", &["table:ratings"][..]),
    ] {
        assert_eq!(owned[service], tables, "{service}");
    }
}

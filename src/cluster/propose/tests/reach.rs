//! Tests of the library code no binary reaches: set apart in a library the binaries use in
//! part, never in the binaries' own package nor in a library no binary uses.

use super::*;

/// A server binary, a `common` library it uses in part, and an `sdk` library nothing uses.
fn server_and_libraries() -> (Program, ModuleGraph) {
    let mut p = workspace(
        &["server", "common", "sdk"],
        &[
            ("server", 0, None),                  // 0
            ("server::handlers", 0, Some(0)),     // 1
            ("server::legacy", 0, Some(0)),       // 2: unused, but the binary's own code
            ("common", 1, None),                  // 3
            ("common::crypto", 1, Some(3)),       // 4: used by the handlers
            ("common::crypto::key", 1, Some(4)),  // 5: only its parent is reached: not enough
            ("common::shell", 1, Some(3)),        // 6: the client's, never reached
            ("common::shell::hooks", 1, Some(6)), // 7
            ("common::codec", 1, Some(3)),        // 8: implements a trait of `crypto`
            ("sdk", 2, None),                     // 9
            ("sdk::client", 2, Some(9)),          // 10
        ],
        10,
    );
    p.crates[0].kind = "bin".into();
    for m in &mut p.modules {
        m.items = 2;
    }
    let mut implements = dep(8, 4, 1.0);
    implements.kinds = [(EdgeKind::Impl, 1)].into_iter().collect();
    let graph = ModuleGraph {
        dependencies: vec![
            dep(0, 1, 1.0),
            dep(1, 4, 1.0),
            dep(7, 4, 1.0), // the client uses crypto too: that does not reach it
            dep(10, 4, 1.0),
            implements,
        ],
    };
    (p, graph)
}

#[test]
fn library_code_no_binary_reaches_is_set_apart_in_a_library_used_in_part() {
    let (p, graph) = server_and_libraries();
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    let unreached: Vec<&str> = (0..p.modules.len())
        .filter(|&m| c.place[m] == Place::Apart(Role::Unreached))
        .map(|m| p.modules[m].id.as_str())
        .collect();
    assert_eq!(
        unreached,
        [
            "common::crypto::key",
            "common::shell",
            "common::shell::hooks"
        ]
    );
    assert!(
        c.reason[6]
            .as_deref()
            .is_some_and(|r| r.contains("no binary of the project reaches it")),
        "{:?}",
        c.reason[6]
    );
}

/// sozu's `ctl::top::app`, in the library of the package whose binary drives it, reads
/// `sozu_lib`'s metric names: a binary package's own modules all run, and so does what they
/// use, even when no reference from the binary's root leads to them.
#[test]
fn what_a_binary_packages_own_modules_use_is_reached() {
    let (mut p, mut graph) = server_and_libraries();
    // `legacy` moves to the server package's library, which the binary never names.
    let mut lib = p.crates[0].clone();
    lib.kind = "lib".into();
    lib.name = "server_core".into();
    p.crates.push(lib);
    p.modules[2].krate = p.crates.len() - 1;
    p.modules[2].id = "server_core::legacy".into();
    graph.dependencies.push(dep(2, 6, 1.0));
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    let unreached: Vec<&str> = (0..p.modules.len())
        .filter(|&m| c.place[m] == Place::Apart(Role::Unreached))
        .map(|m| p.modules[m].id.as_str())
        .collect();
    assert_eq!(unreached, ["common::crypto::key", "common::shell::hooks"]);
}

#[test]
fn without_a_binary_nothing_is_unreached() {
    let (mut p, graph) = server_and_libraries();
    p.crates[0].kind = "lib".into();
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    assert!(
        c.place
            .iter()
            .all(|&pl| pl != Place::Apart(Role::Unreached))
    );
}

#[test]
fn a_module_of_impls_over_a_reached_type_is_reached() {
    let (mut p, mut graph) = server_and_libraries();
    // `common::shell::cel`: `impl From<&Key> for CelValue`, no named item of its own.
    p.modules.push(Module {
        id: "common::shell::cel".into(),
        krate: 1,
        parent: Some(6),
        items: 0,
        loc: 12,
        ..Module::default()
    });
    graph.dependencies.push(dep(11, 4, 1.0));
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    assert_ne!(c.place[11], Place::Apart(Role::Unreached));
    // Its parent declares it: reached too. `hooks`, which defines items, is not.
    assert_ne!(c.place[6], Place::Apart(Role::Unreached));
    assert_eq!(c.place[7], Place::Apart(Role::Unreached));
    // With a named item, a module using a reached type is reached only if used.
    p.modules[11].items = 1;
    let c = classify(&p, &graph, &DataGraph::default(), &Tuning::default());
    assert_eq!(c.place[11], Place::Apart(Role::Unreached));
}

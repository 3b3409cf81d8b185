//! Library code the application does not run: in a library package that the project's
//! binaries use in part (atuin-server links `atuin_common` for a handful of its modules; the
//! other hundred are the shell client's), the modules no binary reaches are not part of the
//! application and are set apart (`unreached`) instead of being offered as services.
//!
//! A module is reached from the modules of the binary packages (a binary's own library
//! included) through references, through its children (a reached module's parent declares it)
//! and through impls (a module implementing a trait for a reached type, or a reached trait, is
//! run by whoever calls through them; so is a module defining no named item, only impls or
//! re-exports, that refers to a reached module). Only
//! packages without a binary of their own are trimmed, and only when some binary reaches one of
//! their modules: a package's own library is the binary's code, and a library no binary uses is
//! a product of its own (an SDK), not dead code.

use crate::graph::ModuleGraph;
use crate::model::{EdgeKind, ModuleIdx, Program};
use std::collections::BTreeSet;

/// The modules of partly used library packages that no binary reaches.
pub fn unreached(program: &Program, graph: &ModuleGraph) -> Vec<bool> {
    let n = program.modules.len();
    let mut out = vec![false; n];
    let bin_packages: BTreeSet<&str> = program
        .crates
        .iter()
        .filter(|c| c.kind == "bin")
        .map(|c| c.package.as_str())
        .collect();
    // A binary package's own modules, its library's included, are the binary's code: what
    // they refer to runs (sozu's `ctl::top::app`, in the library its binary drives, reads
    // `sozu_lib`'s metric names).
    let in_bin_package = |m: ModuleIdx| {
        bin_packages.contains(program.crates[program.modules[m].krate].package.as_str())
    };
    if bin_packages.is_empty() {
        return out;
    }
    let mut out_edges: Vec<Vec<ModuleIdx>> = vec![Vec::new(); n];
    // `implementers[t]`: modules that implement something of module `t`.
    let mut implementers: Vec<Vec<ModuleIdx>> = vec![Vec::new(); n];
    // A module defining no named item holds impls (`impl From<&super::Entry> for CelValue`, an
    // external trait for an external type over a project type) or re-exports: it runs, or is
    // used, with what it refers to.
    let no_items = |m: ModuleIdx| program.modules[m].items == 0 && program.modules[m].loc > 0;
    for d in &graph.dependencies {
        out_edges[d.from].push(d.to);
        if d.kinds.contains_key(&EdgeKind::Impl) || no_items(d.from) {
            implementers[d.to].push(d.from);
        }
    }
    let mut reached = vec![false; n];
    let mut stack: Vec<ModuleIdx> = (0..n).filter(|&m| in_bin_package(m)).collect();
    for &m in &stack {
        reached[m] = true;
    }
    while let Some(m) = stack.pop() {
        let parent = program.modules[m].parent;
        for &next in out_edges[m]
            .iter()
            .chain(parent.iter())
            .chain(implementers[m].iter())
        {
            if !reached[next] {
                reached[next] = true;
                stack.push(next);
            }
        }
    }
    let package = |m: ModuleIdx| program.crates[program.modules[m].krate].package.as_str();
    let used: BTreeSet<&str> = (0..n).filter(|&m| reached[m]).map(package).collect();
    for (m, slot) in out.iter_mut().enumerate() {
        let p = package(m);
        *slot = !reached[m]
            && !bin_packages.contains(p)
            && used.contains(p)
            && program.crates[program.modules[m].krate].kind == "lib";
    }
    out
}

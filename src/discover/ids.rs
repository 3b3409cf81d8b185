//! Crate ids unique across the run. Within one workspace cargo keeps crate names apart, but
//! several workspaces side by side often each have a `common` or a `server`: every crate whose
//! id another package's crate also has gets its package directory appended, `common@server/common`,
//! so module ids stay unique and still start with the name the code uses.

use super::Package;
use std::collections::BTreeMap;
use std::path::Path;

/// Appends `@DIR` (the package directory relative to `root`) to every crate id that crates of
/// more than one package share.
pub fn disambiguate(root: &Path, packages: &mut [Package]) {
    let mut owners: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in packages.iter().enumerate() {
        for t in &p.targets {
            owners.entry(t.crate_id.clone()).or_default().push(i);
        }
    }
    for (i, p) in packages.iter_mut().enumerate() {
        let mut dir = crate::model::path::relative_path(root, &p.dir);
        if dir.is_empty() {
            dir = p.name.clone();
        }
        for t in &mut p.targets {
            let shared = owners
                .get(&t.crate_id)
                .is_some_and(|o| o.iter().any(|&j| j != i));
            if shared {
                t.crate_id = format!("{}@{dir}", t.crate_id);
            }
        }
    }
}

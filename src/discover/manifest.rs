//! Reading `Cargo.toml` files: workspace members, package targets, editions and path
//! dependencies, the way cargo's own auto-discovery rules describe them.

use super::DiscoverOptions;
use crate::model::path::normalize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Table;

/// A package (one `Cargo.toml` with `[package]`).
#[derive(Clone, Debug)]
pub struct Package {
    /// `package.name`.
    pub name: String,
    /// Directory of the manifest.
    pub dir: PathBuf,
    /// Edition (`2015` when not given).
    pub edition: String,
    /// Targets, lib first, then bins and the rest by name.
    pub targets: Vec<Target>,
    /// Dependencies by the name the code uses (`-` turned into `_`) → package name.
    pub deps: BTreeMap<String, String>,
    /// Path dependencies by the name the code uses → their normalised directory.
    pub dep_paths: BTreeMap<String, PathBuf>,
    /// Which root (workspace or lone package) of the run the package belongs to.
    pub group: usize,
    /// Dependencies that are analysed packages: name the code uses → index in
    /// [`super::Workspace::packages`].
    pub links: BTreeMap<String, usize>,
    /// cfg names the manifest (or its workspace) declares as expected in
    /// `[lints.rust.unexpected_cfgs]` and its build script does not mention: set by RUSTFLAGS
    /// (`tokio_unstable`), so off in a plain build.
    pub rustflags_cfgs: Vec<String>,
    /// The `[features]` table: feature → what it enables.
    pub features: BTreeMap<String, Vec<String>>,
}

/// A crate to analyse.
#[derive(Clone, Debug)]
pub struct Target {
    /// Crate id as SPEC gives it (`name`, or `name[bin]` for a bin named like the lib).
    pub crate_id: String,
    /// Crate name as code spells it (`-` turned into `_`).
    pub crate_name: String,
    /// What kind of target.
    pub kind: TargetKind,
    /// Root source file (absolute).
    pub root_file: PathBuf,
}

/// Kind of target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TargetKind {
    /// A library (incl. proc-macro).
    Lib,
    /// A binary.
    Bin,
    /// An integration test.
    Test,
    /// A benchmark.
    Bench,
    /// An example.
    Example,
}

impl TargetKind {
    /// Lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Lib => "lib",
            TargetKind::Bin => "bin",
            TargetKind::Test => "test",
            TargetKind::Bench => "bench",
            TargetKind::Example => "example",
        }
    }
}

/// What members inherit from the workspace root.
#[derive(Clone, Debug, Default)]
pub struct WorkspaceCtx {
    edition: Option<String>,
    deps: BTreeMap<String, String>,
    /// `[workspace.dependencies]` entries with a `path`, as normalised directories.
    dep_paths: BTreeMap<String, PathBuf>,
    /// cfg names `[workspace.lints.rust.unexpected_cfgs]` declares.
    check_cfgs: Vec<String>,
}

impl WorkspaceCtx {
    /// Reads `[workspace.package]` and `[workspace.dependencies]` of the root manifest in
    /// directory `root`.
    pub fn from_root(root: &Path, doc: &Table) -> Self {
        let ws = doc.get("workspace").and_then(|w| w.as_table());
        let edition = ws
            .and_then(|w| w.get("package"))
            .and_then(|p| p.get("edition"))
            .and_then(|e| e.as_str())
            .map(str::to_string);
        let mut deps = BTreeMap::new();
        let mut dep_paths = BTreeMap::new();
        if let Some(table) = ws
            .and_then(|w| w.get("dependencies"))
            .and_then(|d| d.as_table())
        {
            for (key, value) in table {
                deps.insert(key.clone(), dep_package_name(key, value));
                if let Some(path) = value.get("path").and_then(|p| p.as_str()) {
                    dep_paths.insert(key.clone(), normalize(&root.join(path)));
                }
            }
        }
        WorkspaceCtx {
            edition,
            deps,
            dep_paths,
            check_cfgs: ws
                .and_then(|w| w.get("lints"))
                .map(check_cfgs)
                .unwrap_or_default(),
        }
    }
}

/// The cfg names a `[lints]` table declares in `rust.unexpected_cfgs.check-cfg`
/// (`'cfg(tokio_unstable)'`, `'cfg(foo, values("a"))'`).
fn check_cfgs(lints: &toml::Value) -> Vec<String> {
    lints
        .get("rust")
        .and_then(|r| r.get("unexpected_cfgs"))
        .and_then(|u| u.get("check-cfg"))
        .and_then(|c| c.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str())
                .filter_map(|v| {
                    let inner = v.trim().strip_prefix("cfg(")?;
                    let name: String = inner
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    (!name.is_empty()).then_some(name)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The cfg names a package expects but nothing it runs sets: declared in
/// `[lints.rust.unexpected_cfgs]` (its own or, with `lints.workspace`, the workspace's) or by
/// a literal `cargo:rustc-check-cfg=cfg(NAME…)` of its build script, and mentioned nowhere else
/// in that script (a script that sets a cfg names it in `cargo:rustc-cfg=…`). Such cfgs come
/// from RUSTFLAGS (`tokio_unstable`, `kani`) and are off in a plain build.
fn rustflags_cfgs(dir: &Path, doc: &Table, ws: &WorkspaceCtx) -> Vec<String> {
    let lints = doc.get("lints");
    let mut names = if lints
        .and_then(|l| l.get("workspace"))
        .and_then(|w| w.as_bool())
        == Some(true)
    {
        ws.check_cfgs.clone()
    } else {
        lints.map(check_cfgs).unwrap_or_default()
    };
    let build = match doc.get("package").and_then(|p| p.get("build")) {
        Some(toml::Value::String(p)) => Some(dir.join(p)),
        Some(toml::Value::Boolean(false)) => None,
        _ => Some(dir.join("build.rs")),
    };
    let mut script = build
        .and_then(|b| std::fs::read_to_string(b).ok())
        .unwrap_or_default();
    const DECLARE: &str = "rustc-check-cfg=cfg(";
    let mut declared_here = Vec::new();
    for (at, _) in script.match_indices(DECLARE) {
        let name: String = script[at + DECLARE.len()..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            declared_here.push(name);
        }
    }
    for name in &declared_here {
        script = script.replace(&format!("{DECLARE}{name}"), "");
    }
    names.extend(declared_here);
    names.retain(|n| !script.contains(n.as_str()));
    names.sort();
    names.dedup();
    names
}

/// The directory a dependency entry points at with `path` (its own, or through
/// `workspace = true` the workspace's), normalised.
pub fn dep_path(dir: &Path, key: &str, value: &toml::Value, ws: &WorkspaceCtx) -> Option<PathBuf> {
    if let Some(path) = value.get("path").and_then(|p| p.as_str()) {
        return Some(normalize(&dir.join(path)));
    }
    if value.get("workspace").and_then(|w| w.as_bool()) == Some(true) {
        return ws.dep_paths.get(key).cloned();
    }
    None
}

/// Reads and parses a TOML file.
pub fn read_toml(path: &Path) -> Result<Table, TomlProblem> {
    let text = std::fs::read_to_string(path).map_err(|e| TomlProblem {
        message: e.to_string(),
        line: 0,
        column: 0,
    })?;
    text.parse::<Table>().map_err(|e| {
        // Where the parser stopped, 1-based, from the byte offset it gives.
        let (line, column) = e.span().map_or((0, 0), |span| {
            let before = &text.as_bytes()[..span.start.min(text.len())];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            (line as u32, column as u32)
        });
        TomlProblem {
            message: e.message().trim().to_string(),
            line,
            column,
        }
    })
}

/// The crate name of a package or target name: `-` becomes `_`, and control characters (which
/// cargo forbids, but a file name under `src/bin/` may hold) become visible `\u{…}` escapes, so
/// that no crate or module id can carry them into an output.
fn crate_name_of(name: &str) -> String {
    crate::model::escape_controls(&name.replace('-', "_")).into_owned()
}

/// A manifest that cannot be read or is not TOML: why, and where (0 when unknown).
#[derive(Clone, Debug)]
pub struct TomlProblem {
    /// One line, without the position.
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl std::fmt::Display for TomlProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "line {}, column {}: ", self.line, self.column)?;
        }
        f.write_str(&self.message)
    }
}

fn dep_package_name(key: &str, value: &toml::Value) -> String {
    value
        .get("package")
        .and_then(|p| p.as_str())
        .unwrap_or(key)
        .to_string()
}

/// Why a package cannot be read, and the key of the manifest that says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageProblem {
    /// One line, without the position.
    pub message: String,
    /// Table (`package`) and key (`name`, or empty for the table's header) at fault.
    pub at: (&'static str, &'static str),
}

impl PackageProblem {
    fn new(message: impl Into<String>, table: &'static str, key: &'static str) -> Self {
        PackageProblem {
            message: message.into(),
            at: (table, key),
        }
    }

    /// The 1-based line of `dir/Cargo.toml` the problem is on (0 when unknown).
    pub fn line(&self, dir: &Path) -> u32 {
        super::keys::line_in(dir, self.at.0, self.at.1)
    }
}

/// Reads one package: name, edition, targets and dependencies.
pub fn read_package(
    root: &Path,
    dir: &Path,
    doc: &Table,
    ws: &WorkspaceCtx,
    opts: &DiscoverOptions,
) -> Result<Package, PackageProblem> {
    let pkg = doc
        .get("package")
        .and_then(|p| p.as_table())
        .ok_or_else(|| PackageProblem::new("no [package] table", "package", ""))?;
    let name = match pkg.get("name") {
        Some(toml::Value::String(name)) => name.clone(),
        Some(other) => {
            return Err(PackageProblem::new(
                format!(
                    "[package] `name` must be a string (found {} `{other}`)",
                    other.type_str()
                ),
                "package",
                "name",
            ));
        }
        None => {
            return Err(PackageProblem::new(
                "[package] has no `name`",
                "package",
                "",
            ));
        }
    };
    let edition = match pkg.get("edition") {
        Some(toml::Value::String(s)) => s.clone(),
        Some(v) if v.get("workspace").and_then(|w| w.as_bool()) == Some(true) => {
            ws.edition.clone().unwrap_or_else(|| "2015".to_string())
        }
        _ => "2015".to_string(),
    };
    let mut deps = BTreeMap::new();
    let mut dep_paths = BTreeMap::new();
    let mut add_deps = |table: Option<&toml::Value>| {
        if let Some(t) = table.and_then(|t| t.as_table()) {
            for (key, value) in t {
                let package = if value.get("workspace").and_then(|w| w.as_bool()) == Some(true) {
                    ws.deps.get(key).cloned().unwrap_or_else(|| key.clone())
                } else {
                    dep_package_name(key, value)
                };
                let code_name = key.replace('-', "_");
                if let Some(path) = dep_path(dir, key, value, ws) {
                    dep_paths.insert(code_name.clone(), path);
                }
                deps.insert(code_name, package);
            }
        }
    };
    add_deps(doc.get("dependencies"));
    if opts.include_tests {
        add_deps(doc.get("dev-dependencies"));
    }
    if let Some(targets) = doc.get("target").and_then(|t| t.as_table()) {
        for spec in targets.values() {
            add_deps(spec.get("dependencies"));
            if opts.include_tests {
                add_deps(spec.get("dev-dependencies"));
            }
        }
    }
    let targets = read_targets(root, dir, doc, &name, opts);
    Ok(Package {
        name,
        dir: dir.to_path_buf(),
        edition,
        targets,
        deps,
        dep_paths,
        group: 0,
        links: BTreeMap::new(),
        rustflags_cfgs: rustflags_cfgs(dir, doc, ws),
        features: doc
            .get("features")
            .and_then(|f| f.as_table())
            .map(|t| {
                t.iter()
                    .map(|(k, v)| {
                        let items = v
                            .as_array()
                            .map(|a| {
                                a.iter()
                                    .filter_map(|x| x.as_str().map(str::to_string))
                                    .collect()
                            })
                            .unwrap_or_default();
                        (k.clone(), items)
                    })
                    .collect()
            })
            .unwrap_or_default(),
    })
}

fn read_targets(
    root: &Path,
    dir: &Path,
    doc: &Table,
    package: &str,
    opts: &DiscoverOptions,
) -> Vec<Target> {
    let pkg = doc.get("package").and_then(|p| p.as_table());
    let auto = |key: &str| {
        pkg.and_then(|p| p.get(key))
            .and_then(|v| v.as_bool())
            .unwrap_or(true)
    };
    let under = crate_name_of(package);
    let mut targets = Vec::new();

    // The library.
    let lib = doc.get("lib").and_then(|l| l.as_table());
    let lib_path = lib
        .and_then(|l| l.get("path"))
        .and_then(|p| p.as_str())
        .map(|p| dir.join(p))
        .or_else(|| Some(dir.join("src/lib.rs")).filter(|p| p.is_file()));
    let lib_name = lib
        .and_then(|l| l.get("name"))
        .and_then(|n| n.as_str())
        .map(crate_name_of)
        .unwrap_or_else(|| under.clone());
    if let Some(path) = lib_path {
        targets.push(Target {
            crate_id: lib_name.clone(),
            crate_name: lib_name.clone(),
            kind: TargetKind::Lib,
            root_file: path,
        });
    }
    let has_lib = !targets.is_empty();

    let mut kinds = vec![(TargetKind::Bin, "bin", "src/bin", "autobins")];
    if opts.include_tests {
        kinds.push((TargetKind::Test, "test", "tests", "autotests"));
        kinds.push((TargetKind::Bench, "bench", "benches", "autobenches"));
        kinds.push((TargetKind::Example, "example", "examples", "autoexamples"));
    }
    for (kind, key, auto_dir, auto_key) in kinds {
        let mut found: BTreeMap<String, PathBuf> = BTreeMap::new();
        if auto(auto_key) {
            if kind == TargetKind::Bin && dir.join("src/main.rs").is_file() {
                found.insert(package.to_string(), dir.join("src/main.rs"));
            }
            for (name, path) in auto_targets(&dir.join(auto_dir)) {
                found.insert(name, path);
            }
        }
        if let Some(list) = doc.get(key).and_then(|b| b.as_array()) {
            for entry in list {
                let Some(name) = entry.get("name").and_then(|n| n.as_str()) else {
                    continue;
                };
                let path = entry
                    .get("path")
                    .and_then(|p| p.as_str())
                    .map(|p| dir.join(p))
                    .or_else(|| found.get(name).cloned())
                    .or_else(|| {
                        let single = dir.join(auto_dir).join(format!("{name}.rs"));
                        let multi = dir.join(auto_dir).join(name).join("main.rs");
                        if single.is_file() {
                            Some(single)
                        } else if multi.is_file() {
                            Some(multi)
                        } else if kind == TargetKind::Bin && dir.join("src/main.rs").is_file() {
                            Some(dir.join("src/main.rs"))
                        } else {
                            None
                        }
                    });
                if let Some(path) = path {
                    // An explicit target replaces the auto-discovered one at the same path.
                    found.retain(|_, p| *p != path);
                    found.insert(name.to_string(), path);
                }
            }
        }
        for (name, path) in found {
            if !path.starts_with(root) {
                continue;
            }
            let crate_name = crate_name_of(&name);
            let crate_id = if kind == TargetKind::Lib || !(has_lib && crate_name == lib_name) {
                if kind == TargetKind::Bin {
                    crate_name.clone()
                } else {
                    format!("{crate_name}[{}]", kind.as_str())
                }
            } else {
                format!("{crate_name}[{}]", kind.as_str())
            };
            targets.push(Target {
                crate_id,
                crate_name,
                kind,
                root_file: path,
            });
        }
    }
    targets
}

/// `dir/*.rs` and `dir/*/main.rs`, by name.
fn auto_targets(dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut out = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                out.push((stem.to_string(), path));
            }
        } else if path.is_dir()
            && path.join("main.rs").is_file()
            && let Some(name) = path.file_name().and_then(|s| s.to_str())
        {
            out.push((name.to_string(), path.join("main.rs")));
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests;

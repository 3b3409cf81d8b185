//! Shared helpers for the CLI tests, kept in one place so that the topic modules read as lists
//! of expectations: running the built `cargo-seams` binary (assert_cmd), locating fixtures,
//! copying a fixture or writing a small crate into a temp dir when a test must change the input,
//! and looking modules, dependency edges and diagnostics up by id in the JSON report.
//!
//! Nothing here asserts a behaviour of the tool except where a helper's name says so
//! (`analyze_ok`, `assert_edge_kinds`): a helper that fails does so with the whole context
//! (command, exit code, stderr) so a failing test explains itself.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tempfile::TempDir;

/// No run of the tool on a test input may take longer than this; a hang is a failure.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// The fixtures shipped with the repository, each with an `EXPECTED.md`.
pub const FIXTURES: &[&str] = &[
    "bad-input",
    "diesel-app",
    "feature-app",
    "hexagonal-app",
    "layered-app",
    "seaorm-app",
    "shop",
    "sqlx-app",
    "workspace",
];

/// Absolute path of `fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// A command for the built binary, with a timeout.
pub fn seams() -> Command {
    let mut cmd = Command::cargo_bin("cargo-seams").expect("the cargo-seams binary is built");
    cmd.timeout(RUN_TIMEOUT);
    cmd
}

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    /// The command line, for failure messages.
    pub args: Vec<String>,
    /// Exit code; `None` when the process was killed by a signal (a crash or the timeout).
    pub code: Option<i32>,
    /// Raw stdout bytes (compared byte for byte by the determinism tests).
    pub stdout: Vec<u8>,
    /// Stderr, lossily decoded.
    pub stderr: String,
}

impl Run {
    /// Stdout as text; panics if the tool printed invalid UTF-8.
    pub fn stdout_str(&self) -> &str {
        std::str::from_utf8(&self.stdout).expect("stdout is UTF-8")
    }

    /// Stdout parsed as JSON; panics with the context when it is not.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout of {:?} is not JSON ({e}); exit {:?}\nstderr:\n{}\nstdout:\n{}",
                self.args,
                self.code,
                self.stderr,
                String::from_utf8_lossy(&self.stdout)
            )
        })
    }

    /// Panics unless the run exited with `code`.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "exit code of {:?}\nstderr:\n{}\nstdout (first 2000 bytes):\n{}",
            self.args,
            self.stderr,
            String::from_utf8_lossy(&self.stdout[..self.stdout.len().min(2000)])
        );
        self
    }
}

/// Runs the binary with `args` (current directory: the repository root), whatever it exits with.
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Runs the binary with `args` in directory `dir`, whatever it exits with.
pub fn run_in<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let out = seams()
        .current_dir(dir)
        .args(&args)
        .output()
        .expect("the binary starts");
    Run {
        args: args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect(),
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `analyze PATH --format json EXTRA…`, asserting exit 0, parsed.
#[track_caller]
pub fn analyze_ok(path: &Path, extra: &[&str]) -> Report {
    let mut args: Vec<&OsStr> = vec!["analyze".as_ref(), path.as_os_str()];
    args.extend(["--format", "json"].iter().map(OsStr::new));
    args.extend(extra.iter().map(OsStr::new));
    let run = run(args);
    run.assert_code(0);
    Report::new(run.json())
}

/// `analyze fixtures/<name> --format json EXTRA…`, asserting exit 0, parsed.
#[track_caller]
pub fn analyze_fixture(name: &str, extra: &[&str]) -> Report {
    analyze_ok(&fixture(name), extra)
}

/// A diagnostic reduced to what the tests compare.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diag {
    pub code: String,
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

/// The JSON report of `analyze` with lookups by id.
pub struct Report {
    pub json: Value,
}

impl Report {
    pub fn new(json: Value) -> Report {
        Report { json }
    }

    fn array(&self, key: &str) -> &Vec<Value> {
        self.json[key]
            .as_array()
            .unwrap_or_else(|| panic!("report key `{key}` is not an array: {}", self.json[key]))
    }

    /// The `crates` array.
    pub fn crates(&self) -> &Vec<Value> {
        self.array("crates")
    }

    /// The `modules` array.
    pub fn modules(&self) -> &Vec<Value> {
        self.array("modules")
    }

    /// Module ids in report order.
    pub fn module_ids(&self) -> Vec<&str> {
        self.modules().iter().map(|m| str_of(m, "id")).collect()
    }

    /// The module with `id`, if any.
    pub fn find_module(&self, id: &str) -> Option<&Value> {
        self.modules().iter().find(|m| m["id"] == id)
    }

    /// The module with `id`; panics with the list of modules when it is missing.
    #[track_caller]
    pub fn module(&self, id: &str) -> &Value {
        self.find_module(id)
            .unwrap_or_else(|| panic!("no module `{id}`; modules: {:?}", self.module_ids()))
    }

    /// The `dependencies` array.
    pub fn dependencies(&self) -> &Vec<Value> {
        self.array("dependencies")
    }

    /// Every dependency as `(from, to)`.
    pub fn edge_pairs(&self) -> BTreeSet<(String, String)> {
        self.dependencies()
            .iter()
            .map(|e| (str_of(e, "from").to_owned(), str_of(e, "to").to_owned()))
            .collect()
    }

    /// The dependency `from -> to`, if any.
    pub fn edge(&self, from: &str, to: &str) -> Option<&Value> {
        self.dependencies()
            .iter()
            .find(|e| e["from"] == from && e["to"] == to)
    }

    /// The `kinds` map of `from -> to` (empty when there is no such edge).
    pub fn edge_kinds(&self, from: &str, to: &str) -> BTreeMap<String, u64> {
        self.edge(from, to)
            .and_then(|e| e["kinds"].as_object())
            .map(|k| {
                k.iter()
                    .map(|(kind, n)| (kind.clone(), n.as_u64().expect("kind counts are integers")))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The `diagnostics` array, reduced.
    pub fn diagnostics(&self) -> Vec<Diag> {
        self.array("diagnostics")
            .iter()
            .map(|d| Diag {
                code: str_of(d, "code").to_owned(),
                file: str_of(d, "file").to_owned(),
                line: d["line"].as_u64().expect("diagnostic line is an integer"),
                column: d["column"].as_u64().unwrap_or(0),
                message: str_of(d, "message").to_owned(),
            })
            .collect()
    }

    /// `(code, file, line)` of every diagnostic, sorted.
    pub fn diagnostic_keys(&self) -> Vec<(String, String, u64)> {
        let mut keys: Vec<_> = self
            .diagnostics()
            .into_iter()
            .map(|d| (d.code, d.file, d.line))
            .collect();
        keys.sort();
        keys
    }
}

/// `value[key]` as a string; panics when it is not one.
#[track_caller]
pub fn str_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {value}"))
}

/// Asserts that `from -> to` exists and that its `kinds` include each of `kinds`.
#[track_caller]
pub fn assert_edge_kinds(report: &Report, from: &str, to: &str, kinds: &[&str]) {
    let have = report.edge_kinds(from, to);
    assert!(
        report.edge(from, to).is_some(),
        "missing dependency {from} -> {to}; edges from {from}: {:?}",
        report
            .edge_pairs()
            .into_iter()
            .filter(|(f, _)| f == from)
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
    );
    for kind in kinds {
        assert!(
            have.get(*kind).is_some_and(|n| *n > 0),
            "dependency {from} -> {to} lacks kind `{kind}`; kinds: {have:?}"
        );
    }
}

/// A copy of `fixtures/<name>` in a fresh temp dir, as `TEMP/<name>`, for tests that change it.
pub fn copy_fixture(name: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new().expect("temp dir");
    let dest = tmp.path().join(name);
    crate::copy::copy_dir(&fixture(name), &dest);
    (tmp, dest)
}

/// A one-package crate written at run time: `TEMP/<name>/Cargo.toml` and `src/lib.rs`.
pub struct Scratch {
    _tmp: TempDir,
    root: PathBuf,
}

impl Scratch {
    /// A package `name` (edition 2021) whose `src/lib.rs` is `lib_rs`.
    pub fn new(name: &str, lib_rs: &str) -> Scratch {
        let tmp = TempDir::new().expect("temp dir");
        let root = tmp.path().join(name);
        let scratch = Scratch { _tmp: tmp, root };
        scratch.write(
            "Cargo.toml",
            format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n"),
        );
        scratch.write("src/lib.rs", lib_rs);
        scratch
    }

    /// The package root.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// Writes `contents` to `rel` below the package root, creating directories.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create dir");
        std::fs::write(path, contents).expect("write file");
    }
}

/// The composition roots of an `analyze --format json` report, in report order; every entry
/// must be a module id.
#[track_caller]
pub fn composition_roots(report: &Value) -> Vec<&str> {
    report["composition_roots"]
        .as_array()
        .expect("composition_roots")
        .iter()
        .map(|r| r.as_str().expect("a root id"))
        .collect()
}

/// `service name -> owned data ids` of an `analyze --format json` report.
pub fn owned_data(report: &Value) -> BTreeMap<String, Vec<String>> {
    report["services"]
        .as_array()
        .expect("services")
        .iter()
        .map(|s| {
            (
                str_of(s, "name").to_string(),
                s["owned_data"]
                    .as_array()
                    .expect("owned")
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
            )
        })
        .collect()
}

/// `service name -> (role, modules)` of an `analyze --format json` report, the modules
/// collected into `C` (a `Vec` keeps the report's order, a `BTreeSet` compares as a set).
pub fn service_groups<C: FromIterator<String>>(report: &Value) -> BTreeMap<String, (String, C)> {
    report["services"]
        .as_array()
        .expect("services")
        .iter()
        .map(|s| {
            let modules = s["modules"]
                .as_array()
                .expect("modules")
                .iter()
                .map(|m| m.as_str().unwrap_or("").to_string())
                .collect();
            (
                str_of(s, "name").to_string(),
                (str_of(s, "role").to_string(), modules),
            )
        })
        .collect()
}

//! Finding what to analyse the way cargo does (issue #10), on layouts written at run time:
//! several workspaces side by side, a folder of published crates (with the directories cargo
//! and tools leave around), a backend whose crates are path dependencies, a typo'd `members`
//! key, a path inside a package, `--manifest-path` and `-p`.

use crate::util::{Diag, Report, analyze_ok, run, run_in};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A directory tree written at run time.
struct Tree {
    _tmp: TempDir,
    root: PathBuf,
}

impl Tree {
    fn new() -> Tree {
        let tmp = TempDir::new().expect("temp dir");
        let root = tmp.path().join("repo");
        std::fs::create_dir_all(&root).expect("create repo");
        Tree { _tmp: tmp, root }
    }

    fn write(&self, rel: &str, contents: &str) -> &Tree {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create dir");
        std::fs::write(path, contents).expect("write file");
        self
    }

    /// A package `name` at `dir` with `src/lib.rs` = `lib`, and `deps` as its
    /// `[dependencies]` lines.
    fn package(&self, dir: &str, name: &str, deps: &str, lib: &str) -> &Tree {
        self.write(
            &format!("{dir}/Cargo.toml"),
            &format!(
                "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n{deps}"
            ),
        );
        self.write(&format!("{dir}/src/lib.rs"), lib)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }
}

fn crate_ids(report: &Report) -> Vec<String> {
    report
        .crates()
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The first line of the text report.
fn header(path: &Path, extra: &[&str]) -> String {
    let mut args: Vec<&OsStr> = vec!["analyze".as_ref(), path.as_os_str(), "-q".as_ref()];
    args.extend(extra.iter().map(OsStr::new));
    let r = run(args);
    r.assert_code(0);
    r.stdout_str()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Two workspaces side by side, each with a `common` crate and one using it.
fn two_workspaces() -> Tree {
    let t = Tree::new();
    t.write(
        "server/Cargo.toml",
        "[workspace]\nmembers = [\"api\", \"common\"]\n",
    )
    .package(
        "server/api",
        "api",
        "common = { path = \"../common\" }\n",
        "pub fn serve() { common::server_only(); }\n",
    )
    .package("server/common", "common", "", "pub fn server_only() {}\n")
    .write(
        "cli/Cargo.toml",
        "[workspace]\nmembers = [\"tool\", \"common\"]\n",
    )
    .package(
        "cli/tool",
        "tool",
        "common = { path = \"../common\" }\n",
        "pub fn run() { common::cli_only(); }\n",
    )
    .package("cli/common", "common", "", "pub fn cli_only() {}\n");
    t
}

#[test]
fn workspaces_side_by_side_are_one_system_with_distinct_crate_ids() {
    let t = two_workspaces();
    let report = analyze_ok(&t.root, &[]);
    assert_eq!(
        crate_ids(&report),
        ["api", "common@cli/common", "common@server/common", "tool"]
    );
    // Each `common` resolves to its own workspace's crate.
    assert!(report.edge("api", "common@server/common").is_some());
    assert!(report.edge("tool", "common@cli/common").is_some());
    assert!(report.edge("api", "common@cli/common").is_none());
    assert!(report.edge("tool", "common@server/common").is_none());
    assert!(
        header(&t.root, &[]).starts_with("cargo-seams 2 workspaces, 4 packages: "),
        "{}",
        header(&t.root, &[])
    );
}

#[test]
fn a_folder_of_crates_skips_build_output_hidden_vendored_and_node_directories() {
    let t = Tree::new();
    t.package("a", "alpha", "", "pub struct A;\n")
        .package(
            "b",
            "beta",
            "alpha = \"1\"\n",
            "pub fn f() -> alpha::A { alpha::A }\n",
        )
        .package("target/debug/junk", "junk1", "", "")
        .package(".git/x", "junk2", "", "")
        .package(".hidden/x", "junk3", "", "")
        .package("node_modules/x", "junk4", "", "")
        .package("vendor/v", "junk5", "", "")
        .write("vendor/v/.cargo-checksum.json", "{}")
        .package("cache/c", "junk6", "", "")
        .write(
            "cache/CACHEDIR.TAG",
            "Signature: 8a477f597d28d172789f06886806bc55\n",
        );
    let report = analyze_ok(&t.root, &[]);
    assert_eq!(crate_ids(&report), ["alpha", "beta"]);
    // A registry dependency on a sibling crate of the folder is that crate.
    assert!(report.edge("beta", "alpha").is_some());
    assert!(header(&t.root, &[]).starts_with("cargo-seams 2 packages: "));
}

#[test]
fn path_dependencies_inside_the_workspace_root_are_members_and_exclude_is_honoured() {
    let t = Tree::new();
    t.write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"apps/backend\"]\nexclude = [\"crates/legacy\"]\n\n[workspace.dependencies]\nmodel = { path = \"crates/model\" }\n",
    )
    .package(
        "apps/backend",
        "backend",
        "db = { path = \"../../crates/db\" }\nlegacy = { path = \"../../crates/legacy\" }\n",
        "pub fn main() { db::save(); }\n",
    )
    .package(
        "crates/db",
        "db",
        "model = { workspace = true }\n",
        "pub fn save() { let _ = model::User; }\n",
    )
    .package("crates/model", "model", "", "pub struct User;\n")
    .package("crates/legacy", "legacy", "", "pub fn old() {}\n")
    .package("crates/unused", "unused", "", "pub fn nobody() {}\n");
    let report = analyze_ok(&t.root, &[]);
    assert_eq!(crate_ids(&report), ["backend", "db", "model"]);
    assert!(report.edge("backend", "db").is_some());
    assert!(report.edge("db", "model").is_some());
}

#[test]
fn a_typoed_members_key_is_a_diagnostic_with_file_and_line() {
    let t = Tree::new();
    t.write(
        "Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\nmemebers = [\"crates/*\"]\n",
    )
    .write("src/lib.rs", "pub fn f() {}\n")
    .package("crates/x", "x", "", "pub fn g() {}\n");
    let report = analyze_ok(&t.root, &[]);
    let d = report
        .diagnostics()
        .into_iter()
        .find(|d| d.code == "manifest")
        .expect("a manifest diagnostic");
    assert_eq!((d.file.as_str(), d.line), ("Cargo.toml", 7), "{d:?}");
    assert!(d.message.contains("memebers"), "{d:?}");
    assert!(d.message.contains("`members`"), "{d:?}");

    // A virtual workspace whose only members key is misspelt has nothing to analyse: exit 2,
    // and the message says why.
    let v = Tree::new();
    v.write("Cargo.toml", "[workspace]\nmemebers = [\"x\"]\n")
        .package("x", "x", "", "pub fn g() {}\n");
    let r = run(["analyze".as_ref(), v.root.as_os_str()]);
    r.assert_code(2);
    assert!(r.stderr.contains("memebers"), "{}", r.stderr);
}

#[test]
fn a_directory_inside_a_package_analyses_the_enclosing_workspace() {
    let t = Tree::new();
    t.write("Cargo.toml", "[workspace]\nmembers = [\"app\", \"lib\"]\n")
        .package(
            "app",
            "app",
            "lib = { path = \"../lib\" }\n",
            "pub mod api;\n",
        )
        .write("app/src/api/mod.rs", "pub fn get() { lib::f(); }\n")
        .package("lib", "lib", "", "pub fn f() {}\n");
    let from_root = analyze_ok(&t.root, &[]);
    let from_api = analyze_ok(&t.path("app/src/api"), &[]);
    // One note more says which root was taken, relative to the directory given (three levels
    // up: the workspace); the rest is the same analysis.
    let notes: Vec<Diag> = from_api
        .diagnostics()
        .into_iter()
        .filter(|d| d.message.contains("holds no Cargo.toml"))
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", from_api.diagnostics());
    assert_eq!(
        (notes[0].code.as_str(), notes[0].file.as_str()),
        ("manifest", "Cargo.toml")
    );
    assert!(
        notes[0]
            .message
            .contains("the workspace around it (`../../..` from there)"),
        "{}",
        notes[0].message
    );
    assert!(from_root.diagnostics().is_empty());
    assert_eq!(
        without_root_note(&from_root.json),
        without_root_note(&from_api.json)
    );
    assert_eq!(crate_ids(&from_api), ["app", "lib"]);
    // As cargo, from the current directory with no PATH.
    let r = run_in(&t.path("app/src/api"), ["analyze", "--format", "json"]);
    r.assert_code(0);
    assert_eq!(
        without_root_note(&Report::new(r.json()).json),
        without_root_note(&from_root.json)
    );
}

/// A report without the note that says which enclosing root was analysed.
fn without_root_note(json: &serde_json::Value) -> serde_json::Value {
    let mut json = json.clone();
    if let Some(list) = json["diagnostics"].as_array_mut() {
        list.retain(|d| {
            !d["message"]
                .as_str()
                .is_some_and(|m| m.contains("holds no Cargo.toml"))
        });
    }
    json
}

#[test]
fn manifest_path_and_package_choose_what_is_analysed() {
    let t = two_workspaces();
    let manifest = t.path("cli/Cargo.toml");
    let elsewhere = TempDir::new().expect("temp dir");
    let r = run_in(
        elsewhere.path(),
        [
            "analyze".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            "--manifest-path".as_ref(),
            manifest.as_os_str(),
        ],
    );
    r.assert_code(0);
    assert_eq!(crate_ids(&Report::new(r.json())), ["common", "tool"]);

    let only = analyze_ok(&t.root, &["-p", "api", "--package", "tool"]);
    assert_eq!(crate_ids(&only), ["api", "tool"]);

    let r = run([
        "analyze".as_ref(),
        t.root.as_os_str(),
        "-p".as_ref(),
        "nope".as_ref(),
    ]);
    r.assert_code(2);
    assert!(
        r.stderr.contains("nope") && r.stderr.contains("tool"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_broken_manifest_in_a_folder_is_a_diagnostic_and_the_rest_is_analysed() {
    let t = Tree::new();
    t.package("good", "good", "", "pub fn f() {}\n")
        .write("broken/Cargo.toml", "[package\nname = \"broken\"\n")
        .write("broken/src/lib.rs", "pub fn g() {}\n");
    let report = analyze_ok(&t.root, &[]);
    assert_eq!(crate_ids(&report), ["good"]);
    let d = report
        .diagnostics()
        .into_iter()
        .find(|d| d.code == "manifest")
        .expect("a manifest diagnostic");
    assert_eq!(d.file, "broken/Cargo.toml");
}

#[test]
fn several_workspaces_give_the_same_bytes_whatever_the_thread_count() {
    let t = two_workspaces();
    let one = analyze_ok(&t.root, &["-j1"]);
    let two = analyze_ok(&t.root, &["-j2"]);
    assert_eq!(one.json, two.json);
}

#[test]
fn check_from_a_subdirectory_reads_the_config_at_the_workspace_root() {
    let t = Tree::new();
    t.write("Cargo.toml", "[workspace]\nmembers = [\"app\"]\n")
        .package("app", "app", "", "pub mod api;\n")
        .write("app/src/api.rs", "pub fn get() {}\n")
        .write("seams.toml", "[thresholds]\nmin_modularity = \"high\"\n");
    // The root's config is invalid: `check` exits 2 only if it read it.
    let r = run_in(&t.path("app/src"), ["check", "-q"]);
    r.assert_code(2);
    assert!(r.stderr.contains("min_modularity"), "{}", r.stderr);
}

/// Crate ids with `@DIR` are valid in `seams.toml`: what `init` declares, `check` accepts.
#[test]
fn init_then_check_pass_on_workspaces_side_by_side() {
    let t = two_workspaces();
    t.write(
        "seams.toml",
        "[[service]]\nname = \"cli\"\nmodules = [\"tool\", \"common@cli/common::**\"]\n\n[[service]]\nname = \"server\"\nmodules = [\"api\", \"common@server/common::**\"]\n",
    );
    let r = run(["check".as_ref(), t.root.as_os_str(), "-q".as_ref()]);
    r.assert_code(0);
    std::fs::remove_file(t.path("seams.toml")).expect("remove config");
    run(["init".as_ref(), t.root.as_os_str(), "-q".as_ref()]).assert_code(0);
    run(["check".as_ref(), t.root.as_os_str(), "-q".as_ref()]).assert_code(0);
}

/// An item-level `include!` of Rust source (procs's `columns/os_linux.rs`, a list of `mod` and
/// `pub use` lines) is read as a module of the includer: its modules exist, and a path through
/// the includer (`crate::columns::Arch`) reaches the module that defines the item.
#[test]
fn modules_an_included_file_declares_are_analysed_and_reached_through_the_includer() {
    let t = Tree::new();
    t.package("procs", "procs", "", "pub mod columns;\npub mod view;\n")
        .write(
            "procs/src/columns.rs",
            "include!(\"./columns/os_linux.rs\");\n",
        )
        .write(
            "procs/src/columns/os_linux.rs",
            "pub mod arch;\npub use self::arch::Arch;\n",
        )
        .write("procs/src/columns/arch.rs", "pub struct Arch;\n")
        .write(
            "procs/src/view.rs",
            "use crate::columns::Arch;\npub fn show(_a: &Arch) {}\n",
        );
    let report = analyze_ok(&t.root, &[]);
    let ids = report.module_ids();
    assert!(ids.contains(&"procs::columns::os_linux::arch"), "{ids:?}");
    assert!(
        report
            .edge("procs::view", "procs::columns::os_linux::arch")
            .is_some(),
        "{:?}",
        report.edge_pairs()
    );
    assert!(
        report.diagnostics().is_empty(),
        "{:?}",
        report.diagnostics()
    );
}

//! The test project: a copy of a fixture in a temp dir, the built binary run in it, and small
//! helpers to edit its code and config and find lines in it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use assert_cmd::assert::Assert;

/// A copy of `fixtures/NAME` that lives as long as the value.
pub struct Project {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Project {
    /// Copies `fixtures/<fixture>` into a new temp dir.
    pub fn new(fixture: &str) -> Project {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(fixture);
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join(fixture);
        crate::copy::copy_dir(&source, &root);
        Project { _dir: dir, root }
    }

    /// A copy of the fixture with `seams.toml` written by `init`.
    pub fn initialised(fixture: &str) -> Project {
        let project = Project::new(fixture);
        project.seams(&["init"]).code(0);
        project
    }

    /// The project root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `cargo-seams ARGS` run in the project root, with colour settings from the environment
    /// removed, and its exit code and output captured.
    pub fn seams(&self, args: &[&str]) -> Assert {
        self.command(args).assert()
    }

    /// The command [`Project::seams`] runs, for callers that set more of the environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cargo-seams"));
        command
            .args(args)
            .current_dir(&self.root)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE");
        command
    }

    /// The text of a file of the project.
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.root.join(relative)).expect("readable file")
    }

    /// Replaces a file of the project.
    pub fn write(&self, relative: &str, text: &str) {
        std::fs::write(self.root.join(relative), text).expect("writable file");
    }

    /// Appends `text` to a file of the project.
    pub fn append(&self, relative: &str, text: &str) {
        let mut current = self.read(relative);
        if !current.ends_with('\n') {
            current.push('\n');
        }
        current.push_str(text);
        self.write(relative, &current);
    }

    /// The 1-based line of the first occurrence of `needle` in a file of the project.
    pub fn line_of(&self, relative: &str, needle: &str) -> usize {
        let text = self.read(relative);
        let index = text
            .lines()
            .position(|line| line.contains(needle))
            .unwrap_or_else(|| panic!("`{needle}` not in {relative}"));
        index + 1
    }

    /// Replaces the `key = …` line of `seams.toml` (the first one) with `key = value`.
    pub fn set_config_key(&self, key: &str, value: &str) {
        let text = self.read("seams.toml");
        let prefix = format!("{key} = ");
        let mut found = false;
        let lines: Vec<String> = text
            .lines()
            .map(|line| {
                if !found && line.starts_with(&prefix) {
                    found = true;
                    format!("{key} = {value}")
                } else {
                    line.to_string()
                }
            })
            .collect();
        assert!(found, "no `{key}` in seams.toml:\n{text}");
        self.write("seams.toml", &(lines.join("\n") + "\n"));
    }
}

/// `file:line`, as reports write a location.
pub fn at(file: &str, line: usize) -> String {
    format!("{file}:{line}")
}

/// Standard output of a finished run.
pub fn stdout(assert: &Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

/// Code that makes the `users` service of `fixtures/shop` depend on `catalog`, which it does
/// not today; the reference is on the line holding `SearchIndex::build`.
pub const USERS_USE_CATALOG: &str = "
/// A reference across a service boundary, added by a test.
pub fn seams_probe_catalog() -> usize {
    crate::catalog::search::SearchIndex::build(&[]).len()
}
";

/// Where [`USERS_USE_CATALOG`] goes.
pub const USERS_SERVICE: &str = "src/users/service.rs";

//! Manifest keys cargo does not know (a typo'd `memebers`, `dependancies`): cargo warns
//! "unused manifest key" and goes on, silently reading less than the author meant, so each is a
//! diagnostic with the manifest's path and the key's line, and the closest known key.

use crate::model::{Diagnostic, DiagnosticCode};
use std::path::Path;
use toml::Table;

/// Top-level keys of a manifest.
const TOP: &[&str] = &[
    "cargo-features",
    "package",
    "project",
    "lib",
    "bin",
    "example",
    "test",
    "bench",
    "dependencies",
    "dev-dependencies",
    "dev_dependencies",
    "build-dependencies",
    "build_dependencies",
    "target",
    "features",
    "patch",
    "replace",
    "profile",
    "workspace",
    "badges",
    "lints",
    "hints",
];

/// Keys of `[package]`.
const PACKAGE: &[&str] = &[
    "name",
    "version",
    "authors",
    "edition",
    "rust-version",
    "description",
    "documentation",
    "readme",
    "homepage",
    "repository",
    "license",
    "license-file",
    "keywords",
    "categories",
    "workspace",
    "build",
    "links",
    "exclude",
    "include",
    "publish",
    "metadata",
    "default-run",
    "autolib",
    "autobins",
    "autoexamples",
    "autotests",
    "autobenches",
    "resolver",
    "im-a-teapot",
    "forced-target",
    "namespaced-features",
    "publish-lockfile",
    "trim-paths",
    "default-target",
];

/// Keys of `[workspace]`.
const WORKSPACE: &[&str] = &[
    "members",
    "exclude",
    "default-members",
    "resolver",
    "package",
    "dependencies",
    "metadata",
    "lints",
];

/// One warning per unknown key of the manifest's top level, `[package]` and `[workspace]`.
/// `rel` is the manifest's path as reported; `dir` its directory (to read lines from).
pub fn unknown_keys(doc: &Table, dir: &Path, rel: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut check = |table: &Table, known: &[&str], prefix: &str| {
        for key in table.keys() {
            if known.contains(&key.as_str()) {
                continue;
            }
            let hint = closest(key, known)
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            out.push(Diagnostic::warning(
                DiagnosticCode::Manifest,
                rel,
                line_of(dir, key),
                0,
                format!(
                    "unknown manifest key `{prefix}{key}` is ignored (as cargo ignores it){hint}"
                ),
            ));
        }
    };
    check(doc, TOP, "");
    if let Some(p) = doc.get("package").and_then(|p| p.as_table()) {
        check(p, PACKAGE, "package.");
    }
    if let Some(w) = doc.get("workspace").and_then(|w| w.as_table()) {
        check(w, WORKSPACE, "workspace.");
    }
    out
}

/// The 1-based line of the first line of `dir/Cargo.toml` that defines `key` (as `key =`,
/// `key.x =`, `"key" =`, a `[key]` header or a dotted `a.key =`); 0 when none does.
pub fn line_of(dir: &Path, key: &str) -> u32 {
    let Ok(text) = std::fs::read_to_string(dir.join("Cargo.toml")) else {
        return 0;
    };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start().trim_start_matches('[').trim_start();
        let head = line.split(['=', ']']).next().unwrap_or("");
        if head
            .split('.')
            .any(|part| part.trim().trim_matches(['"', '\'']) == key)
        {
            return u32::try_from(i + 1).unwrap_or(0);
        }
    }
    0
}

/// The 1-based line of `dir/Cargo.toml` that sets `key` in table `[table]` (its header line
/// when `key` is empty, or when the table does not set it); 0 when the table is not there.
pub fn line_in(dir: &Path, table: &str, key: &str) -> u32 {
    let Ok(text) = std::fs::read_to_string(dir.join("Cargo.toml")) else {
        return 0;
    };
    let mut current = String::new();
    let mut header = 0;
    for (i, line) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(0);
        let t = line.trim();
        if let Some(rest) = t.strip_prefix('[') {
            current = rest
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            if current == table {
                header = n;
                if key.is_empty() {
                    return n;
                }
            }
            continue;
        }
        if current == table && !key.is_empty() {
            let head = t.split('=').next().unwrap_or("").trim();
            if head.trim_matches(['"', '\'']) == key {
                return n;
            }
        }
    }
    header
}

/// The known key within edit distance 2 of `key`, if one is.
fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::levenshtein(key, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_is_named_with_its_line_and_the_key_it_resembles() {
        let dir = tempfile::TempDir::new().unwrap();
        let text = "[workspace]\nresolver = \"2\"\nmemebers = [\"a\"]\n";
        std::fs::write(dir.path().join("Cargo.toml"), text).unwrap();
        let doc: Table = text.parse().unwrap();
        let diags = unknown_keys(&doc, dir.path(), "Cargo.toml");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 3);
        assert!(diags[0].message.contains("`workspace.memebers`"));
        assert!(diags[0].message.contains("did you mean `members`"));
    }

    #[test]
    fn known_keys_are_quiet() {
        let doc: Table = "[package]\nname = \"a\"\nedition = \"2021\"\n[dependencies]\n"
            .parse()
            .unwrap();
        assert!(unknown_keys(&doc, Path::new("/nonexistent"), "Cargo.toml").is_empty());
    }
}

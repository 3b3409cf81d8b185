//! Foreign keys in migration SQL files: a package's `migrations/` folders (sqlx
//! `migrate!`, diesel `up.sql`) hold the schema, whose `REFERENCES` say which tables belong
//! together. Only the links are taken, by a keyword scan (`sql::foreign_key_links`: parsing
//! lemmy's 354 migration files cost its parse stage a third more); a migration file is no
//! module, its statements are nobody's reads or writes.
//!
//! Files are read only below the package directory (no symlink followed, hidden folders and
//! `target/` skipped), at most [`MAX_FILES`] per package and [`MAX_BYTES`] each.

use super::ModuleTree;
use super::sql::foreign_key_links;
use crate::model::{DataFact, LinkEnd};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Most SQL files read per package.
const MAX_FILES: usize = 500;
/// Largest SQL file read.
const MAX_BYTES: u64 = 1 << 20;
/// How deep below the package a `migrations` folder is looked for (`src/db/postgres/migrations`).
const MAX_DEPTH: usize = 6;

/// Adds a `TableLink` fact for every foreign key of the migration files to the first crate
/// root of each package that has them.
pub(super) fn add_links(tree: &mut ModuleTree) {
    let mut first_root: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for (m, module) in tree.modules.iter().enumerate() {
        if module.parent.is_none()
            && let Some(dir) = tree.crate_dirs.get(module.krate)
        {
            first_root.entry(dir.clone()).or_insert(m);
        }
    }
    for (dir, m) in first_root {
        let links = package_links(&dir);
        if let Some(module) = tree.modules.get_mut(m) {
            module.facts.data.extend(links);
        }
    }
}

/// The links of the SQL files under every `migrations` folder of the package at `dir`.
fn package_links(dir: &Path) -> Vec<DataFact> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .max_depth(MAX_DEPTH + 3)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with('.') || name == "target")
        })
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && e.path().extension().is_some_and(|x| x == "sql")
                && e.path()
                    .strip_prefix(dir)
                    .is_ok_and(|rel| rel.components().any(|c| c.as_os_str() == "migrations"))
        })
        .filter(|e| e.metadata().is_ok_and(|m| m.len() <= MAX_BYTES))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files.truncate(MAX_FILES);
    let mut out = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (a, b) in foreign_key_links(&text) {
            out.push(DataFact::TableLink {
                a: LinkEnd::Table(a),
                b: LinkEnd::Table(b),
                line: 0,
            });
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(facts: &[DataFact]) -> Vec<String> {
        facts
            .iter()
            .filter_map(|f| match f {
                DataFact::TableLink {
                    a: LinkEnd::Table(a),
                    b: LinkEnd::Table(b),
                    ..
                } => Some(format!("{a}-{b}")),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn foreign_keys_of_migration_folders_only_are_links() {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |rel: &str, text: &str| crate::pipeline::write_test_file(dir.path(), rel, text);
        write(
            "migrations/0001_init.sql",
            "CREATE TABLE users (id INT PRIMARY KEY);\n\
             CREATE TABLE IF NOT EXISTS sessions (id INT, user_id INT REFERENCES users(id));\n\
             -- CREATE TABLE ghosts (x INT REFERENCES users(id));\n\
             INSERT INTO audit SELECT id FROM users;\n",
        );
        write(
            "src/db/postgres/migrations/2024_up/up.sql",
            "ALTER TABLE public.orders ADD CONSTRAINT fk FOREIGN KEY (buyer) REFERENCES \"Users\" (id);",
        );
        // Not a migration folder, and a hidden one: not read.
        write(
            "queries/report.sql",
            "CREATE TABLE a (x INT REFERENCES b(id));",
        );
        write(
            ".cache/migrations/x.sql",
            "CREATE TABLE c (x INT REFERENCES d(id));",
        );
        assert_eq!(
            links(&package_links(dir.path())),
            ["public.orders-users", "sessions-users"]
        );
    }
}

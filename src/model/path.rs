//! Paths as the stages show and compare them: relative to the analysed root with `/`
//! separators, and normalised lexically (`.` and `..` removed without touching the file
//! system). `discover` and `parse` both use these; they live here so neither imports the other.

use std::path::{Component, Path, PathBuf};

/// `path` relative to `root`, with `/` separators.
pub fn relative_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut out = String::new();
    for (i, c) in rel.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&c.as_os_str().to_string_lossy());
    }
    out
}

/// `path` relative to `root` even when it lies outside (`../x.rs`), normalised, for messages.
pub fn display_relative(root: &Path, path: &Path) -> String {
    let path = normalize(path);
    let root_parts: Vec<_> = root.components().collect();
    let parts: Vec<_> = path.components().collect();
    let common = root_parts
        .iter()
        .zip(&parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<String> = vec!["..".to_string(); root_parts.len() - common];
    out.extend(
        parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    out.join("/")
}

/// `a/b/../c/./d` → `a/c/d`, without touching the file system. `/..` is `/`; a relative path
/// keeps the `..` it cannot remove (`a/../../x` → `../x`).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_is_lexical() {
        assert_eq!(normalize(Path::new("/a/b/../c/./d")), Path::new("/a/c/d"));
        assert_eq!(normalize(Path::new("/../x")), Path::new("/x"));
        assert_eq!(normalize(Path::new("a/../../x")), Path::new("../x"));
    }

    #[test]
    fn relative_paths_use_slashes() {
        let root = Path::new("/w/app");
        assert_eq!(
            relative_path(root, Path::new("/w/app/src/lib.rs")),
            "src/lib.rs"
        );
        assert_eq!(
            display_relative(root, Path::new("/w/app/src/../lib.rs")),
            "lib.rs"
        );
        assert_eq!(
            display_relative(root, Path::new("/w/other/x.rs")),
            "../other/x.rs"
        );
    }
}

//! A reviewer's reference split of one application (`eval/domains/<app>.txt`, format in its
//! README): module ids or subtrees with their domain, the domains' description lines, and the
//! modules the header's kernel paragraph names (left out of the split as infrastructure).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A reviewer's split: `module-id domain` lines, `X::**` for a subtree.
pub struct Reference {
    /// `(key, is_subtree, domain)` in file order.
    pub keys: Vec<(String, bool, String)>,
    /// Domain name → its description line in the header (`# name - description`).
    pub descriptions: BTreeMap<String, String>,
    /// `(id, is_subtree)` of the module ids the header's kernel paragraph names (`#   shared
    /// kernel: x::error (…), x_db::**, x::{config, telemetry}`): what the reviewer left out as
    /// infrastructure. Words that are no module id match nothing.
    pub kernel: Vec<(String, bool)>,
}

impl Reference {
    pub fn read(path: &Path) -> Result<Reference, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let mut keys = Vec::new();
        let mut descriptions = BTreeMap::new();
        let mut in_domains = false;
        let mut kernel_text = String::new();
        let mut in_kernel = false;
        for (no, line) in text.lines().enumerate() {
            let line = line.trim();
            if let Some(comment) = line.strip_prefix('#') {
                // The kernel paragraph: a heading indented by three spaces that names the
                // kernel or infrastructure, and its lines indented deeper.
                let indent = comment.len() - comment.trim_start().len();
                if indent == 3 {
                    in_kernel = comment.split_once(':').is_some_and(|(head, _)| {
                        (head.contains("kernel") || head.contains("infrastructure"))
                            && !head.contains('(')
                            && !head.trim_start().starts_with('-')
                    });
                } else if indent < 3 {
                    in_kernel = false;
                }
                if in_kernel {
                    let body = match comment.split_once(':') {
                        Some((head, rest)) if indent == 3 && !head.contains("::") => rest,
                        _ => comment,
                    };
                    kernel_text.push_str(body);
                    kernel_text.push(' ');
                }
                let comment = comment.trim();
                if comment.starts_with("Domains:") {
                    in_domains = true;
                } else if in_domains
                    && let Some((name, text)) = comment.split_once(" - ")
                    && !name.trim().contains(' ')
                {
                    descriptions.insert(name.trim().to_string(), text.trim().to_string());
                }
                continue;
            }
            if line.is_empty() {
                continue;
            }
            let mut words = line.split_whitespace();
            let (Some(key), Some(domain), None) = (words.next(), words.next(), words.next()) else {
                return Err(format!("line {}: expected `module-id domain`", no + 1));
            };
            let (key, subtree) = match key.strip_suffix("::**") {
                Some(k) => (k, true),
                None => (key, false),
            };
            keys.push((key.to_string(), subtree, domain.to_string()));
        }
        Ok(Reference {
            keys,
            descriptions,
            kernel: kernel_ids(&kernel_text),
        })
    }

    /// Is module `id` one the kernel paragraph names (itself, or below a subtree)?
    pub fn in_kernel(&self, id: &str) -> bool {
        self.kernel
            .iter()
            .any(|(k, subtree)| k == id || (*subtree && below(id, k)))
    }

    /// The domain of module `id`: an exact key first, else the longest subtree key above it.
    pub fn domain_of(&self, id: &str) -> Option<(&str, usize)> {
        let mut best: Option<(usize, usize)> = None; // (specificity, key index)
        for (i, (key, subtree, _)) in self.keys.iter().enumerate() {
            let spec = if key == id {
                usize::MAX
            } else if *subtree && below(id, key) {
                key.len()
            } else {
                continue;
            };
            if best.is_none_or(|(s, _)| spec > s) {
                best = Some((spec, i));
            }
        }
        best.map(|(_, i)| (self.keys[i].2.as_str(), i))
    }
}

/// Is module `id` strictly below module `key` (`key::…`)?
fn below(id: &str, key: &str) -> bool {
    id.strip_prefix(key)
        .and_then(|rest| rest.strip_prefix("::"))
        .is_some_and(|rest| !rest.is_empty())
}

/// The module ids a paragraph of prose names: `a::b`, `a::b::**` (a subtree), `a[bin]::c`, and
/// brace groups `a::{b, c::d}` (each member joined to the prefix).
fn kernel_ids(text: &str) -> Vec<(String, bool)> {
    let id_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '[' | ']' | '*');
    // Expand brace groups first.
    let mut expanded = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("::{") {
        let before = &rest[..open];
        let start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !id_char(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let prefix = &before[start..];
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        expanded.push_str(&before[..start]);
        for member in rest[open + 3..open + close].split(',') {
            let member = member.split_whitespace().next().unwrap_or("");
            if !member.is_empty() {
                expanded.push_str(&format!(" {prefix}::{member} "));
            }
        }
        rest = &rest[open + close + 1..];
    }
    expanded.push_str(rest);
    let mut out = Vec::new();
    for token in expanded.split(|c: char| !id_char(c)) {
        let token = token.trim_matches(':');
        if token.is_empty() || token.starts_with('[') {
            continue;
        }
        let (id, subtree) = match token.strip_suffix("::**") {
            Some(id) => (id, true),
            None => (token.trim_end_matches('*').trim_end_matches(':'), false),
        };
        if !id.is_empty() && !out.iter().any(|(k, _)| k == id) {
            out.push((id.to_string(), subtree));
        }
    }
    out
}

/// `(name, path)` of every `*.txt` reference in `dir`, sorted by name (`<app>.txt` names the
/// application `<app>`).
pub fn reference_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut out: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter_map(|p| Some((p.file_stem()?.to_string_lossy().into_owned(), p)))
        .collect();
    out.sort();
    Ok(out)
}

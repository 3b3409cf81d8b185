//! A reviewer's reference split of one application (`eval/domains/<app>.txt`, format in its
//! README): module ids or subtrees with their domain, and the domains' description lines.

use std::collections::BTreeMap;
use std::path::Path;

/// A reviewer's split: `module-id domain` lines, `X::**` for a subtree.
pub struct Reference {
    /// `(key, is_subtree, domain)` in file order.
    pub keys: Vec<(String, bool, String)>,
    /// Domain name → its description line in the header (`# name - description`).
    pub descriptions: BTreeMap<String, String>,
}

impl Reference {
    pub fn read(path: &Path) -> Result<Reference, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let mut keys = Vec::new();
        let mut descriptions = BTreeMap::new();
        let mut in_domains = false;
        for (no, line) in text.lines().enumerate() {
            let line = line.trim();
            if let Some(comment) = line.strip_prefix('#') {
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
        Ok(Reference { keys, descriptions })
    }

    /// The domain of module `id`: an exact key first, else the longest subtree key above it.
    pub fn domain_of(&self, id: &str) -> Option<(&str, usize)> {
        let mut best: Option<(usize, usize)> = None; // (specificity, key index)
        for (i, (key, subtree, _)) in self.keys.iter().enumerate() {
            let spec = if key == id {
                usize::MAX
            } else if *subtree
                && id.len() > key.len() + 2
                && id.starts_with(key.as_str())
                && id[key.len()..].starts_with("::")
            {
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

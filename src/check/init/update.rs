//! `init --update`: refreshes an existing `seams.toml` in place through `toml_edit`, so that
//! everything a person wrote survives: comments, `[analysis]`, `[rules]`, the booleans of
//! `[thresholds]` and the layout. What is refreshed is what `init` derives from the code:
//! the `[[service]]` tables (a proposed service keeps the name of the declared service that
//! holds most of its modules; a table that comes out the same is kept with its comments), the `[[allow]]` tables (an allow that is still needed keeps its
//! table, comments included; one no longer needed goes; a new dependency gets one), and the
//! numeric thresholds (set from today's figures as `init` sets them, each key's comments kept).
//! The notes `init` writes about today's code are refreshed with them: the count on a
//! `[[service]]` or `[[allow]]` header line (`# 8 modules`; a comment of the team's own there is
//! kept), and the header's warnings and `# Not declared below` list (kept as they are when the
//! team removed that list).

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::{NOT_DECLARED, StarterConfig};

/// Numeric thresholds `init` sets from today's figures.
const NUMERIC: [&str; 5] = [
    "max_boundary_weight",
    "max_instability",
    "max_shared_tables",
    "max_service_cycles",
    "min_modularity",
];

/// Why an existing file could not be updated.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// The existing file is not TOML.
    #[error("cannot update {file}: it is not valid TOML: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

/// The text of `existing` (read from `file`) with the services, allows and numeric
/// thresholds of `fresh`.
pub fn update(existing: &str, file: &str, fresh: &StarterConfig) -> Result<String, UpdateError> {
    let syntax = |e: toml_edit::TomlError| UpdateError::Syntax {
        file: file.to_string(),
        message: e.message().to_string(),
    };
    let mut doc: DocumentMut = existing.parse().map_err(syntax)?;
    let services: DocumentMut = fresh.declared_services.parse().map_err(syntax)?;
    let allows: DocumentMut = fresh.declared_allows.parse().map_err(syntax)?;
    let thresholds: DocumentMut = fresh.threshold_lines.join("\n").parse().map_err(syntax)?;

    let new_services = tables(&services, "service");
    match doc
        .get_mut("service")
        .and_then(Item::as_array_of_tables_mut)
    {
        Some(old) => replace_tables(
            old,
            &new_services,
            |t| t.get("name").and_then(Item::as_str).map(str::to_string),
            |a, b| modules(a) == modules(b),
        ),
        None if !new_services.is_empty() => {
            doc.insert("service", Item::ArrayOfTables(new_services));
        }
        None => {}
    }

    let new_allows = tables(&allows, "allow");
    match doc.get_mut("allow").and_then(Item::as_array_of_tables_mut) {
        Some(old) => replace_tables(old, &new_allows, pair, |_, _| true),
        None if !new_allows.is_empty() => {
            doc.insert("allow", Item::ArrayOfTables(new_allows));
        }
        None => {}
    }

    let table = doc
        .entry("thresholds")
        .or_insert_with(|| Item::Table(Table::new()));
    if let Some(table) = table.as_table_mut() {
        for key in NUMERIC {
            // No figure today (no dependencies, undefined modularity): the key is left alone.
            let Some(value) = thresholds.get(key) else {
                continue;
            };
            match table.get_mut(key).and_then(Item::as_value_mut) {
                // Keep the comments around the value, change the value.
                Some(old) => {
                    let decor = old.decor().clone();
                    if let Some(new) = value.as_value() {
                        *old = new.clone();
                        *old.decor_mut() = decor;
                    }
                }
                None => {
                    table.insert(key, value.clone());
                }
            }
        }
    }
    let mut text = doc.to_string();
    refresh_status(&mut text, &fresh.status);
    Ok(text)
}

/// Replaces the header's account of the code (`init`'s warnings, each a paragraph starting
/// `# WARNING:` and ending in a bare `#`, then the `# Not declared below` line and its list,
/// indented `#   `) in `text` by `status`. Nothing changes when the list is not found.
fn refresh_status(text: &mut String, status: &str) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let Some(list) = lines.iter().position(|l| l.trim_end() == NOT_DECLARED) else {
        return;
    };
    let end = lines[list + 1..]
        .iter()
        .position(|l| !l.starts_with("#   "))
        .map_or(lines.len(), |n| list + 1 + n);
    // Back over the warning paragraphs right above the list.
    let mut start = list;
    while start >= 2 && lines[start - 1].trim_end() == "#" {
        let mut first = start - 1;
        while first > 0 && lines[first - 1].starts_with("# ") {
            first -= 1;
        }
        if first == start - 1 || !lines[first].starts_with("# WARNING:") {
            break;
        }
        start = first;
    }
    let mut status = status.trim_end().to_string();
    status.push('\n');
    *text = [
        &lines[..start].concat(),
        status.as_str(),
        &lines[end..].concat(),
    ]
    .concat();
}

/// Whether `suffix`, the comment on a table's header line, is a note `init` wrote: `# 8
/// modules`, `# 1 reference, weight 2.5`.
fn is_count_note(suffix: &str) -> bool {
    let mut words = suffix.trim().trim_start_matches('#').split_whitespace();
    let count = words.next().is_some_and(|w| w.parse::<usize>().is_ok());
    let noun = words
        .next()
        .is_some_and(|w| w.starts_with("module") || w.starts_with("reference"));
    count && noun
}

/// The tables of array `key` of `doc` (empty when there are none).
fn tables(doc: &DocumentMut, key: &str) -> ArrayOfTables {
    doc.get(key)
        .and_then(Item::as_array_of_tables)
        .cloned()
        .unwrap_or_default()
}

/// Replaces the tables of `old` by `new` with as small a diff as can be: the old order is
/// kept, a table whose `key` is still there stays in place (kept whole, comments included,
/// when `unchanged` says so, else the new table under the old comments), one no longer there
/// goes, and new ones follow the last old one.
fn replace_tables<K: PartialEq>(
    old: &mut ArrayOfTables,
    new: &ArrayOfTables,
    key: impl Fn(&Table) -> K,
    unchanged: impl Fn(&Table, &Table) -> bool,
) {
    let lead = old.get(0).and_then(|t| t.decor().prefix()).cloned();
    let position = old.get(0).and_then(Table::position);
    let mut merged = ArrayOfTables::new();
    for previous in old.iter() {
        let Some(fresh) = new.iter().find(|f| key(f) == key(previous)) else {
            continue;
        };
        let table = if unchanged(previous, fresh) {
            let mut table = previous.clone();
            // The count `init` noted on the header line is today's; a note of the team's is kept.
            let note = previous.decor().suffix().and_then(|s| s.as_str());
            if note.is_none_or(is_count_note)
                && let Some(fresh_note) = fresh.decor().suffix()
            {
                table.decor_mut().set_suffix(fresh_note.clone());
            }
            table
        } else {
            let mut table = fresh.clone();
            if let Some(prefix) = previous.decor().prefix() {
                table.decor_mut().set_prefix(prefix.clone());
            }
            table
        };
        merged.push(table);
    }
    for fresh in new.iter() {
        if !old.iter().any(|o| key(o) == key(fresh)) {
            let mut table = fresh.clone();
            table.decor_mut().set_prefix("\n");
            merged.push(table);
        }
    }
    // The comment above the array belongs above its first table, and only there.
    for (i, table) in merged.iter_mut().enumerate() {
        let prefix = table.decor().prefix().cloned();
        if i == 0 {
            if let Some(lead) = &lead {
                table.decor_mut().set_prefix(lead.clone());
            }
        } else if prefix.is_none() || prefix == lead {
            table.decor_mut().set_prefix("\n");
        }
        table.set_position(position);
    }
    *old = merged;
}

/// The module patterns of a `[[service]]` table.
fn modules(table: &Table) -> Option<Vec<&str>> {
    let array = table.get("modules")?.as_array()?;
    Some(array.iter().filter_map(|v| v.as_str()).collect())
}

/// `(from, to)` of an `[[allow]]` table.
fn pair(table: &Table) -> (Option<String>, Option<String>) {
    let text = |key| table.get(key).and_then(Item::as_str).map(str::to_string);
    (text("from"), text("to"))
}

//! The keyword scan, for SQL that no dialect parses (a `format!` template with `%s`, a
//! dialect's extension, a fragment): words, quoted identifiers and punctuation, with string
//! literals and comments skipped, then the name after each table keyword. It also finds the
//! foreign keys of migration files, where a scan costs a fraction of a parse. Tolerates
//! anything, including unterminated quotes, and never panics.

use crate::model::Access;
use std::collections::BTreeSet;

/// The tables that the foreign keys of `CREATE TABLE` and `ALTER TABLE` statements link, by a
/// keyword scan (schema files are long, and a scan costs a fraction of a parse): each pair
/// sorted, once. Text without `REFERENCES` is not scanned.
pub fn foreign_key_links(sql: &str) -> Vec<(String, String)> {
    if !sql.to_ascii_lowercase().contains("references") {
        return Vec::new();
    }
    let tokens = scan_tokens(sql);
    let mut links = Vec::new();
    let mut table: Option<String> = None;
    let mut previous = String::new();
    for (index, token) in tokens.iter().enumerate() {
        let rest = tokens.get(index + 1..).unwrap_or_default();
        match token {
            ScanToken::End => table = None,
            ScanToken::Word(word) => {
                let keyword = word.to_ascii_uppercase();
                if keyword == "TABLE" && (previous == "CREATE" || previous == "ALTER") {
                    table = scanned_name(rest);
                } else if keyword == "REFERENCES"
                    && let (Some(from), Some(to)) = (&table, scanned_name(rest))
                    && *from != to
                {
                    let pair = if *from < to {
                        (from.clone(), to)
                    } else {
                        (to, from.clone())
                    };
                    links.push(pair);
                }
                previous = keyword;
                continue;
            }
            _ => {}
        }
        previous.clear();
    }
    links.sort();
    links.dedup();
    links
}

/// One token of the fallback scan.
#[derive(Debug, PartialEq)]
enum ScanToken {
    /// A bare word: keyword or identifier.
    Word(String),
    /// A quoted identifier, quotes removed.
    Quoted(String),
    /// `.` between the parts of a qualified name.
    Dot,
    /// `;`, the end of a statement.
    End,
    /// `(`.
    Open,
    /// `,`.
    Comma,
    /// Anything else: punctuation, numbers glued to symbols, string literals.
    Other,
}

/// Splits SQL into words, quoted identifiers and punctuation, skipping string literals and
/// comments. Tolerates anything, including unterminated quotes.
fn scan_tokens(sql: &str) -> Vec<ScanToken> {
    let mut tokens = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                // A string literal; `''` inside is an escaped quote and simply restarts it.
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                }
                tokens.push(ScanToken::Other);
            }
            '"' | '`' | '[' => {
                let close = if c == '[' { ']' } else { c };
                let text: String = chars.by_ref().take_while(|&d| d != close).collect();
                tokens.push(ScanToken::Quoted(text));
            }
            '-' if chars.peek() == Some(&'-') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for d in chars.by_ref() {
                    if previous == '*' && d == '/' {
                        break;
                    }
                    previous = d;
                }
            }
            '.' => tokens.push(ScanToken::Dot),
            ';' => tokens.push(ScanToken::End),
            '(' => tokens.push(ScanToken::Open),
            ',' => tokens.push(ScanToken::Comma),
            c if c.is_alphanumeric() || c == '_' => {
                let mut word = String::from(c);
                while let Some(&d) = chars.peek() {
                    if !(d.is_alphanumeric() || d == '_' || d == '$') {
                        break;
                    }
                    word.push(d);
                    chars.next();
                }
                tokens.push(ScanToken::Word(word));
            }
            c if c.is_whitespace() => {}
            _ => tokens.push(ScanToken::Other),
        }
    }
    tokens
}

/// Words that may sit between a table keyword and the table name.
const NAME_PREFIXES: &[&str] = &["IF", "NOT", "EXISTS", "ONLY", "IGNORE", "LOW_PRIORITY"];

/// Words that are never a table name after a table keyword.
const NOT_NAMES: &[&str] = &[
    "SELECT",
    "SET",
    "VALUES",
    "WHERE",
    "LATERAL",
    "UNNEST",
    "DEFAULT",
    "STATEMENT",
    "AS",
    "ON",
    "DUAL",
    "TABLE",
    "CASCADE",
    "RESTRICT",
    "NOWAIT",
    "SKIP",
    "OF",
];

/// The keyword scan used when no dialect parses the text: a name after FROM (each name of a
/// comma-separated list), JOIN, INTO, UPDATE or TABLE. `DELETE FROM`, `INTO`, `UPDATE` and
/// `TABLE` write; the rest read. The
/// names of common table expressions (`WITH new AS (…), prev AS (…)`) are no tables, nor is
/// the word after a referential action or a lock (`ON UPDATE CASCADE`, `FOR UPDATE SKIP
/// LOCKED`).
pub(super) fn scan_tables(sql: &str) -> Vec<(String, Access)> {
    let tokens = scan_tokens(sql);
    let ctes = cte_names(&tokens);
    let mut found: Vec<(String, Access)> = Vec::new();
    let mut previous_word = String::new();
    for (index, token) in tokens.iter().enumerate() {
        let ScanToken::Word(word) = token else {
            previous_word.clear();
            continue;
        };
        let keyword = word.to_ascii_uppercase();
        let access = match keyword.as_str() {
            "FROM" if previous_word == "DELETE" => Some(Access::Write),
            "FROM" | "JOIN" => Some(Access::Read),
            "UPDATE" if previous_word == "ON" || previous_word == "FOR" => None,
            "INTO" | "UPDATE" | "TABLE" => Some(Access::Write),
            _ => None,
        };
        let rest = tokens.get(index + 1..).unwrap_or_default();
        if let Some(access) = access
            && let Some((name, read)) = scanned_name_len(rest)
        {
            let more = if keyword == "FROM" {
                listed_tables(rest.get(read..).unwrap_or_default())
            } else {
                Vec::new()
            };
            for name in std::iter::once(name).chain(more) {
                if !ctes.contains(&name) && !found.contains(&(name.clone(), access)) {
                    found.push((name, access));
                }
            }
        }
        previous_word = keyword;
    }
    found
}

/// The names a statement gives its common table expressions: a word followed by `AS (`,
/// right after `WITH`, `WITH RECURSIVE` or a comma.
fn cte_names(tokens: &[ScanToken]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (i, window) in tokens.windows(3).enumerate() {
        let [ScanToken::Word(name), ScanToken::Word(as_), ScanToken::Open] = window else {
            continue;
        };
        let opens = match i.checked_sub(1).and_then(|j| tokens.get(j)) {
            Some(ScanToken::Comma) => true,
            Some(ScanToken::Word(w)) => {
                w.eq_ignore_ascii_case("WITH") || w.eq_ignore_ascii_case("RECURSIVE")
            }
            _ => false,
        };
        if opens && as_.eq_ignore_ascii_case("AS") {
            names.insert(name.to_lowercase());
        }
    }
    names
}

/// Reads a possibly qualified name at the start of `tokens`, after any `IF NOT EXISTS`.
fn scanned_name(tokens: &[ScanToken]) -> Option<String> {
    scanned_name_len(tokens).map(|(name, _)| name)
}

/// [`scanned_name`] and how many tokens it read.
fn scanned_name_len(tokens: &[ScanToken]) -> Option<(String, usize)> {
    let mut rest = tokens;
    while let Some((ScanToken::Word(word), tail)) = rest.split_first() {
        if !NAME_PREFIXES.iter().any(|p| word.eq_ignore_ascii_case(p)) {
            break;
        }
        rest = tail;
    }
    let mut parts: Vec<String> = Vec::new();
    loop {
        let part = match rest.first()? {
            ScanToken::Word(word) => {
                let upper = word.to_ascii_uppercase();
                let is_keyword =
                    NOT_NAMES.contains(&upper.as_str()) || NAME_PREFIXES.contains(&upper.as_str());
                if is_keyword || word.starts_with(|c: char| c.is_ascii_digit()) {
                    return None;
                }
                word.to_lowercase()
            }
            ScanToken::Quoted(text) if !text.is_empty() => text.to_lowercase(),
            _ => return None,
        };
        parts.push(part);
        match rest.get(1) {
            Some(ScanToken::Dot) => rest = rest.get(2..).unwrap_or_default(),
            _ => break,
        }
    }
    let read = tokens.len() - rest.len() + 1;
    Some((parts.join("."), read))
}

/// Words that end a table list's alias position (`FROM a x, b WHERE`).
const AFTER_TABLE: &[&str] = &[
    "WHERE",
    "JOIN",
    "INNER",
    "LEFT",
    "RIGHT",
    "FULL",
    "CROSS",
    "NATURAL",
    "ON",
    "USING",
    "GROUP",
    "ORDER",
    "LIMIT",
    "OFFSET",
    "HAVING",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "WINDOW",
    "FOR",
    "RETURNING",
    "SET",
    "VALUES",
    "SELECT",
    "LATERAL",
];

/// The further tables of a comma-separated `FROM` list, after the first one's name (`rest`
/// starts right after it): `FROM orders o, customers AS c` reads `customers` too.
fn listed_tables(mut rest: &[ScanToken]) -> Vec<String> {
    let mut out = Vec::new();
    loop {
        // An alias, with or without `AS`.
        if let Some(ScanToken::Word(w)) = rest.first()
            && w.eq_ignore_ascii_case("AS")
        {
            rest = rest.get(1..).unwrap_or_default();
        }
        if let Some(ScanToken::Word(w) | ScanToken::Quoted(w)) = rest.first()
            && !AFTER_TABLE.iter().any(|k| w.eq_ignore_ascii_case(k))
        {
            rest = rest.get(1..).unwrap_or_default();
        }
        let Some(ScanToken::Comma) = rest.first() else {
            return out;
        };
        match scanned_name_len(rest.get(1..).unwrap_or_default()) {
            Some((name, read)) => {
                out.push(name);
                rest = rest.get(1 + read..).unwrap_or_default();
            }
            None => return out,
        }
    }
}

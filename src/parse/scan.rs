//! A cheap lexical pass over a source file, before syn sees it: the deepest bracket nesting
//! and the longest chain of nested operators and keywords (so that a pathological file is
//! refused instead of exhausting the stack) and which lines hold code (for lines-of-code
//! figures). Strings, chars and comments are skipped.

/// What the scan found.
#[derive(Clone, Debug, Default)]
pub struct SourceScan {
    /// Deepest `(`/`[`/`{` nesting.
    pub max_depth: usize,
    /// 1-based line where `max_depth` was first reached.
    pub depth_line: u32,
    /// `code_lines[i]` is true when line `i + 1` holds something other than comments.
    pub code_lines: Vec<bool>,
    /// Most operator characters (`<`, `&`, `*`, `+`, `-`, `.`, ...) in one statement piece
    /// (between `;`, `,`, `{`, `}`): long chains nest without brackets (`Vec<Vec<…>>`,
    /// `&&&…`, `1 + 1 + …`) and recurse as deep in the parser.
    pub max_operators: usize,
    /// 1-based line where `max_operators` was reached.
    pub operators_line: u32,
    /// Longest chain counted through every open bracket: the brackets themselves, the operator
    /// characters before each one in its statement piece, and the prefix keywords `return`,
    /// `break`, `yield` and `become` (`- -{ - -{ …`, `return return …`). syn and the visitors
    /// recurse once or more per link, so this bounds their real recursion depth; a `;` or `,`
    /// ends a piece, a closing bracket returns to the count before it opened.
    pub max_chain: usize,
    /// 1-based line where `max_chain` was reached.
    pub chain_line: u32,
    /// Byte offsets of the character that makes a comment a doc comment: the third `/` of
    /// `///`, the `!` of `//!` and `/*!`, the second `*` of `/**`.
    pub doc_comments: Vec<usize>,
}

/// Scans `src`.
pub fn scan(src: &str) -> SourceScan {
    let b = src.as_bytes();
    // As many lines as `str::lines` yields, counted without splitting.
    let newlines = b.iter().filter(|&&c| c == b'\n').count();
    let lines = (newlines + usize::from(!b.is_empty() && b.last() != Some(&b'\n'))).max(1);
    let mut out = SourceScan {
        code_lines: vec![false; lines + 1],
        ..Default::default()
    };
    let mut line: usize = 1;
    let mut depth = 0usize;
    let mut operators = 0usize;
    // The chain count, and its value when each open bracket opened.
    let mut chain = 0usize;
    let mut chain_at_open: Vec<usize> = Vec::new();
    let mut i = 0;
    let mark = |out: &mut SourceScan, line: usize| {
        if let Some(slot) = out.code_lines.get_mut(line - 1) {
            *slot = true;
        }
    };
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b' ' | b'\t' | b'\r' => {
                // Indentation comes in runs.
                i += 1;
                while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r') {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                // `///` (not `////`) and `//!` are doc comments.
                match (b.get(i + 2), b.get(i + 3)) {
                    (Some(b'/'), next) if next != Some(&b'/') => out.doc_comments.push(i + 2),
                    (Some(b'!'), _) => out.doc_comments.push(i + 2),
                    _ => {}
                }
                // To the end of the line (a memchr search).
                i = src
                    .get(i..)
                    .and_then(|rest| rest.find('\n'))
                    .map_or(b.len(), |n| i + n);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                // `/**` (not `/**/` or `/***`) and `/*!` are doc comments.
                match (b.get(i + 2), b.get(i + 3)) {
                    (Some(b'*'), next) if !matches!(next, Some(b'*') | Some(b'/')) => {
                        out.doc_comments.push(i + 2);
                    }
                    (Some(b'!'), _) => out.doc_comments.push(i + 2),
                    _ => {}
                }
                let mut nest = 1;
                i += 2;
                while i < b.len() && nest > 0 {
                    if b[i] == b'\n' {
                        line += 1;
                    } else if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        nest += 1;
                        i += 1;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        nest -= 1;
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'"' => {
                mark(&mut out, line);
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    if i < b.len() && b[i] == b'\n' {
                        line += 1;
                        mark(&mut out, line);
                    }
                    i += 1;
                }
                i += 1;
            }
            b'r' if matches!(b.get(i + 1), Some(b'#') | Some(b'"'))
                && (i == 0
                    || !is_ident(b[i - 1])
                    // br"…" and cr"…"
                    || (matches!(b[i - 1], b'b' | b'c') && (i < 2 || !is_ident(b[i - 2])))) =>
            {
                // Raw string: r"…", r#"…"#, ...
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    mark(&mut out, line);
                    i += 1;
                    continue;
                }
                mark(&mut out, line);
                j += 1;
                loop {
                    if j >= b.len() {
                        break;
                    }
                    if b[j] == b'\n' {
                        line += 1;
                        mark(&mut out, line);
                    }
                    if b[j] == b'"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&b'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                i = j;
            }
            b'\'' => {
                mark(&mut out, line);
                // A char literal ('a', '\n', '\u{1F600}') or a lifetime ('a).
                if b.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < b.len() && b[i] != b'\'' && b[i] != b'\n' {
                        i += 1;
                    }
                    i += 1;
                } else {
                    let ch_len = src
                        .get(i + 1..)
                        .and_then(|s| s.chars().next())
                        .map_or(1, char::len_utf8);
                    if b.get(i + 1 + ch_len) == Some(&b'\'') {
                        i += 2 + ch_len;
                    } else {
                        i += 1;
                    }
                }
            }
            b'(' | b'[' | b'{' => {
                mark(&mut out, line);
                if c == b'{' {
                    operators = 0;
                }
                depth += 1;
                if depth > out.max_depth {
                    out.max_depth = depth;
                    out.depth_line = line as u32;
                }
                chain_at_open.push(chain);
                chain += 1;
                note_chain(&mut out, chain, line);
                i += 1;
            }
            b')' | b']' | b'}' => {
                mark(&mut out, line);
                depth = depth.saturating_sub(1);
                if c == b'}' {
                    operators = 0;
                }
                chain = chain_at_open.pop().unwrap_or(0);
                if c == b'}' {
                    // What follows a block starts a new piece (the next item or statement).
                    chain = piece_start(&chain_at_open);
                }
                i += 1;
            }
            b';' | b',' => {
                mark(&mut out, line);
                operators = 0;
                chain = piece_start(&chain_at_open);
                i += 1;
            }
            b'<' | b'>' | b'&' | b'*' | b'+' | b'-' | b'!' | b'|' | b'^' | b'%' | b'/' | b'.'
            | b'=' => {
                mark(&mut out, line);
                // A decimal point is no operator.
                let decimal = c == b'.'
                    && i > 0
                    && b[i - 1].is_ascii_digit()
                    && b.get(i + 1).is_some_and(u8::is_ascii_digit);
                if !decimal {
                    operators += 1;
                    if operators > out.max_operators {
                        out.max_operators = operators;
                        out.operators_line = line as u32;
                    }
                    chain += 1;
                    note_chain(&mut out, chain, line);
                }
                i += 1;
            }
            _ => {
                mark(&mut out, line);
                i += 1;
                // The rest of an identifier or number in one step, but not the `r` of a
                // raw byte or C string (`br"…"`, `cr#"…"#`).
                let raw_prefix = matches!(c, b'b' | b'c')
                    && b.get(i) == Some(&b'r')
                    && matches!(b.get(i + 1), Some(b'#') | Some(b'"'))
                    && (i < 2 || !is_ident(b[i - 2]));
                if is_ident(c) && !raw_prefix {
                    let start = i - 1;
                    while i < b.len() && is_ident(b[i]) {
                        i += 1;
                    }
                    let after_dot = start > 0 && b[start - 1] == b'.';
                    if !after_dot && PREFIX_KEYWORDS.contains(&&b[start..i]) {
                        chain += 1;
                        note_chain(&mut out, chain, line);
                    }
                }
            }
        }
    }
    out.code_lines.truncate(lines);
    out
}

/// Keywords that take an expression after them and so nest like a prefix operator.
const PREFIX_KEYWORDS: &[&[u8]] = &[b"return", b"break", b"yield", b"become"];

/// The chain count at the start of a piece: one per open bracket and whatever came before
/// the innermost one opened.
fn piece_start(chain_at_open: &[usize]) -> usize {
    chain_at_open.last().map_or(0, |&c| c + 1)
}

fn note_chain(out: &mut SourceScan, chain: usize, line: usize) {
    if chain > out.max_chain {
        out.max_chain = chain;
        out.chain_line = line as u32;
    }
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_code_lines_and_depth() {
        let s = scan("// c\nfn a() {\n    let s = \"(((\";\n\n    /* { */ f((1));\n}\n");
        assert_eq!(s.code_lines, vec![false, true, true, false, true, true]);
        assert_eq!(s.max_depth, 3);
        assert_eq!(s.depth_line, 5);
    }

    #[test]
    fn counts_operator_chains_per_statement() {
        let deep_type = format!("type T = {}u8{};", "Vec<".repeat(50), ">".repeat(50));
        assert_eq!(scan(&deep_type).max_operators, 101);
        // Commas and semicolons end a piece: a long array is no chain.
        let array = format!("const A: [f64; 3] = [{}];", vec!["-1.5"; 500].join(", "));
        assert!(scan(&array).max_operators < 5);
        // `=`, `+`, `+` in the first statement; `=`, `.`, `.` in the second.
        assert_eq!(
            scan("let x = 1 + 2 + 3; let y = a.b().c();").max_operators,
            3
        );
    }

    #[test]
    fn chains_count_through_brackets_and_prefix_keywords() {
        // `->` (2), `{` (3), three `return`s (6).
        assert_eq!(scan("fn f() -> u8 { return return return 1 }").max_chain, 6);
        // Each `-{` link adds two; pieces and closed brackets do not add up.
        let nested = format!("{}1{}", "-{".repeat(50), "}".repeat(50));
        assert_eq!(scan(&nested).max_chain, 100);
        let flat = "fn a() { x = -1; y = -1; }
fn b() { f(-1, -1) }"
            .to_string();
        assert_eq!(scan(&flat).max_chain, 3);
        // `self.breaker` and `r#yield`-free identifiers are no keywords.
        assert_eq!(scan("breaker(returned, self.break_)").max_chain, 2);
    }

    #[test]
    fn lifetimes_and_chars_do_not_confuse() {
        let s = scan("fn f<'a>(x: &'a str) -> char { '{' }\nlet r = r#\"}\"#;");
        assert_eq!(s.max_depth, 1);
        assert_eq!(s.code_lines, vec![true, true]);
    }

    #[test]
    fn finds_doc_comments_outside_strings_and_comments() {
        let src = "//! crate\n/// item\n//// not doc\n/** block */\n/**/ /*** no */\n\
                   /*! inner */\n// plain\nlet s = \"/// in string\";\n\
                   let r = br#\"\" /// raw\"#;\n/* /// nested /* x */ */\n";
        let found: Vec<&str> = scan(src)
            .doc_comments
            .iter()
            .map(|&o| &src[o - 2..o + 1])
            .collect();
        assert_eq!(found, vec!["//!", "///", "/**", "/*!"]);
    }
}

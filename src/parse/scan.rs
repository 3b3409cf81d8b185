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
    let mut s = Scanner {
        src,
        b,
        i: 0,
        line: 1,
        depth: 0,
        operators: 0,
        chain: 0,
        chain_at_open: Vec::new(),
        out: SourceScan {
            code_lines: vec![false; lines + 1],
            ..Default::default()
        },
    };
    while s.i < b.len() {
        let c = b[s.i];
        let i = s.i;
        match c {
            b'\n' => {
                s.line += 1;
                s.i += 1;
            }
            b' ' | b'\t' | b'\r' => {
                // Indentation comes in runs.
                s.i += 1;
                while s.i < b.len() && matches!(b[s.i], b' ' | b'\t' | b'\r') {
                    s.i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') => s.line_comment(),
            b'/' if b.get(i + 1) == Some(&b'*') => s.block_comment(),
            b'"' => s.string(),
            b'r' if matches!(b.get(i + 1), Some(b'#') | Some(b'"'))
                && (i == 0
                    || !is_ident(b[i - 1])
                    // br"…" and cr"…"
                    || (matches!(b[i - 1], b'b' | b'c') && (i < 2 || !is_ident(b[i - 2])))) =>
            {
                s.raw_string();
            }
            b'\'' => s.char_or_lifetime(),
            b'(' | b'[' | b'{' => s.open(c),
            b')' | b']' | b'}' => s.close(c),
            b';' | b',' => {
                s.mark();
                s.operators = 0;
                s.chain = piece_start(&s.chain_at_open);
                s.i += 1;
            }
            b'<' | b'>' | b'&' | b'*' | b'+' | b'-' | b'!' | b'|' | b'^' | b'%' | b'/' | b'.'
            | b'=' => s.operator(c),
            _ => s.word(c),
        }
    }
    let mut out = s.out;
    out.code_lines.truncate(lines);
    out
}

/// The scan's position and running counts.
struct Scanner<'s> {
    src: &'s str,
    b: &'s [u8],
    i: usize,
    line: usize,
    depth: usize,
    operators: usize,
    /// The chain count, and its value when each open bracket opened.
    chain: usize,
    chain_at_open: Vec<usize>,
    out: SourceScan,
}

impl Scanner<'_> {
    /// The current line holds code.
    fn mark(&mut self) {
        if let Some(slot) = self.out.code_lines.get_mut(self.line - 1) {
            *slot = true;
        }
    }

    fn note_chain(&mut self) {
        note_chain(&mut self.out, self.chain, self.line);
    }

    /// `//…` to the end of the line; `///` (not `////`) and `//!` are doc comments.
    fn line_comment(&mut self) {
        let (b, i) = (self.b, self.i);
        match (b.get(i + 2), b.get(i + 3)) {
            (Some(b'/'), next) if next != Some(&b'/') => self.out.doc_comments.push(i + 2),
            (Some(b'!'), _) => self.out.doc_comments.push(i + 2),
            _ => {}
        }
        // To the end of the line (a memchr search).
        self.i = self
            .src
            .get(i..)
            .and_then(|rest| rest.find('\n'))
            .map_or(b.len(), |n| i + n);
    }

    /// `/* … */`, nested; `/**` (not `/**/` or `/***`) and `/*!` are doc comments.
    fn block_comment(&mut self) {
        let b = self.b;
        let i = self.i;
        match (b.get(i + 2), b.get(i + 3)) {
            (Some(b'*'), next) if !matches!(next, Some(b'*') | Some(b'/')) => {
                self.out.doc_comments.push(i + 2);
            }
            (Some(b'!'), _) => self.out.doc_comments.push(i + 2),
            _ => {}
        }
        let mut nest = 1;
        let mut i = i + 2;
        while i < b.len() && nest > 0 {
            if b[i] == b'\n' {
                self.line += 1;
            } else if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                nest += 1;
                i += 1;
            } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                nest -= 1;
                i += 1;
            }
            i += 1;
        }
        self.i = i;
    }

    /// `"…"` with escapes; every line it spans holds code.
    fn string(&mut self) {
        let b = self.b;
        self.mark();
        let mut i = self.i + 1;
        while i < b.len() && b[i] != b'"' {
            if b[i] == b'\\' {
                i += 1;
            }
            if i < b.len() && b[i] == b'\n' {
                self.line += 1;
                self.mark();
            }
            i += 1;
        }
        self.i = i + 1;
    }

    /// A raw string: `r"…"`, `r#"…"#`, …; an `r` followed by `#` but no `"` is a word.
    fn raw_string(&mut self) {
        let b = self.b;
        let mut j = self.i + 1;
        let mut hashes = 0;
        while b.get(j) == Some(&b'#') {
            hashes += 1;
            j += 1;
        }
        self.mark();
        if b.get(j) != Some(&b'"') {
            self.i += 1;
            return;
        }
        j += 1;
        loop {
            if j >= b.len() {
                break;
            }
            if b[j] == b'\n' {
                self.line += 1;
                self.mark();
            }
            if b[j] == b'"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&b'#')) {
                j += 1 + hashes;
                break;
            }
            j += 1;
        }
        self.i = j;
    }

    /// A char literal (`'a'`, `'\n'`, `'\u{1F600}'`) or a lifetime (`'a`).
    fn char_or_lifetime(&mut self) {
        let b = self.b;
        self.mark();
        let mut i = self.i;
        if b.get(i + 1) == Some(&b'\\') {
            i += 2;
            while i < b.len() && b[i] != b'\'' && b[i] != b'\n' {
                i += 1;
            }
            i += 1;
        } else {
            let ch_len = self
                .src
                .get(i + 1..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
            if b.get(i + 1 + ch_len) == Some(&b'\'') {
                i += 2 + ch_len;
            } else {
                i += 1;
            }
        }
        self.i = i;
    }

    /// `(`, `[` or `{`: one level deeper, one more link in the chain.
    fn open(&mut self, c: u8) {
        self.mark();
        if c == b'{' {
            self.operators = 0;
        }
        self.depth += 1;
        if self.depth > self.out.max_depth {
            self.out.max_depth = self.depth;
            self.out.depth_line = self.line as u32;
        }
        self.chain_at_open.push(self.chain);
        self.chain += 1;
        self.note_chain();
        self.i += 1;
    }

    /// `)`, `]` or `}`: back to the chain count before the bracket opened.
    fn close(&mut self, c: u8) {
        self.mark();
        self.depth = self.depth.saturating_sub(1);
        if c == b'}' {
            self.operators = 0;
        }
        self.chain = self.chain_at_open.pop().unwrap_or(0);
        if c == b'}' {
            // What follows a block starts a new piece (the next item or statement).
            self.chain = piece_start(&self.chain_at_open);
        }
        self.i += 1;
    }

    /// An operator character (a decimal point is none).
    fn operator(&mut self, c: u8) {
        let (b, i) = (self.b, self.i);
        self.mark();
        let decimal = c == b'.'
            && i > 0
            && b[i - 1].is_ascii_digit()
            && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !decimal {
            self.operators += 1;
            if self.operators > self.out.max_operators {
                self.out.max_operators = self.operators;
                self.out.operators_line = self.line as u32;
            }
            self.chain += 1;
            self.note_chain();
        }
        self.i += 1;
    }

    /// Anything else: the rest of an identifier or number in one step, a prefix keyword
    /// adding a link to the chain.
    fn word(&mut self, c: u8) {
        let b = self.b;
        self.mark();
        self.i += 1;
        let mut i = self.i;
        // Not the `r` of a raw byte or C string (`br"…"`, `cr#"…"#`).
        let raw_prefix = matches!(c, b'b' | b'c')
            && b.get(i) == Some(&b'r')
            && matches!(b.get(i + 1), Some(b'#') | Some(b'"'))
            && (i < 2 || !is_ident(b[i - 2]));
        if is_ident(c) && !raw_prefix {
            let start = i - 1;
            while i < b.len() && is_ident(b[i]) {
                i += 1;
            }
            self.i = i;
            let after_dot = start > 0 && b[start - 1] == b'.';
            if !after_dot && PREFIX_KEYWORDS.contains(&&b[start..i]) {
                self.chain += 1;
                self.note_chain();
            }
        }
    }
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

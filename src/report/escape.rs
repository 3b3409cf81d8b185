//! A writer for human outputs that lets the report's own styles through and nothing else that
//! could drive a terminal: each control byte other than newline and tab is written as a
//! visible `\u{…}`, except an escape that starts a colour sequence (`ESC [ digits ; … m`, all
//! that anstyle writes). Names from the analysed code (file names, `#[path]` strings, crate
//! names, SQL identifiers) so cannot retitle or clear a terminal, whatever renderer prints them.

use std::io::{self, Write};

/// Longest colour sequence let through (`ESC[38;2;255;255;255;48;2;…m` is under this).
const MAX_SGR: usize = 48;

/// Wraps a writer; see the module doc.
pub struct Escaped<W: Write> {
    inner: W,
    /// Bytes of an escape sequence or a two-byte character not yet decided.
    pending: Vec<u8>,
}

impl<W: Write> Escaped<W> {
    /// Escapes what is written before it reaches `inner`.
    pub fn new(inner: W) -> Self {
        Escaped {
            inner,
            pending: Vec::new(),
        }
    }

    /// Writes the undecided bytes escaped (they turned out not to be a colour sequence).
    fn release_pending(&mut self, out: &mut Vec<u8>) {
        let pending = std::mem::take(&mut self.pending);
        for &b in &pending {
            push_byte(out, b);
        }
    }
}

/// One byte that is not part of a colour sequence or a C1 control.
fn push_byte(out: &mut Vec<u8>, b: u8) {
    if (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f {
        out.extend_from_slice(format!("\\u{{{b:x}}}").as_bytes());
    } else {
        out.push(b);
    }
}

impl<W: Write> Write for Escaped<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len());
        for &b in buf {
            if !self.pending.is_empty() {
                if self.pending[0] == 0xc2 {
                    // U+0080..U+009F (C1 controls, `CSI` among them) are 0xC2 0x80..0x9F.
                    self.pending.clear();
                    if (0x80..=0x9f).contains(&b) {
                        out.extend_from_slice(format!("\\u{{{b:x}}}").as_bytes());
                    } else {
                        out.push(0xc2);
                        push_byte(&mut out, b);
                    }
                    continue;
                }
                let sgr_so_far = self.pending.len() == 1 && b == b'['
                    || self.pending.len() >= 2 && (b.is_ascii_digit() || b == b';');
                if sgr_so_far && self.pending.len() < MAX_SGR {
                    self.pending.push(b);
                    continue;
                }
                if self.pending.len() >= 2 && b == b'm' {
                    out.append(&mut self.pending);
                    out.push(b);
                    continue;
                }
                self.release_pending(&mut out);
            }
            match b {
                0x1b | 0xc2 => self.pending.push(b),
                _ => push_byte(&mut out, b),
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut out = Vec::new();
        if self.pending.first() == Some(&0xc2) {
            out.append(&mut self.pending);
        } else {
            self.release_pending(&mut out);
        }
        self.inner.write_all(&out)?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Escaped<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(pieces: &[&[u8]]) -> String {
        let mut buf = Vec::new();
        {
            let mut w = Escaped::new(&mut buf);
            for p in pieces {
                w.write_all(p).unwrap();
            }
            w.flush().unwrap();
        }
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn colours_pass_and_other_controls_are_escaped() {
        let bold = anstyle::Style::new().bold();
        let styled = format!("{bold}Services{bold:#}\n\tok é\n");
        assert_eq!(escaped(&[styled.as_bytes()]), styled);
        assert_eq!(
            escaped(&[b"a\x1b]0;pwned\x07\x1b[2Jb\r\x7f"]),
            "a\\u{1b}]0;pwned\\u{7}\\u{1b}[2Jb\\u{d}\\u{7f}"
        );
        assert_eq!(escaped(&["x\u{9b}2J".as_bytes()]), "x\\u{9b}2J");
    }

    #[test]
    fn sequences_split_across_writes_are_judged_whole() {
        assert_eq!(escaped(&[b"\x1b", b"[1", b"m", b"x"]), "\x1b[1mx");
        assert_eq!(escaped(&[b"\x1b", b"[2", b"J"]), "\\u{1b}[2J");
        assert_eq!(escaped(&[b"\x1b"]), "\\u{1b}");
        assert_eq!(
            escaped(&["é".as_bytes()[..1].as_ref(), &"é".as_bytes()[1..]]),
            "é"
        );
    }
}

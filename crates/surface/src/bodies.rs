//! Function bodies blanked out of Rust source text before it is tokenized.
//!
//! Bodies never reach a surface, yet tokenizing them was most of an extraction's time: in a
//! crate like `syn` nine tenths of the bytes are statements. [`blank_fn_bodies`] finds the same
//! bodies as `rust::strip_fn_bodies` (which works on tokens and stays as the reference) with a
//! light lexer over the text, and replaces every character inside them by a space, keeping
//! newlines, so every token left has the line and column it had.
//!
//! The lexer knows what can hide a brace: comments (nested block comments), string, raw
//! string, byte and C string literals, and character literals told from lifetimes the way
//! rustc tells them. Whenever it is unsure (an unterminated literal or comment, an unbalanced
//! delimiter) it gives up and the caller tokenizes the text as written: a wrong guess must cost
//! time, never an item.

use std::ops::Range;

/// Where the scan is, relative to a `fn` item (mirrors `rust::FnScan`).
#[derive(Clone, Copy, PartialEq)]
enum Scan {
    Outside,
    /// Just after the `fn` keyword.
    Keyword,
    /// In the signature, inside this many `<`.
    Signature(usize),
}

/// The previous token, as far as the scan cares (mirrors `strip_fn_bodies`).
#[derive(Clone, Copy, PartialEq)]
enum Prev {
    Other,
    MinusJoint,
    Arrow,
    MacroBang,
    NeverBang,
}

/// One open delimiter: its closing byte, and whether `fn` items are looked for inside it
/// (only in brace groups opened while outside a signature, as `strip_fn_bodies` recurses).
struct Frame {
    close: u8,
    scanning: bool,
    /// The scan state of the enclosing stream, restored when this group closes.
    outer: Scan,
}

/// `text` with the inside of every function body replaced by spaces (newlines kept), or
/// `None` when nothing was blanked or the lexer could not be sure of the text.
pub(crate) fn blank_fn_bodies(text: &str) -> Option<String> {
    let bodies = find_bodies(text.as_bytes())?;
    if bodies.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for body in bodies {
        out.push_str(&text[at..body.start]);
        // Columns count characters, so a multi-byte character becomes one space.
        for c in text[body.clone()].chars() {
            out.push(match c {
                '\n' | '\r' => c,
                _ => ' ',
            });
        }
        at = body.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

fn is_ident_start(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphabetic() || b >= 0x80
}

fn is_ident_continue(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80
}

/// The byte ranges strictly inside each body's braces, in order; `None` when unsure.
fn find_bodies(s: &[u8]) -> Option<Vec<Range<usize>>> {
    let mut bodies = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut scanning = true;
    let mut state = Scan::Outside;
    let mut prev = Prev::Other;
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // Comments (doc comments included: they only become attributes, which the scan
        // treats like any other token outside a `fn` keyword).
        if b == b'/' && s.get(i + 1) == Some(&b'/') {
            i = s[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(s.len(), |n| i + n);
            continue;
        }
        if b == b'/' && s.get(i + 1) == Some(&b'*') {
            i = skip_block_comment(s, i)?;
            continue;
        }
        let before = std::mem::replace(&mut prev, Prev::Other);
        // Literals first: a prefix such as `r#"`, `b'`, `c"` looks like an identifier.
        if let Some(end) = literal_end(s, i)? {
            if state == Scan::Keyword {
                state = Scan::Outside;
            }
            i = end;
            continue;
        }
        if is_ident_start(b) || (b == b'r' && s.get(i + 1) == Some(&b'#')) {
            let start = i;
            if b == b'r' && s.get(i + 1) == Some(&b'#') {
                i += 2; // a raw identifier: `r#fn` is not the keyword
            }
            while i < s.len() && is_ident_continue(s[i]) {
                i += 1;
            }
            if scanning {
                state = match state {
                    Scan::Outside if &s[start..i] == b"fn" => Scan::Keyword,
                    Scan::Keyword => Scan::Signature(0),
                    other => other,
                };
            }
            continue;
        }
        if b == b'\'' {
            // Not a character literal (literal_end said so): a lifetime or label, which
            // proc-macro2 reads as a `'` punct joined to an identifier.
            i += 1;
            if scanning && state == Scan::Keyword {
                state = Scan::Outside;
            }
            continue;
        }
        match b {
            b'(' | b'[' | b'{' => {
                let close = match b {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                if scanning && b == b'{' && state == Scan::Signature(0) && before != Prev::MacroBang
                {
                    // A body: skip to its matching brace, blank what is between.
                    let end = skip_group(s, i)?;
                    bodies.push(i + 1..end - 1);
                    state = Scan::Outside;
                    i = end;
                    continue;
                }
                let inner_scanning = scanning && b == b'{' && state == Scan::Outside;
                if scanning && state == Scan::Keyword {
                    state = Scan::Outside;
                }
                stack.push(Frame {
                    close,
                    scanning,
                    outer: state,
                });
                scanning = inner_scanning;
                state = Scan::Outside;
                i += 1;
            }
            b')' | b']' | b'}' => {
                let frame = stack.pop()?;
                if frame.close != b {
                    return None;
                }
                scanning = frame.scanning;
                state = frame.outer;
                prev = Prev::Other;
                i += 1;
            }
            _ => {
                // A punctuation character; `Joint` when another one follows at once.
                let joint = s.get(i + 1).is_some_and(|&c| is_punct(c));
                prev = match b {
                    b'-' if joint => Prev::MinusJoint,
                    b'>' if before == Prev::MinusJoint => Prev::Arrow,
                    b'!' if before == Prev::Arrow => Prev::NeverBang,
                    b'!' => Prev::MacroBang,
                    _ => Prev::Other,
                };
                if scanning {
                    state = match (state, b) {
                        (Scan::Keyword, _) => Scan::Outside,
                        (Scan::Signature(d), b'<') => Scan::Signature(d + 1),
                        (Scan::Signature(d), b'>') if prev != Prev::Arrow => {
                            Scan::Signature(d.saturating_sub(1))
                        }
                        (Scan::Signature(0), b';') => Scan::Outside,
                        (other, _) => other,
                    };
                }
                i += 1;
            }
        }
    }
    stack.is_empty().then_some(bodies)
}

/// The characters proc-macro2 reads as punctuation (and joins when adjacent).
fn is_punct(b: u8) -> bool {
    matches!(
        b,
        b'~' | b'!'
            | b'@'
            | b'#'
            | b'$'
            | b'%'
            | b'^'
            | b'&'
            | b'*'
            | b'-'
            | b'='
            | b'+'
            | b'|'
            | b';'
            | b':'
            | b','
            | b'<'
            | b'.'
            | b'>'
            | b'/'
            | b'?'
            | b'\''
    )
}

/// End of the nested block comment starting at `i` (`/*`).
fn skip_block_comment(s: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    while i < s.len() {
        if s[i] == b'/' && s.get(i + 1) == Some(&b'*') {
            depth += 1;
            i += 2;
        } else if s[i] == b'*' && s.get(i + 1) == Some(&b'/') {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return Some(i);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// End of the group whose opening delimiter is at `open`, lexing literals and comments.
fn skip_group(s: &[u8], open: usize) -> Option<usize> {
    let mut closes = vec![closing(s[open])?];
    let mut i = open + 1;
    while i < s.len() {
        let b = s[i];
        if b == b'/' && s.get(i + 1) == Some(&b'/') {
            i = s[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(s.len(), |n| i + n);
            continue;
        }
        if b == b'/' && s.get(i + 1) == Some(&b'*') {
            i = skip_block_comment(s, i)?;
            continue;
        }
        if let Some(end) = literal_end(s, i)? {
            i = end;
            continue;
        }
        if is_ident_start(b) {
            // Whole identifiers, so `br` or `r#x` inside one is never read as a prefix.
            while i < s.len() && is_ident_continue(s[i]) {
                i += 1;
            }
            continue;
        }
        match b {
            b'(' | b'[' | b'{' => closes.push(closing(b)?),
            b')' | b']' | b'}' => {
                if closes.pop()? != b {
                    return None;
                }
                if closes.is_empty() {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn closing(open: u8) -> Option<u8> {
    match open {
        b'(' => Some(b')'),
        b'[' => Some(b']'),
        b'{' => Some(b'}'),
        _ => None,
    }
}

/// When a literal that may hide delimiters starts at `i`: `Some(Some(end))`; when none
/// starts there: `Some(None)`; when one starts but does not end: `None`.
///
/// Numbers need no care (they hold no delimiter); only the quote-delimited literals do.
fn literal_end(s: &[u8], i: usize) -> Option<Option<usize>> {
    // Only at the start of a token: `br"…"` inside `abr"` cannot occur, since identifiers
    // are consumed whole by the callers.
    let mut j = i;
    let mut raw = false;
    match s[j] {
        b'b' | b'c' => {
            j += 1;
            if s.get(j) == Some(&b'r') {
                raw = true;
                j += 1;
            }
        }
        b'r' => {
            raw = true;
            j += 1;
        }
        _ => {}
    }
    if raw {
        let hashes_start = j;
        while s.get(j) == Some(&b'#') {
            j += 1;
        }
        let hashes = j - hashes_start;
        if s.get(j) != Some(&b'"') {
            return Some(None); // an identifier such as `r`, `br`, or a raw identifier
        }
        j += 1;
        loop {
            let q = j + s.get(j..)?.iter().position(|&c| c == b'"')?;
            let closes =
                s.len() >= q + 1 + hashes && s[q + 1..q + 1 + hashes].iter().all(|&c| c == b'#');
            if closes {
                return Some(Some(suffix_end(s, q + 1 + hashes)));
            }
            j = q + 1;
        }
    }
    match s.get(j) {
        Some(b'"') => {
            j += 1;
            while j < s.len() {
                match s[j] {
                    b'\\' => j += 2,
                    b'"' => return Some(Some(suffix_end(s, j + 1))),
                    _ => j += 1,
                }
            }
            None
        }
        Some(b'\'') => {
            // rustc's rule: `'\…'` is a character; `'x'` is one when the quote closes right
            // after one character; otherwise (`'a`, `'static`) it is a lifetime or label.
            let after = j + 1;
            match s.get(after) {
                Some(b'\\') => {
                    let mut k = after + 2;
                    while k < s.len() && s[k] != b'\'' && s[k] != b'\n' {
                        k += 1;
                    }
                    (s.get(k) == Some(&b'\'')).then(|| Some(suffix_end(s, k + 1)))
                }
                Some(_) => {
                    let len = utf8_len(s[after]);
                    if s.get(after + len) == Some(&b'\'') {
                        Some(Some(suffix_end(s, after + len + 1)))
                    } else if j > i {
                        None // `b'…` that is not a byte literal: not Rust
                    } else {
                        Some(None)
                    }
                }
                None => None,
            }
        }
        _ => Some(None),
    }
}

/// After a literal, its suffix (`"…"_suffix`, `'x'u8` is not Rust but lexes alike).
fn suffix_end(s: &[u8], mut i: usize) -> usize {
    if i < s.len() && is_ident_start(s[i]) {
        while i < s.len() && is_ident_continue(s[i]) {
            i += 1;
        }
    }
    i
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::blank_fn_bodies;

    #[test]
    fn bodies_become_spaces_and_everything_else_keeps_its_place() {
        let text = "pub fn a(x: u8) -> u8 {\n    let c = '}'; x\n}\npub struct S;\n";
        let out = blank_fn_bodies(text).expect("a body");
        assert_eq!(out.len(), text.len());
        let blank_line = " ".repeat("    let c = '}'; x".len());
        assert_eq!(
            out,
            format!("pub fn a(x: u8) -> u8 {{\n{blank_line}\n}}\npub struct S;\n")
        );
    }

    #[test]
    fn braces_hidden_in_literals_and_comments_do_not_count() {
        let text = r##"fn a() { let s = r#"}"#; let t = "\"}"; /* } /* } */ */ // }
  let c = b'{'; let l: &'static str = "x"; }
fn b() {}"##;
        let out = blank_fn_bodies(text).expect("bodies");
        assert!(out.ends_with("fn b() {}"), "{out}");
        assert_eq!(out.lines().count(), text.lines().count());
    }

    #[test]
    fn signatures_with_braces_and_declarations_are_kept() {
        // A const-generic brace inside `<…>`, a `-> name!{…}` type, a trait method without
        // a body, a function pointer type.
        let text = "fn a() -> Foo<{ N }> { 1 }\nfn b() -> m!{x} { 2 }\ntrait T { fn c(&self); }\ntype F = fn(u8) -> u8;\n";
        let out = blank_fn_bodies(text).expect("bodies");
        assert!(out.contains("Foo<{ N }>"), "{out}");
        assert!(out.contains("m!{x}"), "{out}");
        assert!(out.contains("fn c(&self);"), "{out}");
        assert!(!out.contains('1') && !out.contains('2'), "{out}");
    }

    #[test]
    fn an_unterminated_literal_or_unbalanced_group_gives_up() {
        assert_eq!(blank_fn_bodies("fn a() { \"open }"), None);
        assert_eq!(blank_fn_bodies("fn a() { ) }"), None);
        assert_eq!(blank_fn_bodies("fn a() { /* }"), None);
    }
}

/// The text scan must find exactly the bodies the token scan finds, on real code: every `.rs`
/// file of this workspace, and of `ACCORD_BODIES_CORPUS` when set (e.g. the accuracy corpus
/// cache, `$TMPDIR/accord-corpus`).
#[cfg(test)]
mod equivalence {
    use std::path::{Path, PathBuf};

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let Ok(kind) = e.file_type() else { continue };
            if kind.is_dir() && p.file_name().is_some_and(|n| n != "target" && n != ".git") {
                rust_files(&p, out);
            } else if kind.is_file() && p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    fn check(root: &Path) -> (usize, usize) {
        let mut files = Vec::new();
        rust_files(root, &mut files);
        let (mut blanked, mut mismatched) = (0, Vec::new());
        for f in &files {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            let Some(reference) = crate::rust::stripped_tokens(&text, false) else {
                continue; // does not tokenize: nothing to compare
            };
            if super::blank_fn_bodies(&text).is_some() {
                blanked += 1;
            }
            if crate::rust::stripped_tokens(&text, true).as_deref() != Some(reference.as_str()) {
                mismatched.push(f.display().to_string());
            }
        }
        assert!(
            mismatched.is_empty(),
            "text and token scans disagree on {mismatched:#?}"
        );
        (files.len(), blanked)
    }

    #[test]
    fn the_text_scan_finds_the_bodies_the_token_scan_finds() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let (files, blanked) = check(&workspace);
        assert!(
            files > 100 && blanked > 100,
            "{files} files, {blanked} blanked"
        );
        if let Some(corpus) = std::env::var_os("ACCORD_BODIES_CORPUS") {
            let (files, blanked) = check(Path::new(&corpus));
            assert!(files > 0, "{}: no Rust files", corpus.to_string_lossy());
            assert!(blanked <= files);
        }
    }
}

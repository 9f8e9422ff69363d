//! Function bodies never reach an API surface: finding them early saves most of the work.
//!
//! One scan decides what a body is ([`BodyScan`]); two drivers feed it. [`strip_fn_bodies`]
//! runs on token streams (files and macro expansions) and is the authority. [`blank_fn_bodies`]
//! runs on source text before it is tokenized, with the real Rust lexer (`rustc_lexer`, as
//! published for rust-analyzer), so the tokenizer never sees the bodies at all: lexing them
//! was a third of an extraction. The text driver gives up (returns `None`) on anything it is
//! not sure of — a token the lexer flags, unbalanced delimiters, deep nesting — and the file is
//! then tokenized whole, as before.

use proc_macro2::{Delimiter, Group, Spacing, TokenStream, TokenTree};
use ra_ap_rustc_lexer::{DocStyle, FrontmatterAllowed, LiteralKind, TokenKind};
use std::ops::Range;

/// Where `fn` signatures are in a token sequence: scanning for the body of one.
#[derive(Clone, Copy)]
enum FnScan {
    /// Not in a signature.
    Outside,
    /// Just after the `fn` keyword.
    Keyword,
    /// In the signature, inside this many `<`.
    Signature(usize),
}

/// The previous token, as far as the scan cares: `-` joint (so `>` ends an arrow), the end
/// of `->`, or `!` (a macro name's, or the never type's right after `->`).
#[derive(Clone, Copy, PartialEq)]
enum Prev {
    Other,
    MinusJoint,
    Arrow,
    MacroBang,
    NeverBang,
}

/// One token as the scan sees it; a group is one token, whatever it holds.
#[derive(Clone, Copy)]
enum ScanToken {
    Ident { is_fn: bool },
    Punct { ch: char, joint: bool },
    Literal,
    Group(Delimiter),
}

/// What to do with a group.
#[derive(Clone, Copy, PartialEq, Debug)]
enum GroupAction {
    Keep,
    /// A function body: empty it.
    Empty,
    /// A `mod`, `impl`, `trait` or `extern` block (or any block outside a signature): it may
    /// hold more functions.
    Descend,
}

/// The body of a `fn` is the first brace group at angle depth 0 after `fn NAME`
/// (const-generic braces sit inside `<…>`, brackets or parentheses; `name!{…}` type macros
/// are kept). When unsure it keeps the tokens, which syn then parses as before.
struct BodyScan {
    state: FnScan,
    prev: Prev,
}

impl BodyScan {
    fn new() -> Self {
        BodyScan {
            state: FnScan::Outside,
            prev: Prev::Other,
        }
    }

    /// Feeds one token; for a group, says what to do with it.
    fn step(&mut self, token: ScanToken) -> GroupAction {
        let before = std::mem::replace(&mut self.prev, Prev::Other);
        match token {
            ScanToken::Ident { is_fn } => {
                self.state = match self.state {
                    FnScan::Outside if is_fn => FnScan::Keyword,
                    FnScan::Keyword => FnScan::Signature(0),
                    other => other,
                };
            }
            ScanToken::Punct { ch, joint } => {
                self.prev = match ch {
                    '-' if joint => Prev::MinusJoint,
                    '>' if before == Prev::MinusJoint => Prev::Arrow,
                    '!' if before == Prev::Arrow => Prev::NeverBang,
                    '!' => Prev::MacroBang,
                    _ => Prev::Other,
                };
                self.state = match (self.state, ch) {
                    (FnScan::Keyword, _) => FnScan::Outside,
                    (FnScan::Signature(d), '<') => FnScan::Signature(d + 1),
                    (FnScan::Signature(d), '>') if self.prev != Prev::Arrow => {
                        FnScan::Signature(d.saturating_sub(1))
                    }
                    (FnScan::Signature(0), ';') => FnScan::Outside,
                    (other, _) => other,
                };
            }
            ScanToken::Literal => {
                if let FnScan::Keyword = self.state {
                    self.state = FnScan::Outside;
                }
            }
            ScanToken::Group(delimiter) => {
                return match (self.state, delimiter) {
                    // `-> name!{…}` is a type; the body comes after it.
                    (FnScan::Signature(0), Delimiter::Brace) if before != Prev::MacroBang => {
                        self.state = FnScan::Outside;
                        GroupAction::Empty
                    }
                    (FnScan::Outside, Delimiter::Brace) => GroupAction::Descend,
                    (FnScan::Keyword, _) => {
                        self.state = FnScan::Outside;
                        GroupAction::Keep
                    }
                    _ => GroupAction::Keep,
                };
            }
        }
        GroupAction::Keep
    }
}

/// `tokens` with the body of every `fn` (free, in `impl`, `trait` and `mod` blocks) replaced by
/// an empty block carrying the same span.
///
/// Bodies never reach the surface, and parsing their statements and expressions into a syn
/// tree was most of the time and memory of an extraction.
pub(crate) fn strip_fn_bodies(tokens: TokenStream) -> TokenStream {
    let mut scan = BodyScan::new();
    let mut out: Vec<TokenTree> = Vec::new();
    for tt in tokens {
        let tt = match tt {
            TokenTree::Ident(i) => {
                scan.step(ScanToken::Ident { is_fn: i == "fn" });
                TokenTree::Ident(i)
            }
            TokenTree::Punct(p) => {
                scan.step(ScanToken::Punct {
                    ch: p.as_char(),
                    joint: p.spacing() == Spacing::Joint,
                });
                TokenTree::Punct(p)
            }
            TokenTree::Literal(l) => {
                scan.step(ScanToken::Literal);
                TokenTree::Literal(l)
            }
            TokenTree::Group(g) => match scan.step(ScanToken::Group(g.delimiter())) {
                GroupAction::Keep => TokenTree::Group(g),
                GroupAction::Empty => {
                    let mut empty = Group::new(Delimiter::Brace, TokenStream::new());
                    empty.set_span(g.span());
                    TokenTree::Group(empty)
                }
                GroupAction::Descend => {
                    let mut inner = Group::new(Delimiter::Brace, strip_fn_bodies(g.stream()));
                    inner.set_span(g.span());
                    TokenTree::Group(inner)
                }
            },
        };
        out.push(tt);
    }
    out.into_iter().collect()
}

/// A significant token of the source text, with its byte range.
#[derive(Clone, Copy)]
struct Lexeme {
    kind: LexKind,
    start: usize,
    end: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum LexKind {
    Ident {
        is_fn: bool,
    },
    Punct(char),
    Literal,
    Open(Delimiter),
    Close(Delimiter),
    /// The `[…]` of an attribute a doc comment stands for: a group with nothing to scan.
    DocGroup,
}

/// Past this brace depth the text driver gives up and leaves the file to the tokenizer.
const MAX_DEPTH: usize = 128;

/// `text` with the inside of every function body [`strip_fn_bodies`] would empty replaced by
/// its line breaks, and by one space per character on the line of the closing brace: every
/// token left keeps its line and column, so locations and syntax errors read the same.
/// `None` when the text is not plainly lexable Rust; the caller then tokenizes it whole.
pub(crate) fn blank_fn_bodies(text: &str) -> Option<String> {
    rewrite(text, false)
}

/// [`blank_fn_bodies`], and each `///` or `//!` doc comment written as the attribute it
/// stands for with a raw string (`#[doc = r"…"]`): the same tokens and value, but the
/// tokenizer no longer escapes the comment into a string literal that syn then unescapes
/// once to check it and again for its value (a sixth of an extraction on well-documented
/// code). Only the comment's own line grows, after its last token, so every other token
/// keeps its line and column. `None` when the text is not plainly lexable Rust or there is
/// nothing to rewrite. As its bodies are already empty, [`strip_fn_bodies`] has nothing left
/// to do on its tokens ([`fn_body_scans_agree`] checks both).
pub(crate) fn prepare_for_tokens(text: &str) -> Option<String> {
    rewrite(text, true)
}

fn rewrite(text: &str, docs: bool) -> Option<String> {
    let Scanned {
        bodies,
        doc_comments,
        ..
    } = scan(text)?;
    let doc_comments = if docs { doc_comments } else { Vec::new() };
    if bodies.is_empty() && doc_comments.is_empty() {
        return None;
    }
    Some(splice(text, &bodies, doc_comments))
}

/// A text lexed, its delimiters paired and its function bodies found.
struct Scanned {
    lexemes: Vec<Lexeme>,
    closes: Vec<usize>,
    /// Byte range inside each function body.
    bodies: Vec<(usize, usize)>,
    doc_comments: Vec<DocComment>,
    /// Whether the top level ends outside any `fn` signature.
    ends_outside: bool,
}

fn scan(text: &str) -> Option<Scanned> {
    let (lexemes, doc_comments) = lex(text)?;
    let closes = match_delimiters(&lexemes)?;
    let mut bodies = Vec::new();
    let ends_outside = scan_level(&lexemes, &closes, 0, lexemes.len(), 0, &mut bodies)?;
    Some(Scanned {
        lexemes,
        closes,
        bodies,
        doc_comments,
        ends_outside,
    })
}

/// `text` with `bodies` blanked and `doc_comments` written as attributes.
fn splice(text: &str, bodies: &[(usize, usize)], doc_comments: Vec<DocComment>) -> String {
    let mut out = String::with_capacity(text.len() + doc_comments.len() * 16);
    let mut at = 0;
    let mut docs = doc_comments.into_iter().peekable();
    for &(start, end) in bodies {
        while let Some(doc) = docs.next_if(|d| d.start < start) {
            out.push_str(&text[at..doc.start]);
            push_doc_attribute(&mut out, &text[doc.start..doc.end], doc.inner);
            at = doc.end;
        }
        // Doc comments inside a body go with it.
        while docs.next_if(|d| d.start < end).is_some() {}
        out.push_str(&text[at..start]);
        let inside = &text[start..end];
        let last_line = match inside.rfind('\n') {
            Some(i) => {
                out.extend(std::iter::repeat_n('\n', inside.matches('\n').count()));
                &inside[i + 1..]
            }
            None => inside,
        };
        out.extend(std::iter::repeat_n(' ', last_line.chars().count()));
        at = end;
    }
    for doc in docs {
        out.push_str(&text[at..doc.start]);
        push_doc_attribute(&mut out, &text[doc.start..doc.end], doc.inner);
        at = doc.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A run of whole lines of a prepared text that parses on its own (see [`prepare_pieces`]).
/// Lines are 0-based indices; the text and its prepared form have the same lines.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    /// Whole items (and the comments around them).
    Items(Range<usize>),
    /// An inline `mod NAME {` … `}`: the `header` lines (attributes, visibility, the `mod`
    /// line ending with its `{`), the pieces of its contents, and the line its `}` begins.
    Mod {
        header: Range<usize>,
        inner: Vec<Piece>,
        close: usize,
    },
}

/// Deepest inline module whose contents are cut into pieces.
const MAX_PIECE_DEPTH: usize = 8;

/// [`prepare_for_tokens`], and the prepared text cut into [`Piece`]s at line breaks between
/// items, so that the items of a file which two versions share can be parsed once. A cut
/// falls only where the lexer says an item may end: right after a `;` or a `{…}` at the
/// level, with nothing but spaces before the line break, and no `;` next; an inline module
/// is opened when its `{` ends a line, its `}` begins one and it has no inner attributes.
/// Whether the pieces really parse as the items of the whole is for the parser to confirm:
/// each must parse alone, and only the first may hold inner attributes. `None` when
/// [`prepare_for_tokens`] would be.
#[cfg(test)]
pub(crate) fn prepare_pieces(text: &str) -> Option<(String, Vec<Piece>)> {
    let chunk = prepare_chunk(text)?;
    chunk.rewrote.then_some((chunk.prepared, chunk.pieces))
}

/// A run of whole lines of a file prepared on its own: what [`prepare_pieces`] makes of it,
/// and what it takes for consecutive chunks to stand for the file they cut.
pub(crate) struct Chunk {
    /// The text with bodies blanked and doc comments as attributes (itself when
    /// [`Chunk::rewrote`] is false).
    pub(crate) prepared: String,
    /// Whether anything was blanked or rewritten.
    pub(crate) rewrote: bool,
    /// Byte offset of each line of `prepared` (the text has the same lines).
    pub(crate) starts: Vec<usize>,
    /// Its pieces, lines counted from its first line.
    pub(crate) pieces: Vec<Piece>,
    /// Whether it ends where its pieces may be cut: after a `;` or a `{…}` at the top level,
    /// outside any `fn` signature, with nothing but spaces before the line break that
    /// ends the chunk.
    pub(crate) ends_cleanly: bool,
    /// Whether its first token is a `;` (which no cut may come before).
    pub(crate) starts_with_semi: bool,
}

/// Prepares one chunk of a file alone; `None` when it is not plainly lexable Rust on its own
/// (a string, comment or delimiter left open at its end included). Chunks of a file that
/// each prepare, each end cleanly and of which none after the first starts with `;`, lex,
/// blank and cut exactly as the whole file would: no token spans a cut, the scan for bodies
/// starts each chunk as it left the previous one, and each cut is one [`prepare_pieces`]
/// would make.
pub(crate) fn prepare_chunk(text: &str) -> Option<Chunk> {
    let Scanned {
        lexemes,
        closes,
        bodies,
        doc_comments,
        ends_outside,
    } = scan(text)?;
    let lines = Lines::new(text);
    let mut pieces = Vec::new();
    let cx = Cutter {
        lexemes: &lexemes,
        closes: &closes,
        text,
        lines: &lines,
    };
    cx.level(0, lexemes.len(), 0..lines.breaks.len() + 1, 0, &mut pieces);
    // The last top-level lexeme: a `}` closes a group opened at the top level.
    let ends_cleanly = ends_outside
        && lexemes.last().is_some_and(|last| {
            let ends_item = matches!(
                last.kind,
                LexKind::Punct(';') | LexKind::Close(Delimiter::Brace)
            );
            ends_item && lines.blank_to_break(last.end, text.len()).is_some()
        });
    let starts_with_semi = lexemes
        .first()
        .is_some_and(|l| l.kind == LexKind::Punct(';'));
    let rewrote = !bodies.is_empty() || !doc_comments.is_empty();
    let prepared = if rewrote {
        splice(text, &bodies, doc_comments)
    } else {
        text.to_owned()
    };
    let starts = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', prepared.as_bytes()).map(|at| at + 1))
        .collect();
    Some(Chunk {
        prepared,
        rewrote,
        starts,
        pieces,
        ends_cleanly,
        starts_with_semi,
    })
}

/// Where the line breaks of a text are.
struct Lines<'t> {
    text: &'t [u8],
    breaks: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            text: text.as_bytes(),
            breaks: memchr::memchr_iter(b'\n', text.as_bytes()).collect(),
        }
    }

    /// The 0-based line of byte `at`.
    fn line_of(&self, at: usize) -> usize {
        self.breaks.partition_point(|&b| b < at)
    }

    /// The first line break after `from`, when it comes before `before` with only spaces
    /// before it.
    fn blank_to_break(&self, from: usize, before: usize) -> Option<usize> {
        let rest = &self.text[from..before];
        let at = memchr::memchr(b'\n', rest)?;
        rest[..at]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r'))
            .then_some(from + at)
    }

    /// Whether only spaces stand between the start of the line of `at` and `at`.
    fn blank_from_line_start(&self, at: usize) -> bool {
        let start = match self.line_of(at) {
            0 => 0,
            line => self.breaks[line - 1] + 1,
        };
        self.text[start..at]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r'))
    }
}

/// Cuts one level (a file, or an inline module's contents) into pieces.
struct Cutter<'a> {
    lexemes: &'a [Lexeme],
    closes: &'a [usize],
    text: &'a str,
    lines: &'a Lines<'a>,
}

impl Cutter<'_> {
    /// Cuts `lexemes[from..to]`, which stand on `lines`, into `out`.
    fn level(
        &self,
        from: usize,
        to: usize,
        lines: Range<usize>,
        depth: usize,
        out: &mut Vec<Piece>,
    ) {
        let lx = self.lexemes;
        let (mut start, mut start_line) = (from, lines.start);
        let mut i = from;
        while i < to {
            let (last, next) = match lx[i].kind {
                LexKind::Open(_) => (self.closes[i], self.closes[i] + 1),
                _ => (i, i + 1),
            };
            let ends_item = matches!(
                lx[i].kind,
                LexKind::Punct(';') | LexKind::Open(Delimiter::Brace)
            );
            if ends_item
                && next < to
                && lx[next].kind != LexKind::Punct(';')
                && let Some(at) = self.lines.blank_to_break(lx[last].end, lx[next].start)
            {
                let cut = self.lines.line_of(at) + 1;
                self.segment(start, next, start_line..cut, depth, out);
                (start, start_line) = (next, cut);
            }
            i = next;
        }
        self.segment(start, to, start_line..lines.end, depth, out);
    }

    /// One run of items between two cuts: an inline module is opened, anything else is one
    /// piece.
    fn segment(
        &self,
        from: usize,
        to: usize,
        lines: Range<usize>,
        depth: usize,
        out: &mut Vec<Piece>,
    ) {
        let lx = self.lexemes;
        if depth < MAX_PIECE_DEPTH
            && let Some(open) = self.inline_mod(from, to)
        {
            let close = self.closes[open];
            let inner_attrs = matches!(lx.get(open + 1), Some(l) if l.kind == LexKind::Punct('#'))
                && matches!(lx.get(open + 2), Some(l) if l.kind == LexKind::Punct('!'));
            if !inner_attrs
                && self
                    .lines
                    .blank_to_break(lx[open].end, lx[close].start)
                    .is_some()
                && self.lines.blank_from_line_start(lx[close].start)
            {
                let open_line = self.lines.line_of(lx[open].start);
                let close_line = self.lines.line_of(lx[close].start);
                let mut inner = Vec::new();
                self.level(
                    open + 1,
                    close,
                    open_line + 1..close_line,
                    depth + 1,
                    &mut inner,
                );
                out.push(Piece::Mod {
                    header: lines.start..open_line + 1,
                    inner,
                    close: close_line,
                });
                if close_line + 1 < lines.end {
                    out.push(Piece::Items(close_line + 1..lines.end));
                }
                return;
            }
        }
        out.push(Piece::Items(lines));
    }

    /// The index of the `{` when `lexemes[from..to]` is exactly one inline module:
    /// attributes, a visibility, `mod NAME { … }`.
    fn inline_mod(&self, from: usize, to: usize) -> Option<usize> {
        let lx = &self.lexemes[..to];
        let word = |k: usize, w: &str| {
            lx.get(k).is_some_and(|l| {
                matches!(l.kind, LexKind::Ident { .. }) && &self.text[l.start..l.end] == w
            })
        };
        let mut k = from;
        while lx.get(k)?.kind == LexKind::Punct('#') {
            match lx.get(k + 1)?.kind {
                LexKind::Open(Delimiter::Bracket) => k = self.closes[k + 1] + 1,
                LexKind::DocGroup => k += 2,
                _ => return None,
            }
        }
        if word(k, "pub") {
            k += 1;
            if lx.get(k)?.kind == LexKind::Open(Delimiter::Parenthesis) {
                k = self.closes[k] + 1;
            }
        }
        (word(k, "mod")
            && matches!(lx.get(k + 1)?.kind, LexKind::Ident { .. })
            && lx.get(k + 2)?.kind == LexKind::Open(Delimiter::Brace)
            && self.closes[k + 2] == to - 1)
            .then_some(k + 2)
    }
}

/// A line doc comment (`///…` or `//!…`, without its line break) that can be written as a
/// raw-string attribute: no carriage return, which a raw string may not hold bare.
#[derive(Clone, Copy)]
struct DocComment {
    start: usize,
    end: usize,
    inner: bool,
}

/// `#[doc = r"…"]` (`# ![…]` for an inner comment) for the comment text `comment`, with as
/// many `#` around the raw string as it takes for no `"#…` inside to end it early.
fn push_doc_attribute(out: &mut String, comment: &str, inner: bool) {
    let value = &comment[3..];
    let mut hashes = 0;
    if value.contains('"') {
        let mut run = None;
        for b in value.bytes() {
            run = match (b, run) {
                (b'"', _) => Some(0),
                (b'#', Some(n)) => Some(n + 1),
                _ => None,
            };
            if let Some(n) = run {
                hashes = hashes.max(n + 1);
            }
        }
    }
    // `# !` apart: proc-macro2 makes a doc comment's `#` alone, and `#!` written together
    // would be joint.
    out.push_str(if inner { "# ![doc=r" } else { "#[doc=r" });
    out.extend(std::iter::repeat_n('#', hashes));
    out.push('"');
    out.push_str(value);
    out.push('"');
    out.extend(std::iter::repeat_n('#', hashes));
    out.push(']');
}

/// The significant tokens, as proc-macro2 would see them: comments and whitespace dropped,
/// a doc comment as the `#` (`#!`) and `[…]` of its attribute, a lifetime as its `'`.
/// Also the line doc comments that can be rewritten (see [`prepare_for_tokens`]).
fn lex(text: &str) -> Option<(Vec<Lexeme>, Vec<DocComment>)> {
    let mut lexemes = Vec::with_capacity(text.len() / 4);
    let mut docs = Vec::new();
    let mut start = 0;
    for token in ra_ap_rustc_lexer::tokenize(text, FrontmatterAllowed::No) {
        let end = start + token.len as usize;
        let mut push = |kind| lexemes.push(Lexeme { kind, start, end });
        match token.kind {
            TokenKind::Whitespace
            | TokenKind::LineComment { doc_style: None }
            | TokenKind::BlockComment {
                doc_style: None,
                terminated: true,
            } => {}
            TokenKind::LineComment {
                doc_style: Some(style),
            }
            | TokenKind::BlockComment {
                doc_style: Some(style),
                terminated: true,
            } => {
                if matches!(token.kind, TokenKind::LineComment { .. })
                    && !text[start..end].contains('\r')
                {
                    docs.push(DocComment {
                        start,
                        end,
                        inner: style == DocStyle::Inner,
                    });
                }
                push(LexKind::Punct('#'));
                if style == DocStyle::Inner {
                    push(LexKind::Punct('!'));
                }
                push(LexKind::DocGroup);
            }
            TokenKind::Ident => push(LexKind::Ident {
                is_fn: &text[start..end] == "fn",
            }),
            TokenKind::RawIdent => push(LexKind::Ident { is_fn: false }),
            TokenKind::Lifetime {
                starts_with_number: false,
            }
            | TokenKind::RawLifetime => push(LexKind::Punct('\'')),
            TokenKind::Literal { kind, .. } if literal_is_complete(kind) => push(LexKind::Literal),
            TokenKind::OpenParen => push(LexKind::Open(Delimiter::Parenthesis)),
            TokenKind::CloseParen => push(LexKind::Close(Delimiter::Parenthesis)),
            TokenKind::OpenBracket => push(LexKind::Open(Delimiter::Bracket)),
            TokenKind::CloseBracket => push(LexKind::Close(Delimiter::Bracket)),
            TokenKind::OpenBrace => push(LexKind::Open(Delimiter::Brace)),
            TokenKind::CloseBrace => push(LexKind::Close(Delimiter::Brace)),
            kind => push(LexKind::Punct(punct_char(kind)?)),
        }
        start = end;
    }
    Some((lexemes, docs))
}

fn literal_is_complete(kind: LiteralKind) -> bool {
    match kind {
        LiteralKind::Int { empty_int, .. } => !empty_int,
        LiteralKind::Float { empty_exponent, .. } => !empty_exponent,
        LiteralKind::Char { terminated }
        | LiteralKind::Byte { terminated }
        | LiteralKind::Str { terminated }
        | LiteralKind::ByteStr { terminated }
        | LiteralKind::CStr { terminated } => terminated,
        LiteralKind::RawStr { n_hashes }
        | LiteralKind::RawByteStr { n_hashes }
        | LiteralKind::RawCStr { n_hashes } => n_hashes.is_some(),
    }
}

/// The character of a one-character punctuation token; `None` for anything else (an invalid
/// identifier, an unknown prefix or character, an unterminated comment…).
fn punct_char(kind: TokenKind) -> Option<char> {
    Some(match kind {
        TokenKind::Semi => ';',
        TokenKind::Comma => ',',
        TokenKind::Dot => '.',
        TokenKind::At => '@',
        TokenKind::Pound => '#',
        TokenKind::Tilde => '~',
        TokenKind::Question => '?',
        TokenKind::Colon => ':',
        TokenKind::Dollar => '$',
        TokenKind::Eq => '=',
        TokenKind::Bang => '!',
        TokenKind::Lt => '<',
        TokenKind::Gt => '>',
        TokenKind::Minus => '-',
        TokenKind::And => '&',
        TokenKind::Or => '|',
        TokenKind::Plus => '+',
        TokenKind::Star => '*',
        TokenKind::Slash => '/',
        TokenKind::Caret => '^',
        TokenKind::Percent => '%',
        _ => return None,
    })
}

/// For each opening delimiter, the index of its closing one; `None` when they do not pair.
fn match_delimiters(lexemes: &[Lexeme]) -> Option<Vec<usize>> {
    let mut closes = vec![usize::MAX; lexemes.len()];
    let mut open = Vec::new();
    for (i, lexeme) in lexemes.iter().enumerate() {
        match lexeme.kind {
            LexKind::Open(_) => open.push(i),
            LexKind::Close(delimiter) => {
                let o = open.pop()?;
                if lexemes[o].kind != LexKind::Open(delimiter) {
                    return None;
                }
                closes[o] = i;
            }
            _ => {}
        }
    }
    open.is_empty().then_some(closes)
}

/// Scans `lexemes[from..to]` (one group's contents) as [`strip_fn_bodies`] scans a token
/// stream, collecting the byte range inside each body. Says whether the scan ends outside
/// any `fn` signature, where a fresh scan would start.
fn scan_level(
    lexemes: &[Lexeme],
    closes: &[usize],
    from: usize,
    to: usize,
    depth: usize,
    bodies: &mut Vec<(usize, usize)>,
) -> Option<bool> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut scan = BodyScan::new();
    let mut i = from;
    while i < to {
        let lexeme = lexemes[i];
        let next = i + 1;
        match lexeme.kind {
            LexKind::Ident { is_fn } => {
                scan.step(ScanToken::Ident { is_fn });
            }
            LexKind::Punct(ch) => {
                // proc-macro2 marks a punctuation character joint when another follows at once.
                let joint = lexemes
                    .get(next)
                    .is_some_and(|n| n.start == lexeme.end && matches!(n.kind, LexKind::Punct(_)));
                scan.step(ScanToken::Punct { ch, joint });
            }
            LexKind::Literal => {
                scan.step(ScanToken::Literal);
            }
            LexKind::DocGroup => {
                scan.step(ScanToken::Group(Delimiter::Bracket));
            }
            LexKind::Open(delimiter) => {
                let close = closes[i];
                match scan.step(ScanToken::Group(delimiter)) {
                    GroupAction::Keep => {}
                    GroupAction::Empty => bodies.push((lexeme.end, lexemes[close].start)),
                    GroupAction::Descend => {
                        scan_level(lexemes, closes, next, close, depth + 1, bodies)?;
                    }
                }
                i = close + 1;
                continue;
            }
            LexKind::Close(_) => return None,
        }
        i = next;
    }
    Some(matches!(scan.state, FnScan::Outside))
}

/// Whether the two drivers agree on `text`: the blanked text tokenizes to what
/// [`strip_fn_bodies`] makes of the whole text. Vacuously true when the text pass gives up or
/// the whole text does not tokenize (the text pass may read a body the tokenizer would reject).
/// For the fuzzer and the tests.
#[doc(hidden)]
pub fn fn_body_scans_agree(text: &str) -> bool {
    let Ok(whole) = text.parse::<TokenStream>() else {
        return true;
    };
    let stripped = strip_fn_bodies(whole);
    let blanked_agrees = blank_fn_bodies(text).is_none_or(|blanked| {
        blanked
            .parse::<TokenStream>()
            .is_ok_and(|tokens| tokens.to_string() == stripped.to_string())
    });
    // The doc comments' literals are spelled differently (raw strings): compared by value.
    let prepared_agrees = prepare_for_tokens(text).is_none_or(|prepared| {
        prepared.parse::<TokenStream>().is_ok_and(|tokens| {
            let (mut a, mut b) = (String::new(), String::new());
            canonical(tokens, &mut a);
            canonical(stripped.clone(), &mut b);
            a == b
        })
    });
    blanked_agrees && prepared_agrees
}

/// `tokens` printed with each string literal as its value, so that two spellings of one
/// string compare equal.
fn canonical(tokens: TokenStream, out: &mut String) {
    for tree in tokens {
        match tree {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                canonical(g.stream(), out);
                out.push_str(close);
            }
            TokenTree::Literal(l) => match syn::Lit::new(l.clone()) {
                syn::Lit::Str(s) => out.push_str(&format!("{:?}", s.value())),
                _ => out.push_str(&l.to_string()),
            },
            TokenTree::Punct(p) => {
                out.push(p.as_char());
                if p.spacing() == Spacing::Joint {
                    continue;
                }
            }
            TokenTree::Ident(i) => out.push_str(&i.to_string()),
        }
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The token stream of the blanked text, with bodies already empty, is the one
    /// [`strip_fn_bodies`] makes from the whole text.
    fn same_as_tokens(text: &str) {
        assert!(blank_fn_bodies(text).is_some(), "not lexable");
        assert!(fn_body_scans_agree(text));
    }

    #[test]
    fn blanks_what_the_token_scan_empties() {
        same_as_tokens(
            r##"#![allow(dead_code)]
//! inner doc
/// outer doc
pub fn never() -> ! { loop {} }
pub fn arrow() -> impl Fn(u8) -> Vec<Vec<u8>> { |_| vec!['{', '}'] }
pub fn konst<const N: usize>() -> [u8; { N + 1 }] where [(); { N }]: Sized { [0; N + 1] }
pub fn shifted<T: Iterator<Item = Vec<Vec<u8>>>>(t: T) -> Option<Box<dyn Fn() -> !>> { None }
unsafe extern "C" { pub fn ext(x: u8) -> u8; }
pub struct S { pub f: fn(u8) -> u8 }
pub const C: fn() = { fn inner() { let _ = "}"; } inner };
pub trait T { fn req(&self); fn opt<'a>(&'a self) -> &'a str { r#"}{"# } type A; }
impl S { pub fn m(&self) -> Result<(), ()> { /* } */ Ok(()) } fn hidden() {} }
pub mod m { pub fn deep() -> Option<u8> { Some(b'}') } pub struct After; }
macro_rules! mac { ($x:ident) => { fn $x() {} } }
pub fn ty_macro() -> ty!{u8} { 0 }
pub fn r#fn() { x - > y; a -> b }
"##,
        );
    }

    /// Every `.rs` file under `ACCORD_RUST_SOURCES` (e.g. `~/.cargo/registry/src`): real code
    /// the two drivers must agree on. Run by hand: it reads whatever that directory holds.
    #[test]
    #[ignore]
    fn scans_agree_on_real_code() {
        let root = std::env::var("ACCORD_RUST_SOURCES").expect("ACCORD_RUST_SOURCES");
        let (mut files, mut blanked, mut disagree) = (0, 0, Vec::new());
        let mut dirs = vec![std::path::PathBuf::from(root)];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if entry.file_type().unwrap().is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let Ok(text) = std::fs::read_to_string(&path) else {
                        continue;
                    };
                    files += 1;
                    blanked += usize::from(blank_fn_bodies(&text).is_some());
                    if !fn_body_scans_agree(&text) {
                        disagree.push(path);
                    }
                }
            }
        }
        assert!(files > 0, "no .rs file under the directory");
        assert!(
            disagree.is_empty(),
            "{} of {files} files ({blanked} blanked): {disagree:#?}",
            disagree.len()
        );
    }

    #[test]
    fn doc_comments_become_raw_string_attributes_of_the_same_value() {
        let text = "//! crate \"docs\"#\n/// a \"## b\n///\n#[derive(Debug)]\n/// c\npub struct S;\n//// not a doc\nfn f() {\n    /// in a body\n}\n";
        let prepared = prepare_for_tokens(text).unwrap();
        assert_eq!(
            prepared,
            "# ![doc=r##\" crate \"docs\"#\"##]\n#[doc=r###\" a \"## b\"###]\n#[doc=r\"\"]\n#[derive(Debug)]\n#[doc=r\" c\"]\npub struct S;\n//// not a doc\nfn f() {\n\n}\n"
        );
        assert!(fn_body_scans_agree(text));
        let file: syn::File = syn::parse_str(&prepared).unwrap();
        let docs: Vec<String> = file
            .attrs
            .iter()
            .chain(match &file.items[0] {
                syn::Item::Struct(s) => &s.attrs,
                _ => unreachable!(),
            })
            .filter_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        assert_eq!(docs, [" crate \"docs\"#", " a \"## b", "", " c"]);
        // A carriage return stays in its comment (a raw string may not hold it bare).
        assert_eq!(prepare_for_tokens("/// a\r\npub struct S;\n"), None);
    }

    #[test]
    fn keeps_lines_and_columns() {
        let text = "pub fn a() {\n  let é = 1;\n  é }  pub fn b() {}\n";
        let blanked = blank_fn_bodies(text).unwrap();
        assert_eq!(blanked, "pub fn a() {\n\n    }  pub fn b() {}\n");
        let (old, new) = (
            text.find("pub fn b").unwrap(),
            blanked.find("pub fn b").unwrap(),
        );
        let column = |t: &str, at: usize| t[..at].rsplit('\n').next().unwrap().chars().count();
        assert_eq!(column(text, old), column(&blanked, new));
    }

    #[test]
    fn gives_up_on_what_it_cannot_lex() {
        for text in [
            "fn a() { \"open }",
            "fn a() { (] }",
            "fn a() { /* open }",
            "fn a() { } }",
            "fn a() { 1e }",
            "fn a() { ¤ }",
            "struct S;",
        ] {
            assert_eq!(blank_fn_bodies(text), None, "{text}");
        }
        let deep = format!(
            "mod m {}{}",
            "{ ".repeat(MAX_DEPTH + 2),
            "} ".repeat(MAX_DEPTH + 2)
        );
        assert_eq!(blank_fn_bodies(&deep), None);
    }
}

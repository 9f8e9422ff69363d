//! Best-effort expansion of a crate's own `macro_rules!` macros invoked in item position.
//!
//! Crates generate public items with local macros (`impl_int!(u8, u16)`, `define_error!{…}`);
//! without expansion those items are silently missing from the surface, so their removal or
//! change is never seen. This is a small `macro_rules` matcher, not rustc's: fragments other
//! than `ident`, `lifetime`, `literal`, `tt`, `block` and `vis` are taken greedily up to the
//! next literal token of the pattern, which is what simple macros need. An invocation of a
//! local macro that does not match any arm, or whose expansion does not parse, is reported
//! (rule `surface-macro-unexpanded`) rather than ignored. Macros from other crates are not
//! followed (their definitions are not in the tree).

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use std::cell::OnceCell;

/// Deepest nesting of repetitions and of macros expanding to macro invocations.
const MAX_DEPTH: usize = 8;
/// Largest expansion accepted, in tokens, so a hostile macro cannot blow up memory.
const MAX_TOKENS: usize = 200_000;

/// A `macro_rules!` definition: (pattern, body) token texts of each arm.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct MacroDef {
    pub(crate) name: String,
    pub(crate) arms: Vec<(String, String)>,
}

/// `name! { … }` / `name!(…);` in item position.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Invocation {
    pub(crate) name: String,
    pub(crate) tokens: String,
    pub(crate) line: u32,
    pub(crate) col: u32,
    pub(crate) feature: Option<String>,
}

crate::codec::bin_struct!(MacroDef { name, arms });
crate::codec::bin_struct!(Invocation {
    name,
    tokens,
    line,
    col,
    feature,
});

/// Records a `macro_rules!` definition or an item-position invocation of `m`; `located`
/// says whether `m`'s spans may be read (see [`Chain::tokens`]).
pub(crate) fn record(
    ident: Option<&syn::Ident>,
    mac: &syn::Macro,
    feature: &Option<String>,
    located: bool,
    defs: &mut Vec<MacroDef>,
    invocations: &mut Vec<Invocation>,
) {
    let path = &mac.path;
    if path.is_ident("macro_rules") {
        if let Some(ident) = ident {
            defs.push(MacroDef {
                name: ident.to_string(),
                arms: arms(mac.tokens.clone()),
            });
        }
        return;
    }
    // `name!` or `self::name!`/`crate::name!` may be ours; `other::name!` never is (its
    // full path is kept so it matches no local definition and marks the module opaque).
    let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let name = match segs.as_slice() {
        [one] => one.clone(),
        [first, one] if first == "crate" || first == "self" => one.clone(),
        _ => segs.join("::"),
    };
    let start = path
        .segments
        .first()
        .filter(|_| located)
        .map(|s| s.ident.span().start())
        .unwrap_or(proc_macro2::LineColumn { line: 0, column: 0 });
    invocations.push(Invocation {
        name,
        tokens: mac.tokens.to_string(),
        line: start.line as u32,
        col: start.column as u32 + 1,
        feature: feature.clone(),
    });
}

/// The arms `(pattern) => {body}` of a `macro_rules!` body, separated by `;`.
fn arms(tokens: TokenStream) -> Vec<(String, String)> {
    let tts: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 3 < tts.len() + 1 {
        let (Some(TokenTree::Group(p)), Some(TokenTree::Punct(eq)), Some(TokenTree::Punct(gt))) =
            (tts.get(i), tts.get(i + 1), tts.get(i + 2))
        else {
            break;
        };
        if eq.as_char() != '=' || gt.as_char() != '>' {
            break;
        }
        let Some(TokenTree::Group(body)) = tts.get(i + 3) else {
            break;
        };
        out.push((p.stream().to_string(), body.stream().to_string()));
        i += 4;
        if matches!(tts.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ';') {
            i += 1;
        }
    }
    out
}

/// One element of an arm's pattern, compiled once per definition.
enum Pat {
    /// A token matched literally (identifier, punctuation, literal).
    Tok(TokenTree),
    /// A delimited group whose contents match the inner pattern.
    Group(Delimiter, Vec<Pat>),
    /// `$name:frag`; `next` is the pattern token written right after it (whatever it is),
    /// which ends a greedy fragment.
    Frag {
        name: String,
        frag: String,
        next: Option<TokenTree>,
    },
    /// `$( … ) sep? op`; `after` is the pattern token after the repetition.
    Rep {
        inner: Vec<Pat>,
        sep: Option<TokenTree>,
        op: char,
        names: Vec<String>,
        after: Option<TokenTree>,
    },
}

/// Compiles a pattern; `None` when it uses a form this expander does not read (the arm then
/// never matches, as before compilation existed).
fn compile_pattern(pattern: &[TokenTree]) -> Option<Vec<Pat>> {
    let mut out = Vec::new();
    let mut pi = 0;
    while pi < pattern.len() {
        let p = &pattern[pi];
        if let TokenTree::Punct(d) = p
            && d.as_char() == '$'
        {
            match pattern.get(pi + 1) {
                Some(TokenTree::Ident(name)) => {
                    let frag = match (pattern.get(pi + 2), pattern.get(pi + 3)) {
                        (Some(TokenTree::Punct(c)), Some(TokenTree::Ident(f)))
                            if c.as_char() == ':' =>
                        {
                            f.to_string()
                        }
                        _ => return None,
                    };
                    out.push(Pat::Frag {
                        name: name.to_string(),
                        frag,
                        next: pattern.get(pi + 4).cloned(),
                    });
                    pi += 4;
                }
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
                    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                    let (sep, op, len) = match (pattern.get(pi + 2), pattern.get(pi + 3)) {
                        (Some(TokenTree::Punct(o)), _)
                            if matches!(o.as_char(), '*' | '+' | '?') =>
                        {
                            (None, o.as_char(), 3)
                        }
                        (Some(s), Some(TokenTree::Punct(o)))
                            if matches!(o.as_char(), '*' | '+' | '?') =>
                        {
                            (Some(s.clone()), o.as_char(), 4)
                        }
                        _ => return None,
                    };
                    out.push(Pat::Rep {
                        names: names_in(&inner),
                        inner: compile_pattern(&inner)?,
                        sep,
                        op,
                        after: pattern.get(pi + len).cloned(),
                    });
                    pi += len;
                }
                _ => return None,
            }
            continue;
        }
        out.push(match p {
            TokenTree::Group(g) => Pat::Group(
                g.delimiter(),
                compile_pattern(&g.stream().into_iter().collect::<Vec<_>>())?,
            ),
            other => Pat::Tok(other.clone()),
        });
        pi += 1;
    }
    Some(out)
}

/// One element of an arm's body, compiled once per definition.
enum Tpl {
    Tok(TokenTree),
    /// `$crate`
    Crate,
    /// `$name`
    Var(String),
    Group(proc_macro2::Group, Vec<Tpl>),
    /// `$( … ) sep? op`, with the metavariables used inside it.
    Rep {
        inner: Vec<Tpl>,
        sep: Option<TokenTree>,
        names: Vec<String>,
    },
    /// A repetition that cannot be read: an error when (and only when) it is transcribed.
    Malformed,
}

fn compile_body(body: &[TokenTree]) -> Vec<Tpl> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let t = &body[i];
        if let TokenTree::Punct(d) = t
            && d.as_char() == '$'
        {
            match body.get(i + 1) {
                Some(TokenTree::Ident(name)) => {
                    out.push(if name == "crate" {
                        Tpl::Crate
                    } else {
                        Tpl::Var(name.to_string())
                    });
                    i += 2;
                    continue;
                }
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
                    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                    let (sep, len) = match (body.get(i + 2), body.get(i + 3)) {
                        (Some(TokenTree::Punct(o)), _)
                            if matches!(o.as_char(), '*' | '+' | '?') =>
                        {
                            (None, 3)
                        }
                        (Some(s), Some(TokenTree::Punct(o)))
                            if matches!(o.as_char(), '*' | '+' | '?') =>
                        {
                            (Some(s.clone()), 4)
                        }
                        _ => {
                            // Everything after a malformed repetition is unreadable too.
                            out.push(Tpl::Malformed);
                            return out;
                        }
                    };
                    out.push(Tpl::Rep {
                        names: names_in(&inner),
                        inner: compile_body(&inner),
                        sep,
                    });
                    i += len;
                    continue;
                }
                _ => {}
            }
        }
        out.push(match t {
            TokenTree::Group(g) => Tpl::Group(
                g.clone(),
                compile_body(&g.stream().into_iter().collect::<Vec<_>>()),
            ),
            other => Tpl::Tok(other.clone()),
        });
        i += 1;
    }
    out
}

/// An input token; a group's contents are listed when a pattern first looks inside it.
enum In {
    Tok(TokenTree),
    Group(proc_macro2::Group, OnceCell<Vec<In>>),
}

impl In {
    fn new(t: TokenTree) -> In {
        match t {
            TokenTree::Group(g) => In::Group(g, OnceCell::new()),
            other => In::Tok(other),
        }
    }

    fn tree(&self) -> TokenTree {
        match self {
            In::Tok(t) => t.clone(),
            In::Group(g, _) => TokenTree::Group(g.clone()),
        }
    }

    fn tok(&self) -> Option<&TokenTree> {
        match self {
            In::Tok(t) => Some(t),
            In::Group(..) => None,
        }
    }

    fn ident(&self) -> Option<&proc_macro2::Ident> {
        match self {
            In::Tok(TokenTree::Ident(i)) => Some(i),
            _ => None,
        }
    }

    fn punct(&self) -> Option<&proc_macro2::Punct> {
        match self {
            In::Tok(TokenTree::Punct(p)) => Some(p),
            _ => None,
        }
    }

    fn group(&self, delimiter: Delimiter) -> Option<&[In]> {
        match self {
            In::Group(g, inner) if g.delimiter() == delimiter => {
                Some(inner.get_or_init(|| g.stream().into_iter().map(In::new).collect()))
            }
            _ => None,
        }
    }
}

/// What a metavariable matched: one fragment, or one binding set per repetition.
enum Binding<'p, 'i> {
    One(&'i [In]),
    Seq(Vec<Bindings<'p, 'i>>),
}

/// Metavariables bound so far; a later binding of the same name wins. Macros bind a handful
/// of names, so a list beats a hash map.
type Bindings<'p, 'i> = Vec<(&'p str, Binding<'p, 'i>)>;

fn get<'b, 'p, 'i>(b: &'b Bindings<'p, 'i>, name: &str) -> Option<&'b Binding<'p, 'i>> {
    b.iter().rev().find(|(n, _)| *n == name).map(|(_, v)| v)
}

/// A definition with its arms compiled once, however many invocations use it.
pub(crate) struct Parsed {
    arms: Vec<(Vec<Pat>, Vec<Tpl>)>,
    /// The definition's text: two definitions with the same key expand alike.
    pub(crate) key: String,
    /// The name and the pattern text of each compiled arm, in order: which arm an input
    /// matches depends on nothing else.
    patterns: String,
    /// The body text of each compiled arm.
    bodies: Vec<String>,
}

impl Parsed {
    /// Compiles the arms of `def`; arms that do not tokenize, or whose pattern uses a form
    /// this expander does not read, are left out (they could never match).
    pub(crate) fn new(def: &MacroDef) -> Parsed {
        let tokens = |t: &str| {
            t.parse::<TokenStream>()
                .ok()
                .map(|s| s.into_iter().collect::<Vec<_>>())
        };
        let mut key = def.name.clone();
        for (p, b) in &def.arms {
            key.extend(["\0", p, "\0", b]);
        }
        let mut patterns = def.name.clone();
        let mut bodies = Vec::new();
        let mut arms = Vec::new();
        for (p, b) in &def.arms {
            let Some(compiled) = tokens(p)
                .and_then(|p| compile_pattern(&p))
                .zip(tokens(b).map(|b| compile_body(&b)))
            else {
                continue;
            };
            patterns.extend(["\0", p]);
            bodies.push(b.clone());
            arms.push(compiled);
        }
        Parsed {
            key,
            arms,
            patterns,
            bodies,
        }
    }

    /// What an expansion that used the arms `used` (indices, in order) depends on: the
    /// patterns of every arm (which one matches) and the bodies of those arms. Two
    /// definitions that differ only in arms an input does not reach expand it alike.
    pub(crate) fn key_for(&self, used: &[usize]) -> String {
        let mut key = self.patterns.clone();
        for &arm in used {
            key.push_str(&format!("\0\0{arm}\0"));
            key.push_str(&self.bodies[arm]);
        }
        key
    }
}

/// Expands `inv` with the first arm of `def` that matches: the expanded tokens, or why it
/// could not be expanded.
/// Also the arm it used.
pub(crate) fn expand_once(def: &Parsed, inv: &Invocation) -> Result<(TokenStream, usize), String> {
    let input = input_of(inv)?;
    let (out, arm) = expand_tokens(def, input)?;
    Ok((out.into_iter().collect(), arm))
}

/// What an invocation expands to once its self-calls are followed.
pub(crate) struct Chain {
    /// Expansions performed: 1, plus one per self-call followed.
    pub(crate) steps: usize,
    /// The final expansion; empty when the chain was cut at the step limit. Its spans may
    /// point into definitions tokenized before the thread's spans were invalidated: read
    /// them only through a position-free summary.
    pub(crate) tokens: TokenStream,
    /// Whether the chain still called itself after `max_steps` expansions.
    pub(crate) cut: bool,
    /// The arms used, step by step (see [`Parsed::key_for`]).
    pub(crate) arms: Vec<usize>,
}

/// Expands `inv` with `def`, then keeps expanding while the expansion is exactly one call of
/// the same macro (a tt-muncher handing itself what is left), at most `max_steps` times.
/// Following those calls on tokens spares printing, re-tokenizing and parsing the rest of
/// the input at every step, which made munchers quadratic. `inv.name` must be the name
/// `def` was found under, so a self-call resolves to `def` again.
pub(crate) fn expand_chain(
    def: &Parsed,
    inv: &Invocation,
    max_steps: usize,
) -> Result<Chain, String> {
    let mut input = input_of(inv)?;
    let mut steps = 0;
    let mut arms = Vec::new();
    loop {
        if steps == max_steps {
            return Ok(Chain {
                steps,
                tokens: TokenStream::new(),
                cut: true,
                arms,
            });
        }
        let (out, arm) = expand_tokens(def, input)?;
        arms.push(arm);
        steps += 1;
        match self_call(&out, &inv.name) {
            Some(next) => input = next,
            None => {
                return Ok(Chain {
                    steps,
                    tokens: out.into_iter().collect(),
                    cut: false,
                    arms,
                });
            }
        }
    }
}

/// The tokens an invocation hands its macro.
fn input_of(inv: &Invocation) -> Result<Vec<TokenTree>, String> {
    Ok(inv
        .tokens
        .parse::<TokenStream>()
        .map_err(|e| format!("its input does not tokenize: {e}"))?
        .into_iter()
        .collect())
}

/// The expansion of `input` by the first arm of `def` that matches it, and that arm.
fn expand_tokens(def: &Parsed, input: Vec<TokenTree>) -> Result<(Vec<TokenTree>, usize), String> {
    let input: Vec<In> = input.into_iter().map(In::new).collect();
    for (arm, (pattern, body)) in def.arms.iter().enumerate() {
        let mut b = Bindings::new();
        if let Some(used) = match_seq(pattern, &input, &mut b, None, 0)
            && used == input.len()
        {
            let mut out = Vec::new();
            transcribe(body, &b, &mut Vec::new(), &mut out, 0)?;
            return Ok((out, arm));
        }
    }
    Err("no arm of the macro matches it (or it uses a form this expander does not read)".into())
}

/// The input of `tokens` when they are exactly one item-position call of the macro `name`
/// (`name! { … }`, `name!( … );`, `name![ … ];`, also through `self::` or `crate::`).
fn self_call(tokens: &[TokenTree], name: &str) -> Option<Vec<TokenTree>> {
    let mut rest = tokens;
    if let [
        TokenTree::Ident(root),
        TokenTree::Punct(c1),
        TokenTree::Punct(c2),
        tail @ ..,
    ] = rest
        && (root == "self" || root == "crate")
        && c1.as_char() == ':'
        && c2.as_char() == ':'
    {
        rest = tail;
    }
    let [
        TokenTree::Ident(ident),
        TokenTree::Punct(bang),
        TokenTree::Group(g),
        end @ ..,
    ] = rest
    else {
        return None;
    };
    if ident != name || bang.as_char() != '!' {
        return None;
    }
    // Exactly what parses as one macro item: braces alone, other delimiters with `;`.
    let terminated = match end {
        [] => g.delimiter() == Delimiter::Brace,
        [TokenTree::Punct(semi)] => semi.as_char() == ';' && g.delimiter() != Delimiter::Brace,
        _ => false,
    };
    terminated.then(|| g.stream().into_iter().collect())
}

fn is_dollar(t: Option<&TokenTree>) -> bool {
    matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == '$')
}

fn same_token(a: &TokenTree, b: &In) -> bool {
    match (a, b.tok()) {
        (TokenTree::Ident(x), Some(TokenTree::Ident(y))) => x == y,
        (TokenTree::Punct(x), Some(TokenTree::Punct(y))) => x.as_char() == y.as_char(),
        (TokenTree::Literal(x), Some(TokenTree::Literal(y))) => x.to_string() == y.to_string(),
        _ => false,
    }
}

/// Matches `pattern` against a prefix of `input`; returns how many input trees were used.
fn match_seq<'p, 'i>(
    pattern: &'p [Pat],
    input: &'i [In],
    b: &mut Bindings<'p, 'i>,
    follow: Option<&TokenTree>,
    depth: usize,
) -> Option<usize> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut ii = 0;
    for p in pattern {
        match p {
            Pat::Frag { name, frag, next } => {
                let n = match_fragment(frag, &input[ii..], next.as_ref().or(follow))?;
                b.push((name.as_str(), Binding::One(&input[ii..ii + n])));
                ii += n;
            }
            Pat::Rep {
                inner,
                sep,
                op,
                names,
                after,
            } => {
                let mut reps: Vec<Bindings<'p, 'i>> = Vec::new();
                loop {
                    if *op == '?' && reps.len() == 1 {
                        break;
                    }
                    let mut at = ii;
                    if !reps.is_empty()
                        && let Some(s) = sep
                    {
                        match input.get(at) {
                            Some(t) if same_token(s, t) => at += 1,
                            _ => break,
                        }
                    }
                    let mut rb = Bindings::new();
                    let inner_follow = sep.as_ref().or(after.as_ref()).or(follow);
                    match match_seq(inner, &input[at..], &mut rb, inner_follow, depth + 1) {
                        Some(n) if n > 0 => {
                            ii = at + n;
                            reps.push(rb);
                        }
                        _ => break,
                    }
                }
                if *op == '+' && reps.is_empty() {
                    return None;
                }
                // Each variable gets its own projection of the repetitions, moved rather
                // than copied (tt munchers repeat large inputs).
                for name in names {
                    let own: Vec<Bindings<'p, 'i>> = reps
                        .iter_mut()
                        .map(|rb| match rb.iter().rposition(|(n, _)| n == name) {
                            Some(k) => vec![rb.remove(k)],
                            None => Vec::new(),
                        })
                        .collect();
                    b.push((name.as_str(), Binding::Seq(own)));
                }
            }
            Pat::Group(delimiter, inner) => {
                let iin = input.get(ii)?.group(*delimiter)?;
                if match_seq(inner, iin, b, None, depth + 1)? != iin.len() {
                    return None;
                }
                ii += 1;
            }
            Pat::Tok(t) => {
                if !same_token(t, input.get(ii)?) {
                    return None;
                }
                ii += 1;
            }
        }
    }
    Some(ii)
}

/// Metavariable names bound inside a repetition pattern.
fn names_in(pattern: &[TokenTree]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, t) in pattern.iter().enumerate() {
        match t {
            TokenTree::Ident(name) if i > 0 && is_dollar(pattern.get(i - 1)) => {
                out.push(name.to_string())
            }
            TokenTree::Group(g) => {
                out.extend(names_in(&g.stream().into_iter().collect::<Vec<_>>()))
            }
            _ => {}
        }
    }
    out
}

/// How many trees of `input` the fragment `frag` takes; `next` is the pattern token after it.
fn match_fragment(frag: &str, input: &[In], next: Option<&TokenTree>) -> Option<usize> {
    match frag {
        "ident" => input.first().and_then(In::ident).map(|_| 1),
        "tt" => (!input.is_empty()).then_some(1),
        "literal" => match input {
            [In::Tok(TokenTree::Literal(_)), ..] => Some(1),
            [m, In::Tok(TokenTree::Literal(_)), ..]
                if m.punct().is_some_and(|m| m.as_char() == '-') =>
            {
                Some(2)
            }
            [b, ..] if b.ident().is_some_and(|b| b == "true" || b == "false") => Some(1),
            _ => None,
        },
        "lifetime" => match input {
            [q, i, ..]
                if q.punct()
                    .is_some_and(|q| q.as_char() == '\'' && q.spacing() == Spacing::Joint)
                    && i.ident().is_some() =>
            {
                Some(2)
            }
            _ => None,
        },
        "block" => input
            .first()
            .and_then(|g| g.group(Delimiter::Brace))
            .map(|_| 1),
        "vis" => match input {
            [p, g, ..]
                if p.ident().is_some_and(|p| p == "pub")
                    && matches!(g, In::Group(g, _) if g.delimiter() == Delimiter::Parenthesis) =>
            {
                Some(2)
            }
            [p, ..] if p.ident().is_some_and(|p| p == "pub") => Some(1),
            _ => Some(0),
        },
        // ty, path, expr, pat, item, meta, stmt: up to the next literal token of the
        // pattern at this level (a `,`, `;`, `=>`…), or to the end.
        _ => {
            let stop = |t: &In| {
                next.is_some_and(|n| match (n, t) {
                    // `$t:ty [$c:ty]`: a delimited group after the fragment ends it.
                    (TokenTree::Group(a), In::Group(b, _)) => a.delimiter() == b.delimiter(),
                    _ => same_token(n, t),
                })
            };
            // `<…>` in types and paths may contain the separator: track angle depth.
            let mut angle = 0usize;
            let mut n = 0;
            for t in input {
                if angle == 0 && stop(t) {
                    break;
                }
                if let Some(p) = t.punct() {
                    match p.as_char() {
                        '<' => angle += 1,
                        '>' => angle = angle.saturating_sub(1),
                        _ => {}
                    }
                }
                n += 1;
            }
            (n > 0).then_some(n)
        }
    }
}

/// Writes `body` with metavariables substituted; `at` indexes the current repetition.
fn transcribe(
    body: &[Tpl],
    b: &Bindings<'_, '_>,
    at: &mut Vec<usize>,
    out: &mut Vec<TokenTree>,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("repetitions nest too deeply".into());
    }
    for t in body {
        if out.len() > MAX_TOKENS {
            return Err("its expansion is too large".into());
        }
        match t {
            Tpl::Tok(t) => out.push(t.clone()),
            Tpl::Crate => out.push(TokenTree::Ident(proc_macro2::Ident::new(
                "crate",
                proc_macro2::Span::call_site(),
            ))),
            Tpl::Var(name) => match lookup(b, name, at) {
                Some(tokens) => out.extend(tokens.iter().map(In::tree)),
                None => return Err(format!("`${name}` is not bound where it is used")),
            },
            Tpl::Rep { inner, sep, names } => {
                let count = names
                    .iter()
                    .filter_map(|n| seq_len(b, n, at))
                    .max()
                    .ok_or("a repetition in its body uses no repeated variable")?;
                for k in 0..count {
                    if k > 0
                        && let Some(s) = sep
                    {
                        out.push(s.clone());
                    }
                    at.push(k);
                    let done = transcribe(inner, b, at, out, depth + 1);
                    at.pop();
                    done?;
                }
            }
            Tpl::Group(g, inner) => {
                let mut sub = Vec::new();
                transcribe(inner, b, at, &mut sub, depth)?;
                let mut ng = proc_macro2::Group::new(g.delimiter(), sub.into_iter().collect());
                ng.set_span(g.span());
                out.push(TokenTree::Group(ng));
            }
            Tpl::Malformed => return Err("a repetition in its body is malformed".into()),
        }
    }
    Ok(())
}

/// The tokens bound to `name` at repetition indices `at`.
fn lookup<'i>(b: &Bindings<'_, 'i>, name: &str, at: &[usize]) -> Option<&'i [In]> {
    match get(b, name)? {
        Binding::One(t) => Some(t),
        Binding::Seq(reps) => {
            let (first, rest) = at.split_first()?;
            lookup(reps.get(*first)?, name, rest)
        }
    }
}

/// How many repetitions `name` has at the depth just below `at`.
fn seq_len(b: &Bindings<'_, '_>, name: &str, at: &[usize]) -> Option<usize> {
    match get(b, name)? {
        Binding::One(_) => None,
        Binding::Seq(reps) => match at.split_first() {
            None => Some(reps.len()),
            Some((first, rest)) => seq_len(reps.get(*first)?, name, rest),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(text: &str) -> Parsed {
        let file = syn::parse_file(text).unwrap();
        let syn::Item::Macro(m) = &file.items[0] else {
            panic!("not a macro")
        };
        Parsed::new(&MacroDef {
            name: "m".into(),
            arms: arms(m.mac.tokens.clone()),
        })
    }

    fn inv(tokens: &str) -> Invocation {
        Invocation {
            name: "m".into(),
            tokens: tokens.into(),
            line: 1,
            col: 1,
            feature: None,
        }
    }

    /// A tt-muncher: one `fn` per name, accumulated, emitted when the input is used up.
    const MUNCHER: &str = "macro_rules! m {
        (($($done:tt)*) $name:ident $($rest:tt)*) => { m! { ($($done)* pub fn $name() {}) $($rest)* } };
        (($($done:tt)*)) => { $($done)* };
    }";

    #[test]
    fn a_munchers_self_calls_are_followed_on_tokens() {
        let chain = expand_chain(&def(MUNCHER), &inv("() a b c"), 10).unwrap();
        assert!(!chain.cut);
        assert_eq!(chain.steps, 4);
        assert_eq!(
            chain.tokens.to_string().replace(' ', ""),
            "pubfna(){}pubfnb(){}pubfnc(){}"
        );
    }

    #[test]
    fn a_chain_longer_than_the_limit_is_cut_not_truncated() {
        let chain = expand_chain(&def(MUNCHER), &inv("() a b c"), 3).unwrap();
        assert!(chain.cut && chain.tokens.is_empty());
        assert_eq!(chain.steps, 3);
    }

    #[test]
    fn only_a_whole_item_call_of_the_same_macro_is_a_self_call() {
        let tokens = |t: &str| {
            t.parse::<TokenStream>()
                .unwrap()
                .into_iter()
                .collect::<Vec<_>>()
        };
        assert!(self_call(&tokens("m! { x }"), "m").is_some());
        assert!(self_call(&tokens("self::m!(x);"), "m").is_some());
        assert!(self_call(&tokens("m!(x)"), "m").is_none()); // not an item without `;`
        assert!(self_call(&tokens("m! { x };"), "m").is_none()); // a stray `;` does not parse
        assert!(self_call(&tokens("n! { x }"), "m").is_none());
        assert!(self_call(&tokens("m! { x } fn f() {}"), "m").is_none());
        assert!(self_call(&tokens("#[cfg(x)] m! { x }"), "m").is_none());
    }

    /// Two versions of a definition that differ in the body of an arm an input does not use
    /// expand it alike, and say so by the key of the arms it used; a different body of the
    /// arm used, or a different pattern anywhere, gives another key.
    #[test]
    fn the_key_of_an_expansion_names_only_what_it_depends_on() {
        let old = def(
            "macro_rules! m { (#full $n:ident) => { pub struct $n(std::A); }; ($n:ident) => { pub struct $n; }; }",
        );
        let new = def(
            "macro_rules! m { (#full $n:ident) => { pub struct $n(core::A); }; ($n:ident) => { pub struct $n; }; }",
        );
        let key = |d: &Parsed, input: &str| {
            let chain = expand_chain(d, &inv(input), 4).unwrap();
            d.key_for(&chain.arms)
        };
        assert_ne!(old.key, new.key);
        assert_eq!(key(&old, "S"), key(&new, "S"));
        assert_ne!(key(&old, "#full S"), key(&new, "#full S"));
        let other = def(
            "macro_rules! m { (#whole $n:ident) => { pub struct $n(std::A); }; ($n:ident) => { pub struct $n; }; }",
        );
        assert_ne!(key(&old, "S"), key(&other, "S"));
    }

    #[test]
    fn expands_repetitions_with_separators() {
        let d = def("macro_rules! m { ($($t:ty),* $(,)?) => { $(impl Tr for $t {})* }; }");
        let out = expand_once(&d, &inv("u8, Vec<u16>,"))
            .unwrap()
            .0
            .to_string()
            .replace(' ', "");
        assert_eq!(out, "implTrforu8{}implTrforVec<u16>{}");
    }

    #[test]
    fn picks_the_first_matching_arm_and_reports_no_match() {
        let d = def(
            "macro_rules! m { (fn $n:ident) => { pub fn $n() {} }; ($v:vis struct $n:ident) => { $v struct $n; }; }",
        );
        assert_eq!(
            expand_once(&d, &inv("pub struct S")).unwrap().0.to_string(),
            "pub struct S ;"
        );
        assert_eq!(
            expand_once(&d, &inv("fn go")).unwrap().0.to_string(),
            "pub fn go () { }"
        );
        assert!(expand_once(&d, &inv("enum E")).is_err());
    }

    #[test]
    fn a_type_fragment_stops_at_the_group_that_follows_it() {
        let d = def(
            "macro_rules! m { ($(#[$a:meta])* $v:vis fn $n:ident $args:tt -> $i:ty [$c:ty] $b:block) => { $v fn $n $args -> $c $b }; }",
        );
        let out = expand_once(
            &d,
            &inv("/// Doc.\npub fn f(&self) -> impl Iterator<Item = u8> [Iter<'_>] { todo!() }"),
        )
        .unwrap()
        .0
        .to_string()
        .replace(' ', "");
        assert_eq!(out, "pubfnf(&self)->Iter<'_>{todo!()}");
    }

    #[test]
    fn nested_repetitions_expand_per_outer_item() {
        let d = def(
            "macro_rules! m { ($($n:ident { $($f:ident),* })*) => { $(pub struct $n { $(pub $f: u8,)* })* }; }",
        );
        let out = expand_once(&d, &inv("A { x, y } B { z }"))
            .unwrap()
            .0
            .to_string();
        assert_eq!(
            out,
            "pub struct A { pub x : u8 , pub y : u8 , } pub struct B { pub z : u8 , }"
        );
    }
}

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

/// What a metavariable matched: one fragment, or one binding set per repetition.
#[derive(Debug, Clone)]
enum Binding {
    One(Vec<TokenTree>),
    Seq(Vec<Bindings>),
}

type Bindings = foldhash::HashMap<String, Binding>;

/// A definition with its arms tokenized once, however many invocations use it.
pub(crate) struct Parsed {
    arms: Vec<(Vec<TokenTree>, Vec<TokenTree>)>,
    /// The definition's text: two definitions with the same key expand alike.
    pub(crate) key: String,
}

impl Parsed {
    /// Tokenizes the arms of `def`; arms that do not tokenize are left out.
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
        Parsed {
            key,
            arms: def
                .arms
                .iter()
                .filter_map(|(p, b)| Some((tokens(p)?, tokens(b)?)))
                .collect(),
        }
    }
}

/// Expands `inv` with the first arm of `def` that matches: the expanded tokens, or why it
/// could not be expanded.
pub(crate) fn expand_once(def: &Parsed, inv: &Invocation) -> Result<TokenStream, String> {
    let input = input_of(inv)?;
    Ok(expand_tokens(def, &input)?.into_iter().collect())
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
    loop {
        if steps == max_steps {
            return Ok(Chain {
                steps,
                tokens: TokenStream::new(),
                cut: true,
            });
        }
        let out = expand_tokens(def, &input)?;
        steps += 1;
        match self_call(&out, &inv.name) {
            Some(next) => input = next,
            None => {
                return Ok(Chain {
                    steps,
                    tokens: out.into_iter().collect(),
                    cut: false,
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

/// The expansion of `input` by the first arm of `def` that matches it.
fn expand_tokens(def: &Parsed, input: &[TokenTree]) -> Result<Vec<TokenTree>, String> {
    for (pattern, body) in &def.arms {
        let mut b = Bindings::default();
        if let Some(used) = match_seq(pattern, input, &mut b, None, 0)
            && used == input.len()
        {
            let mut out = Vec::new();
            transcribe(body, &b, &[], &mut out, 0)?;
            return Ok(out);
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

fn same_token(a: &TokenTree, b: &TokenTree) -> bool {
    match (a, b) {
        (TokenTree::Ident(x), TokenTree::Ident(y)) => x == y,
        (TokenTree::Punct(x), TokenTree::Punct(y)) => x.as_char() == y.as_char(),
        (TokenTree::Literal(x), TokenTree::Literal(y)) => x.to_string() == y.to_string(),
        _ => false,
    }
}

/// Matches `pattern` against a prefix of `input`; returns how many input trees were used.
fn match_seq(
    pattern: &[TokenTree],
    input: &[TokenTree],
    b: &mut Bindings,
    follow: Option<&TokenTree>,
    depth: usize,
) -> Option<usize> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut pi = 0;
    let mut ii = 0;
    while pi < pattern.len() {
        let p = &pattern[pi];
        if let TokenTree::Punct(d) = p
            && d.as_char() == '$'
        {
            match pattern.get(pi + 1) {
                // `$name:frag`
                Some(TokenTree::Ident(name)) => {
                    let frag = match (pattern.get(pi + 2), pattern.get(pi + 3)) {
                        (Some(TokenTree::Punct(c)), Some(TokenTree::Ident(f)))
                            if c.as_char() == ':' =>
                        {
                            f.to_string()
                        }
                        _ => return None,
                    };
                    let next = pattern.get(pi + 4).or(follow);
                    let n = match_fragment(&frag, &input[ii..], next)?;
                    b.insert(name.to_string(), Binding::One(input[ii..ii + n].to_vec()));
                    ii += n;
                    pi += 4;
                }
                // `$( … ) sep? op`
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
                    let mut reps: Vec<Bindings> = Vec::new();
                    loop {
                        if op == '?' && reps.len() == 1 {
                            break;
                        }
                        let mut at = ii;
                        if !reps.is_empty()
                            && let Some(s) = &sep
                        {
                            match input.get(at) {
                                Some(t) if same_token(t, s) => at += 1,
                                _ => break,
                            }
                        }
                        let mut rb = Bindings::default();
                        let inner_follow = sep.as_ref().or(pattern.get(pi + len)).or(follow);
                        match match_seq(&inner, &input[at..], &mut rb, inner_follow, depth + 1) {
                            Some(n) if n > 0 => {
                                ii = at + n;
                                reps.push(rb);
                            }
                            _ => break,
                        }
                    }
                    if op == '+' && reps.is_empty() {
                        return None;
                    }
                    // Each variable gets its own projection of the repetitions, moved rather
                    // than copied (tt munchers repeat large inputs).
                    for name in names_in(&inner) {
                        let own: Vec<Bindings> = reps
                            .iter_mut()
                            .map(|rb| rb.remove_entry(&name).into_iter().collect())
                            .collect();
                        b.insert(name, Binding::Seq(own));
                    }
                    pi += len;
                }
                _ => return None,
            }
            continue;
        }
        let i = input.get(ii)?;
        match (p, i) {
            (TokenTree::Group(pg), TokenTree::Group(ig)) if pg.delimiter() == ig.delimiter() => {
                let pin: Vec<TokenTree> = pg.stream().into_iter().collect();
                let iin: Vec<TokenTree> = ig.stream().into_iter().collect();
                if match_seq(&pin, &iin, b, None, depth + 1)? != iin.len() {
                    return None;
                }
            }
            _ if same_token(p, i) => {}
            _ => return None,
        }
        pi += 1;
        ii += 1;
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
fn match_fragment(frag: &str, input: &[TokenTree], next: Option<&TokenTree>) -> Option<usize> {
    match frag {
        "ident" => matches!(input.first(), Some(TokenTree::Ident(_))).then_some(1),
        "tt" => (!input.is_empty()).then_some(1),
        "literal" => match input {
            [TokenTree::Literal(_), ..] => Some(1),
            [TokenTree::Punct(m), TokenTree::Literal(_), ..] if m.as_char() == '-' => Some(2),
            [TokenTree::Ident(b), ..] if b == "true" || b == "false" => Some(1),
            _ => None,
        },
        "lifetime" => match input {
            [TokenTree::Punct(q), TokenTree::Ident(_), ..]
                if q.as_char() == '\'' && q.spacing() == Spacing::Joint =>
            {
                Some(2)
            }
            _ => None,
        },
        "block" => {
            matches!(input.first(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace)
                .then_some(1)
        }
        "vis" => match input {
            [TokenTree::Ident(p), TokenTree::Group(g), ..]
                if p == "pub" && g.delimiter() == Delimiter::Parenthesis =>
            {
                Some(2)
            }
            [TokenTree::Ident(p), ..] if p == "pub" => Some(1),
            _ => Some(0),
        },
        // ty, path, expr, pat, item, meta, stmt: up to the next literal token of the
        // pattern at this level (a `,`, `;`, `=>`…), or to the end.
        _ => {
            let stop = |t: &TokenTree| {
                next.is_some_and(|n| match (n, t) {
                    // `$t:ty [$c:ty]`: a delimited group after the fragment ends it.
                    (TokenTree::Group(a), TokenTree::Group(b)) => a.delimiter() == b.delimiter(),
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
                if let TokenTree::Punct(p) = t {
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
    body: &[TokenTree],
    b: &Bindings,
    at: &[usize],
    out: &mut Vec<TokenTree>,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("repetitions nest too deeply".into());
    }
    let mut i = 0;
    while i < body.len() {
        if out.len() > MAX_TOKENS {
            return Err("its expansion is too large".into());
        }
        let t = &body[i];
        if let TokenTree::Punct(d) = t
            && d.as_char() == '$'
        {
            match body.get(i + 1) {
                Some(TokenTree::Ident(name)) if name == "crate" => {
                    out.push(TokenTree::Ident(proc_macro2::Ident::new(
                        "crate",
                        proc_macro2::Span::call_site(),
                    )));
                    i += 2;
                    continue;
                }
                Some(TokenTree::Ident(name)) => {
                    match lookup(b, &name.to_string(), at) {
                        Some(tokens) => out.extend(tokens),
                        None => return Err(format!("`${name}` is not bound where it is used")),
                    }
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
                        _ => return Err("a repetition in its body is malformed".into()),
                    };
                    let count = names_in(&inner)
                        .iter()
                        .filter_map(|n| seq_len(b, n, at))
                        .max()
                        .ok_or("a repetition in its body uses no repeated variable")?;
                    for k in 0..count {
                        if k > 0
                            && let Some(s) = &sep
                        {
                            out.push(s.clone());
                        }
                        let mut deeper = at.to_vec();
                        deeper.push(k);
                        transcribe(&inner, b, &deeper, out, depth + 1)?;
                    }
                    i += len;
                    continue;
                }
                _ => {}
            }
        }
        match t {
            TokenTree::Group(g) => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                let mut sub = Vec::new();
                transcribe(&inner, b, at, &mut sub, depth)?;
                let mut ng = proc_macro2::Group::new(g.delimiter(), sub.into_iter().collect());
                ng.set_span(g.span());
                out.push(TokenTree::Group(ng));
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    Ok(())
}

/// The tokens bound to `name` at repetition indices `at`.
fn lookup(b: &Bindings, name: &str, at: &[usize]) -> Option<Vec<TokenTree>> {
    match b.get(name)? {
        Binding::One(t) => Some(t.clone()),
        Binding::Seq(reps) => {
            let (first, rest) = at.split_first()?;
            lookup(reps.get(*first)?, name, rest)
        }
    }
}

/// How many repetitions `name` has at the depth just below `at`.
fn seq_len(b: &Bindings, name: &str, at: &[usize]) -> Option<usize> {
    match b.get(name)? {
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

    #[test]
    fn expands_repetitions_with_separators() {
        let d = def("macro_rules! m { ($($t:ty),* $(,)?) => { $(impl Tr for $t {})* }; }");
        let out = expand_once(&d, &inv("u8, Vec<u16>,"))
            .unwrap()
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
            expand_once(&d, &inv("pub struct S")).unwrap().to_string(),
            "pub struct S ;"
        );
        assert_eq!(
            expand_once(&d, &inv("fn go")).unwrap().to_string(),
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
            .to_string();
        assert_eq!(
            out,
            "pub struct A { pub x : u8 , pub y : u8 , } pub struct B { pub z : u8 , }"
        );
    }
}

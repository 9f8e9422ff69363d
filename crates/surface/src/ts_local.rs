//! Type aliases a TypeScript file declares without exporting, written out where its exported
//! declarations use them.
//!
//! A user can never name such an alias, so its name is not API: `subscribe(l: () => void)`
//! becoming `subscribe(l: ListenerCallback)` with `type ListenerCallback = () => void` kept
//! local is no change, and a local alias whose body changes is a change of every signature
//! that uses it. Comparing by name would get both wrong, so the surface shows the definition.

use accord_model::surface::{Symbol, SymbolKind};
use accord_model::type_text::{closing_angle, split_top};
use std::collections::{BTreeMap, BTreeSet};

/// Longest alias body written out: helper aliases are short; type-level programs stay named
/// (their text would swamp every signature that uses them).
const MAX_BODY: usize = 200;

/// Rounds of expansion: a local alias written with another local alias.
const MAX_ROUNDS: usize = 3;

/// A local alias: its type parameter names and its body.
struct Local {
    params: Vec<String>,
    body: String,
}

/// Writes out, in every type text of `decls`, the type aliases that are declared in the same
/// file and not in `exported` (local names).
pub(crate) fn expand_local_aliases(
    decls: &mut BTreeMap<String, Vec<Symbol>>,
    exported: &BTreeSet<&str>,
) {
    let mut locals: BTreeMap<String, Local> = BTreeMap::new();
    for (name, syms) in decls.iter() {
        if exported.contains(name.as_str()) {
            continue;
        }
        let [s] = syms.as_slice() else { continue };
        if s.kind != SymbolKind::TypeAlias || s.path != *name {
            continue;
        }
        let Some(body) = s.ty.as_deref().filter(|b| b.len() <= MAX_BODY) else {
            continue;
        };
        locals.insert(
            name.clone(),
            Local {
                params: s.generics.iter().map(|g| g.name.clone()).collect(),
                body: body.to_string(),
            },
        );
    }
    if locals.is_empty() {
        return;
    }
    let expand = |text: &mut String| {
        for _ in 0..MAX_ROUNDS {
            let next = expand_once(text, &locals);
            if next == *text {
                break;
            }
            *text = next;
        }
    };
    for (name, syms) in decls.iter_mut() {
        if locals.contains_key(name) {
            continue;
        }
        for s in syms {
            for t in [&mut s.ty, &mut s.returns].into_iter().flatten() {
                expand(t);
            }
            for p in &mut s.params {
                if let Some(t) = &mut p.ty {
                    expand(t);
                }
            }
            for g in &mut s.generics {
                for b in &mut g.bounds {
                    expand(b);
                }
                if let Some(d) = &mut g.default {
                    expand(d);
                }
            }
        }
    }
}

/// `text` with each reference `Name` / `Name<args>` to a local alias replaced by its body.
fn expand_once(text: &str, locals: &BTreeMap<String, Local>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts = word(c) && (i == 0 || !(word(chars[i - 1]) || chars[i - 1] == '.'));
        if !starts {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && word(chars[i]) {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect();
        // A member or parameter name (`{a: T}`, `(a?: T)`), or a qualified name's head.
        let is_key = matches!(chars.get(i), Some(':' | '?' | '.'));
        let Some(local) = locals.get(&name).filter(|_| !is_key) else {
            out.push_str(&name);
            continue;
        };
        let mut args: Vec<String> = Vec::new();
        let mut end = i;
        if chars.get(i) == Some(&'<')
            && let Some(close) = closing_angle(&chars, i)
        {
            let inner: String = chars[i + 1..close].iter().collect();
            args = split_top_commas(&inner);
            end = close + 1;
        }
        if args.len() > local.params.len() {
            out.push_str(&name);
            continue;
        }
        // A parameter left out keeps its name: the default is not needed to compare spellings
        // of one version against the other, which both go through here.
        let map: BTreeMap<&str, &str> = local
            .params
            .iter()
            .map(String::as_str)
            .zip(args.iter().map(String::as_str))
            .collect();
        let body = replace_words(&local.body, &map);
        // Parentheses only where an operator binds the reference (`A | Cb`, `Cb[]`): a whole
        // member, parameter or type argument reads as if written out by hand.
        let before = out.trim_end().chars().last();
        let after = chars[end..].iter().find(|c| !c.is_whitespace());
        let alone = matches!(
            before,
            None | Some(':' | ',' | '<' | '(' | ';' | '{' | '=' | '?')
        ) && matches!(after, None | Some(';' | ',' | '>' | ')' | '}' | '=' | ':'));
        if alone || body.chars().all(|c| word(c) || c == '.') {
            out.push_str(&body);
        } else {
            out.push('(');
            out.push_str(&body);
            out.push(')');
        }
        i = end;
    }
    out
}

/// `text` with whole words replaced by `map`.
fn replace_words(text: &str, map: &BTreeMap<&str, &str>) -> String {
    if map.is_empty() {
        return text.to_string();
    }
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(text.len());
    let mut cur = String::new();
    for c in text.chars().chain(std::iter::once('\0')) {
        if word(c) {
            cur.push(c);
            continue;
        }
        let prev_dot = out.ends_with('.');
        match map.get(cur.as_str()) {
            Some(to) if !prev_dot => out.push_str(to),
            _ => out.push_str(&cur),
        }
        cur.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

/// `text` split at top-level commas, each part trimmed (a trailing empty part dropped).
fn split_top_commas(text: &str) -> Vec<String> {
    let mut parts: Vec<String> = split_top(text, ',')
        .iter()
        .map(|p| p.trim().to_string())
        .collect();
    if parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use accord_model::surface::{Generic, SourceSpan};

    fn alias(name: &str, params: &[&str], body: &str) -> Symbol {
        let mut s = Symbol::new(name, SymbolKind::TypeAlias, SourceSpan::default());
        s.ty = Some(body.to_string());
        s.generics = params
            .iter()
            .map(|p| Generic {
                name: p.to_string(),
                bounds: Vec::new(),
                default: None,
            })
            .collect();
        s
    }

    #[test]
    fn a_local_alias_is_written_out_and_an_exported_one_is_not() {
        let mut decls = BTreeMap::new();
        decls.insert("Cb".to_string(), vec![alias("Cb", &[], "() => void")]);
        decls.insert(
            "Pub".to_string(),
            vec![alias("Pub", &["T"], "T | undefined")],
        );
        decls.insert(
            "Ro".to_string(),
            vec![alias("Ro", &["T"], "Pick<Api<T>, 'a'>")],
        );
        decls.insert(
            "Uses".to_string(),
            vec![alias(
                "Uses",
                &[],
                "{cb: Cb; p: Pub<Cb>; r: Ro<number>; u: Cb | null}",
            )],
        );
        let exported: BTreeSet<&str> = ["Pub", "Uses"].into_iter().collect();
        expand_local_aliases(&mut decls, &exported);
        assert_eq!(
            decls["Uses"][0].ty.as_deref(),
            Some(
                "{cb: () => void; p: Pub<() => void>; r: Pick<Api<number>, 'a'>; u: (() => void) | null}"
            )
        );
        let mut whole = BTreeMap::new();
        whole.insert("Cb".to_string(), vec![alias("Cb", &[], "() => void")]);
        whole.insert("F".to_string(), vec![alias("F", &[], "Cb")]);
        expand_local_aliases(&mut whole, &["F"].into_iter().collect());
        assert_eq!(whole["F"][0].ty.as_deref(), Some("() => void"));
    }
}

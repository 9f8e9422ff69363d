//! TypeScript spellings of one type, compared as the type checker would see them.
//!
//! Both sides are brought to one canonical spelling with what their surface shows: a type
//! argument left to its declared default and the same argument spelled out (`Foo` and
//! `Foo<Default>`), `Required<X>` of an interface or object alias whose members are all
//! required and `X` itself, and an alias of the package written out by name or by its
//! definition (`DateArg<D>` and `D | number | string` for `type DateArg<D> = D | number |
//! string`). Only aliases and defaults the surfaces show are used: a name Accord cannot see
//! stays as written, so an unknown type is never judged equal to another.

use super::{Cx, TypeDiff, union_members};
use accord_model::surface::{Generic, Surface, Symbol, SymbolKind};
use accord_model::type_text::{closing_angle, split_top};

/// Deepest alias expansion: enough for an alias of an alias, bounded against cycles.
const MAX_DEPTH: usize = 3;

/// Longest alias body expanded: spelling aliases (`DateArg<D> = D | number | string`) are
/// short; expanding type-level programs (type-fest's) would only grow text exponentially.
const MAX_BODY: usize = 160;

/// How `t1` (old) and `t2` (new), written in the signature of `owner`, relate; see the
/// module docs.
pub(super) fn compare(cx: &Cx<'_>, owner: &Symbol, t1: &str, t2: &str) -> TypeDiff {
    // Type arguments are given by position: the new text is read with the old parameter
    // names, so parameters renamed with their uses (`<A, B> = Map<A, B>` → `<B, A> = Map<B,
    // A>`) are the same type, and names reordered alone (`<K, V> = Map<K, V>` → `<V, K> =
    // Map<K, V>`) are not.
    let renames = cx.generic_renames(owner);
    let renamed;
    let t2 = if renames.is_empty() {
        t2
    } else {
        renamed = super::replace_words(t2, &renames);
        renamed.as_str()
    };
    if t1 == t2 {
        return TypeDiff::Same;
    }
    // An interface or class that gained a base (`extends A` → `extends A, B`) gained the
    // base's members: reported as members, never as a different type.
    if let (Some(a), Some(b)) = (t1.strip_prefix("extends "), t2.strip_prefix("extends ")) {
        let (la, lb) = (split_top(a, ','), split_top(b, ','));
        let lb: Vec<String> = lb.iter().map(|x| canonical(cx.new, x.trim(), 0)).collect();
        if la
            .iter()
            .all(|x| lb.contains(&canonical(cx.old, x.trim(), 0)))
        {
            return TypeDiff::Same;
        }
    }
    // A generic only one version declares is read as its default and as its bound: either
    // reading agreeing is what a caller who never names it sees.
    for prefer_bound in [false, true] {
        let (t1, t2) = without_own_generics(cx, owner, t1, t2, prefer_bound);
        if canonical(cx.old, &t1, 0) == canonical(cx.new, &t2, 0) {
            return TypeDiff::Same;
        }
    }
    TypeDiff::Different
}

/// The readings of `t1` (old) and `t2` (new) a caller of `owner` sees, as [`compare`] makes
/// them: type parameters renamed by position, generics only one version declares read as
/// their default, then as their bound.
pub(super) fn spelled_for_callers(
    cx: &Cx<'_>,
    owner: &Symbol,
    t1: &str,
    t2: &str,
) -> Vec<(String, String)> {
    let renames = cx.generic_renames(owner);
    let t2 = super::replace_words(t2, &renames);
    [false, true]
        .into_iter()
        .map(|prefer_bound| without_own_generics(cx, owner, t1, &t2, prefer_bound))
        .collect()
}

/// The type parameters of the one declaration named `name` in `surface`.
pub(super) fn declared_generics<'s>(surface: &'s Surface, name: &str) -> Option<&'s [Generic]> {
    declared(surface, name).map(|d| d.generics.as_slice())
}

/// The definition of the type alias `name` of `surface`, when it has exactly one.
pub(super) fn declared_alias_body<'s>(surface: &'s Surface, name: &str) -> Option<&'s str> {
    declared(surface, name)
        .filter(|d| d.kind == SymbolKind::TypeAlias)
        .and_then(|d| d.ty.as_deref())
}

/// The types with the generic parameters only one version of `owner` declares replaced by
/// what callers get: an old parameter that is gone by its bound (`<D extends Date>(d: D)`
/// accepted what `(d: Date)` accepts), a new one by its default (`<D, R = D>(…): R` returns
/// `D` unless a caller asks otherwise) or, without one, by its bound.
fn without_own_generics(
    cx: &Cx<'_>,
    owner: &Symbol,
    t1: &str,
    t2: &str,
    prefer_bound: bool,
) -> (String, String) {
    let Some(old) = cx.old_symbol(&owner.path) else {
        return (t1.to_string(), t2.to_string());
    };
    // A member's types also use its interface's or class's parameters, which users give by
    // position: the first ones both versions declare are the same parameters (renamed,
    // `Interval<DateType>` → `Interval<StartType, EndType>`), the ones only the new version
    // declares past them are read by their default (`getState(): S & StateExt` in `Store<S,
    // A, StateExt = {}>`), the old ones past them are gone.
    let (old_parent, new_parent) = match cx.surviving_parent(owner) {
        Some((p, q)) => (p.generics.as_slice(), q.generics.as_slice()),
        None => (&[][..], &[][..]),
    };
    let shared = old_parent.len().min(new_parent.len());
    let parent_renames: Vec<(String, String)> = new_parent[..shared]
        .iter()
        .zip(&old_parent[..shared])
        .filter(|(n, o)| n.name != o.name)
        .map(|(n, o)| (n.name.clone(), o.name.clone()))
        .collect();
    let t2 = &super::replace_words(t2, &parent_renames);
    let old_generics: Vec<&Generic> = old.generics.iter().chain(&old_parent[shared..]).collect();
    let new_generics: Vec<&Generic> = owner.generics.iter().chain(&new_parent[shared..]).collect();
    // The new text is read with the old names of parameters renamed by position.
    let renames = cx.generic_renames(owner);
    let old_name = |n: &str| {
        renames
            .iter()
            .find(|(new, _)| new == n)
            .map_or(n.to_string(), |(_, old)| old.clone())
    };
    let named = |gs: &[&Generic], n: &str| gs.iter().any(|g| g.name == n);
    let renamed = |gs: &[&Generic], n: &str| gs.iter().any(|g| old_name(&g.name) == n);
    let gone: Vec<(String, String)> = old_generics
        .iter()
        .filter(|g| !renamed(&new_generics, &g.name))
        .map(|g| {
            let bound = match g.bounds.as_slice() {
                [b] => b.clone(),
                _ => "unknown".to_string(),
            };
            (g.name.clone(), bound)
        })
        .collect();
    let came: Vec<(String, String)> = new_generics
        .iter()
        .filter(|g| !named(&old_generics, &old_name(&g.name)))
        .filter_map(|g| {
            // Without a default, an argument nothing infers is the constraint.
            // `O extends Opts | undefined` typing `options?: O` reads as `Opts`.
            let bound = match g.bounds.as_slice() {
                [b] => Some(
                    union_members(b)
                        .into_iter()
                        .filter(|m| m != "undefined")
                        .collect::<Vec<_>>()
                        .join(" | "),
                ),
                _ => None,
            };
            let to = if prefer_bound {
                bound.or_else(|| g.default.clone())?
            } else {
                g.default.clone().or(bound)?
            };
            Some((g.name.clone(), to))
        })
        .collect();
    // A new default may name a parameter both versions have, or one that is gone.
    let came: Vec<(String, String)> = came
        .into_iter()
        .map(|(n, d)| {
            let d = super::replace_words(&d, &parent_renames);
            (n, super::replace_words(&d, &gone))
        })
        .collect();
    (
        super::replace_words(t1, &gone),
        super::replace_words(t2, &came),
    )
}

/// A type predicate's subject and type: `x is T` and `asserts x is T` give (`x`, `T`).
pub(super) fn predicate(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix("asserts ").unwrap_or(text);
    let (subject, ty) = text.split_once(" is ")?;
    subject
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        .then_some((subject, ty))
}

/// True when a parameter typed `t2` (new) accepts every argument `t1` (old) accepted, and
/// more: a union that gained members (after aliases are expanded), an array that became
/// `readonly`, an object literal that gained optional properties.
pub(super) fn accepts_more(cx: &Cx<'_>, t1: &str, t2: &str) -> bool {
    let a = canonical(cx.old, t1, 0);
    let b = canonical(cx.new, t2, 0);
    if a == b {
        return false;
    }
    if b.strip_prefix("readonly ") == Some(a.as_str()) {
        return true;
    }
    // A callback whose parameters went from `unknown` to `any`: every callback accepted
    // before still is, and so are callbacks typed for a narrower argument.
    if a.contains("=>") && a.replace(": unknown", ": any") == b {
        return true;
    }
    let (ua, ub) = (union_members(&a), union_members(&b));
    if ua.len() < ub.len() && ua.is_subset(&ub) {
        return true;
    }
    // Member by member: each old member kept or widened (one level deep).
    if ua.len() == ub.len() && ua.len() > 1 {
        let missing: Vec<&String> = ua.difference(&ub).collect();
        let extra: Vec<&String> = ub.difference(&ua).collect();
        if let ([x], [y]) = (missing.as_slice(), extra.as_slice()) {
            return object_gained_optional(x, y);
        }
        return false;
    }
    object_gained_optional(&a, &b)
}

/// `{a: A; }` → `{a: A; b?: B; }`: every old property kept as written, only optional ones
/// added; in an intersection (`({…} & {…})`), part by part.
fn object_gained_optional(a: &str, b: &str) -> bool {
    let unwrap = |t: &str| -> String {
        t.strip_prefix('(')
            .and_then(|x| x.strip_suffix(')'))
            .filter(|x| balanced(x))
            .unwrap_or(t)
            .to_string()
    };
    let (a, b) = (unwrap(a), unwrap(b));
    let (pa, pb) = (split_top(&a, '&'), split_top(&b, '&'));
    if pa.len() > 1 && pa.len() == pb.len() {
        let mut gained = false;
        for (x, y) in pa.iter().zip(&pb) {
            let (x, y) = (x.trim(), y.trim());
            if x == y {
                continue;
            }
            if !object_part_gained_optional(x, y) {
                return false;
            }
            gained = true;
        }
        return gained;
    }
    object_part_gained_optional(&a, &b)
}

fn object_part_gained_optional(a: &str, b: &str) -> bool {
    let props = |t: &str| -> Option<Vec<String>> {
        let inner = t.strip_prefix('{')?.strip_suffix('}')?;
        Some(
            split_top(inner, ';')
                .into_iter()
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
        )
    };
    let (Some(pa), Some(pb)) = (props(a), props(b)) else {
        return false;
    };
    let key = |p: &str| {
        p.split_once(':')
            .map(|(k, t)| (k.trim().to_string(), t.trim().to_string()))
    };
    // Each old property kept, or kept under its key with a union that gained members
    // (`mode?: boolean` → `mode?: boolean | "strict"`).
    let kept = |p: &String| {
        pb.contains(p)
            || key(p).is_some_and(|(k, t)| {
                !k.contains('(')
                    && pb.iter().filter_map(|q| key(q)).any(|(k2, t2)| {
                        // An expanded alias is parenthesised: `(boolean | "class_only")`.
                        let bare = |x: &str| -> std::collections::BTreeSet<String> {
                            let inner = x
                                .strip_prefix('(')
                                .and_then(|y| y.strip_suffix(')'))
                                .filter(|y| balanced(y))
                                .unwrap_or(x);
                            union_members(inner)
                        };
                        let (ua, ub) = (bare(&t), bare(&t2));
                        k2 == k && ua.len() < ub.len() && ua.is_subset(&ub)
                    })
            })
    };
    let old_keys: Vec<String> = pa.iter().filter_map(|p| key(p)).map(|(k, _)| k).collect();
    pa != pb
        && pa.iter().all(kept)
        && pb
            .iter()
            .filter(|p| !pa.contains(p))
            .filter(|p| key(p).is_none_or(|(k, _)| !old_keys.contains(&k)))
            .all(|p| {
                p.split_once(':')
                    .is_some_and(|(k, _)| k.ends_with('?') && !k.contains('('))
            })
}

/// `text` with aliases of `surface` expanded, defaults filled in and redundant `Required<…>`
/// removed, union members sorted.
pub(super) fn canonical(surface: &Surface, text: &str, depth: usize) -> String {
    // `T & {}` is `T` minus `null`/`undefined`, written to stop inference: for an object or
    // primitive type it is `T` itself.
    // `T & unknown` is `T` for every `T`.
    let text = &text.replace(" & {}", "").replace(" & unknown", "");
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    while i < chars.len() {
        let c = chars[i];
        let starts = word(c) && (i == 0 || !(word(chars[i - 1]) || chars[i - 1] == '.'));
        if !starts || c.is_ascii_digit() {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (word(chars[i]) || chars[i] == '.') {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect();
        // A member name (`{a: T}`), a parameter name (`(a: T)`) or a key is not a type.
        if chars.get(i) == Some(&':') || chars.get(i) == Some(&'?') {
            out.push_str(&name);
            continue;
        }
        let mut args: Vec<String> = Vec::new();
        let mut end = i;
        if chars.get(i) == Some(&'<')
            && let Some(close) = closing_angle(&chars, i)
        {
            let inner: String = chars[i + 1..close].iter().collect();
            args = split_top(&inner, ',')
                .into_iter()
                .map(|a| canonical(surface, a.trim(), depth))
                .collect();
            end = close + 1;
        }
        i = end;
        out.push_str(&resolve(surface, &name, args, depth));
    }
    let out = sort_inner_unions(&without_double_parens(&out));
    // A parenthesised union among union members (an expanded alias) is flattened into them.
    let mut members = std::collections::BTreeSet::new();
    let mut todo: Vec<String> = union_members(&out).into_iter().collect();
    while let Some(m) = todo.pop() {
        let inner = m
            .strip_prefix('(')
            .and_then(|x| x.strip_suffix(')'))
            .filter(|x| split_top(x, '|').len() > 1 && balanced(x));
        match inner {
            Some(x) => todo.extend(union_members(x)),
            None => {
                members.insert(m);
            }
        }
    }
    // `"http" | string` is `string`: a literal next to its primitive adds nothing.
    if members.contains("string") {
        members.retain(|m| !(m.len() > 1 && (m.starts_with('"') || m.starts_with('\''))));
    }
    if members.len() > 1 {
        members.into_iter().collect::<Vec<_>>().join(" | ")
    } else {
        members.into_iter().next().unwrap_or(out)
    }
}

/// `((X))` as `(X)`: an expanded alias is parenthesised even where the reference already was
/// (`(DateArg<Date>)[]`).
fn without_double_parens(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let close_of = |chars: &[char], open: usize| -> Option<usize> {
        let mut depth = 0;
        for (j, c) in chars.iter().enumerate().skip(open) {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(j);
                    }
                }
                _ => {}
            }
        }
        None
    };
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i] == '('
            && chars[i + 1] == '('
            && let (Some(outer), Some(inner)) = (close_of(&chars, i), close_of(&chars, i + 1))
            && outer == inner + 1
        {
            chars.remove(outer);
            chars.remove(i);
            continue;
        }
        i += 1;
    }
    chars.into_iter().collect()
}

/// Unions inside parentheses (`(string | Date)[]`) with their members sorted, innermost first.
fn sort_inner_unions(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '(' {
            let mut depth = 0;
            let mut close = None;
            for (j, c) in chars.iter().enumerate().skip(i) {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            close = Some(j);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            if let Some(j) = close {
                let inner: String = chars[i + 1..j].iter().collect();
                let inner = sort_inner_unions(&inner);
                let is_params = split_top(&inner, ',').len() > 1 || inner.contains(':');
                let members = union_members(&inner);
                out.push('(');
                if !is_params && members.len() > 1 && !inner.contains("=>") {
                    let mut members = members;
                    if members.contains("string") {
                        members.retain(|m| {
                            !(m.len() > 1 && (m.starts_with('"') || m.starts_with('\'')))
                        });
                    }
                    out.push_str(&members.into_iter().collect::<Vec<_>>().join(" | "));
                } else {
                    out.push_str(&inner);
                }
                out.push(')');
                i = j + 1;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// True when every bracket opened in `text` closes in it, in order.
fn balanced(text: &str) -> bool {
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

/// One type reference `name<args>` in canonical spelling.
fn resolve(surface: &Surface, name: &str, mut args: Vec<String>, depth: usize) -> String {
    let show = |name: &str, args: &[String]| {
        if args.is_empty() {
            name.to_string()
        } else {
            format!("{name}<{}>", args.join(", "))
        }
    };
    if name == "Required" && args.len() == 1 && all_required(surface, &args[0]) {
        return args.remove(0);
    }
    let Some(decl) = declared(surface, name) else {
        return show(name, &args);
    };
    // Each parameter's default, read with the arguments before it (`Input = Output`).
    let default_at = |i: usize, args: &[String]| -> Option<String> {
        let g = decl.generics.get(i)?;
        let given: Vec<(String, String)> = decl
            .generics
            .iter()
            .map(|g| g.name.clone())
            .zip(args.iter().take(i).cloned())
            .collect();
        let d = super::replace_words(g.default.as_deref()?, &given);
        Some(canonical(surface, &d, depth + 1))
    };
    // Defaults fill the arguments left out, in declaration order.
    if args.len() < decl.generics.len()
        && decl.generics[args.len()..]
            .iter()
            .all(|g| g.default.is_some())
    {
        for i in args.len()..decl.generics.len() {
            if let Some(d) = default_at(i, &args) {
                args.push(d);
            }
        }
    }
    if decl.kind == SymbolKind::TypeAlias
        && depth < MAX_DEPTH
        && decl.ty.as_deref().is_some_and(|b| b.len() <= MAX_BODY)
        && args.len() == decl.generics.len()
        && let Some(body) = decl.ty.as_deref()
    {
        let names: Vec<(String, String)> = decl
            .generics
            .iter()
            .map(|g| g.name.clone())
            .zip(args.iter().cloned())
            .collect();
        let body = super::replace_words(body, &names);
        let expanded = canonical(surface, &body, depth + 1);
        // Parenthesised where its text would otherwise bind to what follows it: a union, a
        // function type (`ContextFn<D> | D` is not `(v) => D | D`), a conditional type.
        let function =
            (expanded.starts_with('(') || expanded.starts_with('<')) && expanded.contains("=>");
        let conditional = expanded.contains("extends") && expanded.contains('?');
        return if union_members(&expanded).len() > 1 || function || conditional {
            format!("({expanded})")
        } else {
            expanded
        };
    }
    // Shown without the trailing arguments equal to their defaults, so `Foo<D>` on a side
    // whose `Foo` has a default `D` and a bare `Foo` on a side whose `Foo` has no parameter
    // read alike.
    while let Some(last) = args.len().checked_sub(1) {
        if default_at(last, &args).as_deref() == Some(args[last].as_str()) {
            args.pop();
        } else {
            break;
        }
    }
    show(name, &args)
}

/// The one declaration named `name` in `surface` (a class, interface or alias); `None` when
/// there is none or several disagree.
fn declared<'s>(surface: &'s Surface, name: &str) -> Option<&'s Symbol> {
    let mut found: Option<&Symbol> = None;
    for s in &surface.symbols {
        if !matches!(
            s.kind,
            SymbolKind::TypeAlias | SymbolKind::Interface | SymbolKind::Class
        ) {
            continue;
        }
        let Some((_, local)) = s.path.split_once(':') else {
            continue;
        };
        if local != name {
            continue;
        }
        match found {
            Some(f) if f.ty != s.ty || f.generics != s.generics || f.kind != s.kind => {
                return None;
            }
            _ => found = Some(s),
        }
    }
    found
}

/// True when `name` is an interface (or object alias) of `surface` none of whose members is
/// optional, so `Required<name>` is `name` itself.
fn all_required(surface: &Surface, name: &str) -> bool {
    let Some(decl) = declared(surface, name) else {
        return false;
    };
    match decl.kind {
        SymbolKind::Interface => {
            let prefix = format!("{}.", decl.path);
            // An interface that extends another may inherit optional members Accord cannot see.
            decl.ty.is_none()
                && surface
                    .symbols
                    .iter()
                    .filter(|s| s.path.starts_with(&prefix))
                    .all(|s| !s.optional)
        }
        SymbolKind::TypeAlias => decl.ty.as_deref().is_some_and(|t| {
            t.starts_with('{') && t.ends_with('}') && !t.contains("?:") && !t.contains('[')
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use accord_model::surface::{Generic, Language, SourceSpan};

    /// (name, kind, type text, generics as (name, default)).
    type Decl<'a> = (
        &'a str,
        SymbolKind,
        &'a str,
        &'a [(&'a str, Option<&'a str>)],
    );

    fn surface(decls: &[Decl<'_>]) -> Surface {
        let mut s = Surface::new(Language::TypeScript, "p");
        for (name, kind, ty, generics) in decls {
            let mut sym = Symbol::new(format!(".:{name}"), *kind, SourceSpan::default());
            sym.ty = (!ty.is_empty()).then(|| ty.to_string());
            sym.generics = generics
                .iter()
                .map(|(n, d)| Generic {
                    name: n.to_string(),
                    bounds: Vec::new(),
                    default: d.map(str::to_string),
                })
                .collect();
            s.symbols.push(sym);
        }
        s
    }

    #[test]
    fn a_default_type_argument_spelled_out_is_the_same_type() {
        let s = surface(&[("Foo", SymbolKind::Interface, "", &[("T", Some("string"))])]);
        assert_eq!(canonical(&s, "Foo", 0), canonical(&s, "Foo<string>", 0));
        assert_ne!(canonical(&s, "Foo", 0), canonical(&s, "Foo<number>", 0));
    }

    #[test]
    fn an_alias_of_the_package_equals_its_definition() {
        let s = surface(&[(
            "DateArg",
            SymbolKind::TypeAlias,
            "D | number | string",
            &[("D", None)],
        )]);
        assert_eq!(
            canonical(&s, "DateArg<Date>", 0),
            canonical(&s, "Date | number | string", 0)
        );
    }

    #[test]
    fn required_of_an_all_required_interface_is_the_interface() {
        let mut s = surface(&[("Opts", SymbolKind::Interface, "", &[])]);
        s.symbols.push(Symbol::new(
            ".:Opts.a",
            SymbolKind::Field,
            SourceSpan::default(),
        ));
        assert_eq!(canonical(&s, "Required<Opts>", 0), "Opts");
        s.symbols[1].optional = true;
        assert_eq!(canonical(&s, "Required<Opts>", 0), "Required<Opts>");
    }

    #[test]
    fn an_alias_written_inside_parentheses_equals_its_definition() {
        let s = surface(&[(
            "DateArg",
            SymbolKind::TypeAlias,
            "D | number | string",
            &[("D", None)],
        )]);
        assert_eq!(
            canonical(&s, "(DateArg<Date> & {})[]", 0),
            canonical(&s, "(Date | number | string)[]", 0)
        );
        assert_eq!(canonical(&s, "S & unknown", 0), "S");
        assert_eq!(
            canonical(&s, "(A | (\"http\" | \"xhr\" | string)) | B", 0),
            canonical(&s, "A | B | (\"fetch\" | string)", 0)
        );
    }

    #[test]
    fn an_unknown_name_is_never_resolved() {
        let s = surface(&[]);
        assert_eq!(canonical(&s, "Foo<A, B>", 0), "Foo<A, B>");
    }

    #[test]
    fn a_default_naming_an_earlier_parameter_takes_its_argument() {
        let s = surface(&[(
            "ZodType",
            SymbolKind::Class,
            "",
            &[("Output", Some("any")), ("Input", Some("Output"))],
        )]);
        assert_eq!(
            canonical(&s, "ZodType<string>", 0),
            canonical(&s, "ZodType<string, string>", 0)
        );
    }

    #[test]
    fn an_object_gaining_an_optional_property_accepts_more() {
        assert!(object_gained_optional(
            "{a: string; }",
            "{a: string; b?: number; }"
        ));
        assert!(!object_gained_optional(
            "{a: string; }",
            "{a: string; b: number; }"
        ));
        assert!(!object_gained_optional("{a: string; }", "{a?: string; }"));
        assert!(object_gained_optional(
            "{a?: boolean; b?: string}",
            "{a?: boolean; b?: \"x\" | string}"
        ));
        assert!(object_gained_optional(
            "{a?: boolean; b?: boolean}",
            "{a?: boolean; b?: (\"x\" | boolean)}"
        ));
        assert!(!object_gained_optional(
            "{a?: boolean; b?: \"x\" | string}",
            "{a?: boolean; b?: string}"
        ));
        assert!(object_gained_optional(
            "({a: string; } & {c?: true; })",
            "({a: string; b?: number; } & {c?: true; })"
        ));
    }
}

//! Whether a TypeScript type that changed still works where it is used: a return type or a
//! constant read by callers (the new type must be assignable to the old one), a parameter
//! written by callers (every old argument must still be assignable), or both.
//!
//! The comparison is structural on the canonical spellings of [`super::ts_types`]: unions
//! member by member, intersections part by part, function types with contravariant
//! parameters and covariant results, arrays by element, object literals property by
//! property, `any`/`unknown`/`{}` as the type checker reads them, a type parameter whose
//! bound changed also as its bound (what callers may pass). Two conditional types asking the
//! same questions compare answer by answer: an answer that changed changes what the type
//! computes. Where one side is a type-level program Accord does not evaluate (a conditional
//! type asking other questions, a mapped type, `infer`, an indexed access into a type of
//! another namespace, or an alias of the package defined by one), or a type argument of a
//! generic whose variance Accord cannot see moved to a related type, or a generic whose
//! parameter list changed, the answer is [`Relation::Undecided`]: the rules report it as a
//! rewrite Accord could not prove equivalent (RISKY), never as proven breaking nor as safe.

use super::ts_types::{canonical, declared_alias_body, declared_generics, spelled_for_callers};
use super::{Cx, replace_words};
use accord_model::surface::{Symbol, SymbolKind};
use accord_model::type_text::{closing_angle, split_top};

/// How an old and a new type relate where they are used (ordered: worst first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relation {
    /// Some old use no longer type-checks.
    Incompatible,
    /// Accord cannot tell: a rewrite of a type-level program, or a type argument of unknown
    /// variance that moved to a related type.
    Undecided,
    /// Every old use still type-checks.
    Compatible,
}

/// Where a type is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Read by callers: a return type, a constant's type.
    Output,
    /// Written by callers: a parameter type, a generic bound.
    Input,
    /// Both read and written: a type alias users name, a mutable field.
    Both,
}

/// Deepest nesting compared; deeper differences are undecided.
const MAX_DEPTH: usize = 8;

/// How `t1` (old) and `t2` (new), written in the signature of `owner`, relate at `pos`.
pub(super) fn relation(cx: &Cx<'_>, owner: &Symbol, t1: &str, t2: &str, pos: Position) -> Relation {
    let Some(old) = cx.old_symbol(&owner.path) else {
        return Relation::Incompatible;
    };
    let alias = owner.kind == SymbolKind::TypeAlias;
    // An alias that gained or lost a type parameter is a different alias to users who name
    // it, whatever its definition reads as with the new parameter at its default.
    if alias && old.generics.len() != owner.generics.len() {
        return Relation::Incompatible;
    }
    let r = relation_as_read(cx, owner, t1, t2, pos);
    // A rewrite is only left undecided when callers' explicit type arguments still fit (every
    // type parameter kept, the new ones with a default) and, for a type alias, its shape
    // stays: a conditional type stays one, a generic function type keeps its parameters.
    let kept_generics = owner.generics.len() == old.generics.len()
        || (owner.generics.len() > old.generics.len()
            && old
                .generics
                .iter()
                .zip(&owner.generics)
                .all(|(a, b)| a.name == b.name)
            && owner.generics[old.generics.len()..]
                .iter()
                .all(|g| g.default.is_some()));
    if r == Relation::Undecided && !(kept_generics && (!alias || same_shape(t1, t2))) {
        return Relation::Incompatible;
    }
    r
}

fn relation_as_read(cx: &Cx<'_>, owner: &Symbol, t1: &str, t2: &str, pos: Position) -> Relation {
    let mut readings = spelled_for_callers(cx, owner, t1, t2);
    if pos == Position::Input {
        // What callers may pass for a type parameter is its bound: one whose bound changed
        // (`<D extends Date>(d: D | number | string)` → `<D extends DateArg<Date>>(d: D)`)
        // is also read as its bound on each side.
        let (old_b, new_b) = changed_bounds(cx, owner);
        if !old_b.is_empty() {
            let more: Vec<(String, String)> = readings
                .iter()
                .map(|(a, b)| (replace_words(a, &old_b), replace_words(b, &new_b)))
                .collect();
            readings.extend(more);
        }
    }
    let mut best = Relation::Incompatible;
    for (a, b) in readings {
        let (a, b) = (canonical(cx.old, &a, 0), canonical(cx.new, &b, 0));
        let r = match pos {
            Position::Output => sub(cx, &b, &a, true, 0),
            Position::Input => sub(cx, &a, &b, false, 0),
            Position::Both => sub(cx, &b, &a, true, 0).min(sub(cx, &a, &b, false, 0)),
        };
        best = best.max(r);
    }
    best
}

/// Words replaced by types: (name, type).
type Substitution = Vec<(String, String)>;

/// The type parameters of `owner` both versions declare (by position, with the old names)
/// whose single bound changed: (old name, old bound) and (old name, new bound).
fn changed_bounds(cx: &Cx<'_>, owner: &Symbol) -> (Substitution, Substitution) {
    let (mut old_b, mut new_b) = (Vec::new(), Vec::new());
    let Some(old) = cx.old_symbol(&owner.path) else {
        return (old_b, new_b);
    };
    let renames = cx.generic_renames(owner);
    for g in &owner.generics {
        let name = renames
            .iter()
            .find(|(n, _)| *n == g.name)
            .map_or(g.name.as_str(), |(_, o)| o.as_str());
        let Some(og) = old.generics.iter().find(|o| o.name == name) else {
            continue;
        };
        if let ([ob], [nb]) = (og.bounds.as_slice(), g.bounds.as_slice()) {
            let nb = replace_words(nb, &renames);
            if *ob != nb {
                old_b.push((name.to_string(), format!("({ob})")));
                new_b.push((name.to_string(), format!("({nb})")));
            }
        }
    }
    (old_b, new_b)
}

fn all<I: IntoIterator<Item = Relation>>(it: I) -> Relation {
    it.into_iter().min().unwrap_or(Relation::Compatible)
}

fn any<I: IntoIterator<Item = Relation>>(it: I) -> Relation {
    it.into_iter().max().unwrap_or(Relation::Incompatible)
}

/// Whether every value of `x` is a value of `y` (`x_new`: `x` is the new side's type, so a
/// new `any` is assignable wherever the old type was used).
fn sub(cx: &Cx<'_>, x: &str, y: &str, x_new: bool, depth: usize) -> Relation {
    let (x, y) = (unparen(x.trim()), unparen(y.trim()));
    if x == y {
        return Relation::Compatible;
    }
    if depth > MAX_DEPTH {
        return Relation::Undecided;
    }
    // `any` is assignable to and from every type; as the old side of a parameter it stands
    // for every value callers could pass.
    if y == "any" || y == "unknown" || x == "never" || (x == "any" && x_new) {
        return Relation::Compatible;
    }
    if x == "any" || x == "unknown" {
        return Relation::Incompatible;
    }
    if let (Some(fx), Some(fy)) = (function_type(x), function_type(y)) {
        return sub_function(cx, &fx, &fy, x_new, depth);
    }
    // Before unions: `C extends E ? A : B | D` is one conditional type, not a union.
    match (conditional(x), conditional(y)) {
        (Some(cx_), Some(cy)) => return same_questions(cx, &cx_, &cy, x_new, depth),
        (Some(_), None) | (None, Some(_)) => return Relation::Undecided,
        (None, None) => {}
    }
    let (ux, uy) = (members(x), members(y));
    if ux.len() > 1 {
        return all(ux.iter().map(|m| sub(cx, m, y, x_new, depth + 1)));
    }
    if uy.len() > 1 {
        // A member of `x` may also be covered by several members of `y` together (`boolean`
        // by `true | false`); only one-to-one is tried.
        return any(uy.iter().map(|m| sub(cx, x, m, x_new, depth + 1)));
    }
    if y == "{}" && !matches!(x, "undefined" | "null" | "void") {
        return Relation::Compatible;
    }
    let (ix, iy) = (split_top(x, '&'), split_top(y, '&'));
    if ix.len() > 1 || iy.len() > 1 {
        // `X1 & X2` fits `Y1 & Y2` when each part of `Y` is met by some part of `X` (enough,
        // not necessary: the parts together may meet what none meets alone).
        return all(iy
            .iter()
            .map(|b| any(ix.iter().map(|a| sub(cx, a, b, x_new, depth + 1)))));
    }
    if is_program(cx, x, 0) || is_program(cx, y, 0) {
        return Relation::Undecided;
    }
    if let (Some(ex), Some(ey)) = (element(x), element(y)) {
        return sub(cx, &ex, &ey, x_new, depth + 1);
    }
    if let (Some((hx, ax)), Some((hy, ay))) = (reference(x), reference(y))
        && hx == hy
        && ax.len() == ay.len()
    {
        // The variance of a generic's parameters is not in the surface: an argument that
        // moved to a related type (either way) may or may not break.
        return all(ax
            .iter()
            .zip(&ay)
            .enumerate()
            .map(|(i, (a, b))| argument(cx, &hx, i, a, b, x_new, depth)));
    }
    // The same generic given a different number of arguments (after defaults are filled in):
    // its parameter list changed, so arguments no longer compare by position.
    let head = |t: &str| reference(t).map_or_else(|| t.to_string(), |(h, _)| h);
    if head(x) == head(y) && (reference(x).is_some() || reference(y).is_some()) {
        let (sx, sy) = if x_new {
            (cx.new, cx.old)
        } else {
            (cx.old, cx.new)
        };
        if let (Some(ax), Some(ay)) = (filled(sx, x), filled(sy, y))
            && ax.len() == ay.len()
        {
            let h = head(x);
            return all(ax
                .iter()
                .zip(&ay)
                .enumerate()
                .map(|(i, (a, b))| argument(cx, &h, i, a, b, x_new, depth)));
        }
        return Relation::Undecided;
    }
    if let (Some(px), Some(py)) = (object(x), object(y)) {
        return sub_object(cx, &px, &py, x_new, depth);
    }
    Relation::Incompatible
}

/// The `i`-th type arguments `a` (of `x`) and `b` (of `y`) of the generic `head`.
fn argument(
    cx: &Cx<'_>,
    head: &str,
    i: usize,
    a: &str,
    b: &str,
    x_new: bool,
    depth: usize,
) -> Relation {
    if a == b {
        return Relation::Compatible;
    }
    // `any` where the other side gives the parameter's own constraint (`ZodType<any, any>`
    // and `ZodType<any, ZodTypeDef>` for `ZodType<O, Def extends ZodTypeDef>`): every
    // argument meets the constraint, so the two admit the same instantiations.
    let constraint = [cx.old, cx.new].iter().any(|s| {
        declared_generics(s, head)
            .and_then(|gs| gs.get(i))
            .is_some_and(|g| {
                g.bounds
                    .iter()
                    .any(|bd| (a == "any" && bd == b) || (b == "any" && bd == a))
            })
    });
    if constraint {
        return Relation::Compatible;
    }
    let there = sub(cx, a, b, x_new, depth + 1);
    let back = sub(cx, b, a, !x_new, depth + 1);
    if there == Relation::Compatible && back == Relation::Compatible {
        Relation::Compatible
    } else {
        there.max(back).min(Relation::Undecided)
    }
}

/// The type arguments of the reference `t` with the ones left out filled with the defaults
/// its declaration in `surface` gives.
fn filled(surface: &accord_model::surface::Surface, t: &str) -> Option<Vec<String>> {
    let (h, mut args) = reference(t).unwrap_or_else(|| (t.to_string(), Vec::new()));
    let gs = declared_generics(surface, &h)?;
    for g in gs.iter().skip(args.len()) {
        let given: Vec<(String, String)> = gs
            .iter()
            .map(|g| g.name.clone())
            .zip(args.iter().cloned())
            .collect();
        args.push(replace_words(g.default.as_deref()?, &given));
    }
    Some(args)
}

/// `(…)` around a whole type removed.
fn unparen(t: &str) -> &str {
    let mut t = t;
    while let Some(inner) = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        let chars: Vec<char> = t.chars().collect();
        if close_paren(&chars, 0) != Some(chars.len() - 1) {
            break;
        }
        t = inner.trim();
    }
    t
}

fn close_paren(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (j, c) in chars.iter().enumerate().skip(open) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

/// Members of a top-level union, with parenthesised unions flattened; a function type is one
/// member (its result's `|` is not the union's).
fn members(t: &str) -> Vec<String> {
    if function_type(t).is_some() {
        return vec![t.to_string()];
    }
    let mut out = Vec::new();
    for m in split_top(t, '|') {
        let m = unparen(m.trim());
        if m.is_empty() {
            continue;
        }
        let inner = members_if_union(m);
        match inner {
            Some(v) => out.extend(v),
            None => out.push(m.to_string()),
        }
    }
    out.sort();
    out.dedup();
    out
}

fn members_if_union(m: &str) -> Option<Vec<String>> {
    (function_type(m).is_none() && split_top(m, '|').len() > 1).then(|| members(m))
}

/// A function type `(params) => result` (not generic): its parameter types and result.
struct FnType {
    params: Vec<(bool, String)>,
    result: String,
}

fn function_type(t: &str) -> Option<FnType> {
    if !t.starts_with('(') {
        return None;
    }
    let chars: Vec<char> = t.chars().collect();
    let close = close_paren(&chars, 0)?;
    let rest: String = chars[close + 1..].iter().collect();
    let result = rest.trim_start().strip_prefix("=>")?.trim().to_string();
    let inner: String = chars[1..close].iter().collect();
    let mut params = Vec::new();
    for p in split_top(&inner, ',') {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        // A rest parameter or a destructured one is compared as written.
        let (name, ty) = split_colon(p)?;
        if name.starts_with("...") {
            return None;
        }
        params.push((name.ends_with('?'), ty.trim().to_string()));
    }
    Some(FnType { params, result })
}

/// `name: type` split at the first top-level `:`.
fn split_colon(p: &str) -> Option<(&str, &str)> {
    let parts = split_top(p, ':');
    if parts.len() < 2 {
        return None;
    }
    let name = parts[0];
    Some((name.trim(), p[name.len() + 1..].trim()))
}

/// A value of function type `fx` used where `fy` is expected: `fy`'s arguments must be
/// accepted by `fx` and `fx`'s result must be usable as `fy`'s.
fn sub_function(cx: &Cx<'_>, fx: &FnType, fy: &FnType, x_new: bool, depth: usize) -> Relation {
    let required = |f: &FnType| f.params.iter().filter(|(opt, _)| !opt).count();
    if required(fx) > fy.params.len() {
        return Relation::Incompatible;
    }
    let params = fx.params.iter().zip(&fy.params).map(|((_, a), (_, b))| {
        // Parameters are contravariant: the expected function's arguments flow into ours.
        sub(cx, b, a, !x_new, depth + 1)
    });
    all(params.chain(std::iter::once(sub(
        cx,
        &fx.result,
        &fy.result,
        x_new,
        depth + 1,
    ))))
}

/// The element type of `X[]`, `readonly X[]`, `Array<X>` or `ReadonlyArray<X>`.
fn element(t: &str) -> Option<String> {
    let t = t.strip_prefix("readonly ").unwrap_or(t);
    if let Some(e) = t.strip_suffix("[]") {
        return Some(e.to_string());
    }
    let (h, args) = reference(t)?;
    (matches!(h.as_str(), "Array" | "ReadonlyArray") && args.len() == 1).then(|| args[0].clone())
}

/// A generic reference `Head<A, B>`: the head and the arguments.
fn reference(t: &str) -> Option<(String, Vec<String>)> {
    let open = t.find('<')?;
    let head = &t[..open];
    if head.is_empty()
        || !head
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.')
    {
        return None;
    }
    let chars: Vec<char> = t.chars().collect();
    let open_c = t[..open].chars().count();
    let close = closing_angle(&chars, open_c)?;
    if close != chars.len() - 1 {
        return None;
    }
    let inner: String = chars[open_c + 1..close].iter().collect();
    Some((
        head.to_string(),
        split_top(&inner, ',')
            .into_iter()
            .map(|a| a.trim().to_string())
            .collect(),
    ))
}

/// The properties of an object literal type `{a: A; b?: B}` as (key, optional, type); `None`
/// for anything else (index signatures, methods, mapped types are not read).
fn object(t: &str) -> Option<Vec<(String, bool, String)>> {
    let inner = t.strip_prefix('{')?.strip_suffix('}')?;
    let mut out = Vec::new();
    for p in split_top(inner, ';') {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        let (k, ty) = split_colon(p)?;
        if k.contains(['(', '[', '<']) {
            return None;
        }
        let k = k.strip_prefix("readonly ").unwrap_or(k);
        let (k, opt) = match k.strip_suffix('?') {
            Some(k) => (k, true),
            None => (k, false),
        };
        out.push((k.trim().to_string(), opt, ty.to_string()));
    }
    Some(out)
}

/// Every property `y` requires is in `x` with a type assignable to it.
fn sub_object(
    cx: &Cx<'_>,
    px: &[(String, bool, String)],
    py: &[(String, bool, String)],
    x_new: bool,
    depth: usize,
) -> Relation {
    all(py.iter().map(|(k, opt, ty)| {
        match px.iter().find(|(k2, _, _)| k2 == k) {
            // An optional property may be `undefined` where a required one may not.
            Some((_, opt_x, tx)) if *opt_x && !opt => {
                Relation::Incompatible.max(if members(ty).iter().any(|m| m == "undefined") {
                    sub(cx, tx, ty, x_new, depth + 1)
                } else {
                    Relation::Incompatible
                })
            }
            Some((_, _, tx)) => sub(cx, tx, ty, x_new, depth + 1),
            None if *opt => Relation::Compatible,
            None => Relation::Incompatible,
        }
    }))
}

/// True when `t` is a type-level program Accord does not evaluate: a conditional type, a
/// mapped type, `infer`, `keyof`, an indexed access, or a reference to an alias of either
/// version defined by one.
pub(super) fn is_program(cx: &Cx<'_>, t: &str, depth: usize) -> bool {
    let chars: Vec<char> = t.chars().collect();
    let conditional = t.contains(" extends")
        && chars
            .iter()
            .enumerate()
            .any(|(i, c)| *c == '?' && !matches!(chars.get(i + 1), Some(':') | Some('.')));
    if conditional
        || indexed_access(t)
        || t.contains("infer ")
        || t.contains("keyof ")
        || t.contains(" in keyof")
    {
        return true;
    }
    if depth >= 2 {
        return false;
    }
    words(t).into_iter().any(|w| {
        [cx.old, cx.new]
            .iter()
            .any(|s| declared_alias_body(s, &w).is_some_and(|body| is_program(cx, body, depth + 1)))
    })
}

/// True when `t` holds an indexed access into a qualified type (`Intl.ResolvedDateTimeFormatOptions["locale"]`):
/// a type of the standard library or of a dependency, whose members no surface shows.
fn indexed_access(t: &str) -> bool {
    let chars: Vec<char> = t.chars().collect();
    chars.iter().enumerate().skip(1).any(|(i, c)| {
        if *c != '[' || chars.get(i + 1) == Some(&']') {
            return false;
        }
        let object: String = chars[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '.'))
            .collect();
        object.contains('.')
    })
}

/// A conditional type `C extends E ? A : B` at the top level of `t`: (`C extends E`, `A`, `B`).
fn conditional(t: &str) -> Option<(String, String, String)> {
    // A function type's result may be conditional; the function type is not.
    if t.starts_with('<') || function_type(t).is_some() {
        return None;
    }
    let chars: Vec<char> = t.chars().collect();
    let mut depth = 0i32;
    let mut question = None;
    let mut nested = 0;
    for (i, c) in chars.iter().enumerate() {
        match c {
            '(' | '[' | '{' | '<' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            // `=>` is not a closing bracket.
            '>' if i > 0 && chars[i - 1] != '=' => depth -= 1,
            '?' if depth == 0 && !matches!(chars.get(i + 1), Some(':') | Some('.')) => {
                if question.is_none() {
                    question = Some(i);
                } else {
                    nested += 1;
                }
            }
            ':' if depth == 0 && question.is_some() => {
                if nested == 0 {
                    let q = question?;
                    let test: String = chars[..q].iter().collect();
                    if !test.contains("extends") {
                        return None;
                    }
                    let then: String = chars[q + 1..i].iter().collect();
                    let other: String = chars[i + 1..].iter().collect();
                    return Some((
                        test.split_whitespace().collect::<Vec<_>>().join(" "),
                        then.trim().to_string(),
                        other.trim().to_string(),
                    ));
                }
                nested -= 1;
            }
            _ => {}
        }
    }
    None
}

/// Two conditional types asking the same questions in the same order: a branch whose answer
/// changed to a type not proven the same changes what the type computes for the types that
/// reach it (type-fest's `Jsonify` answering `JsonifyList<T>` where it answered
/// `JsonifyTuple<T>`); different questions are a rewrite Accord cannot decide.
fn same_questions(
    cx: &Cx<'_>,
    a: &(String, String, String),
    b: &(String, String, String),
    x_new: bool,
    depth: usize,
) -> Relation {
    let same = |p: &str, q: &str| {
        unparen(p.trim()) == unparen(q.trim())
            || (sub(cx, p, q, x_new, depth + 1) == Relation::Compatible
                && sub(cx, q, p, !x_new, depth + 1) == Relation::Compatible)
    };
    // The question `C extends E`: the same when both types are (`ZodTypeAny extends T` and
    // `ZodType extends T`, the alias written out).
    let question = |t: &str| {
        let parts: Vec<&str> = t.splitn(2, " extends ").collect();
        (parts.len() == 2).then(|| (parts[0].to_string(), parts[1].to_string()))
    };
    let asked_alike = a.0 == b.0
        || matches!((question(&a.0), question(&b.0)),
            (Some((c1, e1)), Some((c2, e2))) if same(&c1, &c2) && same(&e1, &e2));
    if !asked_alike {
        return Relation::Undecided;
    }
    let branch = |p: &str, q: &str| match (conditional(p), conditional(q)) {
        (Some(cp), Some(cq)) => same_questions(cx, &cp, &cq, x_new, depth + 1),
        // An answer that was a type and is now a conditional one (or the reverse) changed.
        _ if same(p, q) => Relation::Compatible,
        _ => Relation::Incompatible,
    };
    all([branch(&a.1, &b.1), branch(&a.2, &b.2)])
}

/// True when two definitions have the same top-level shape: both conditional types testing
/// the same type (by its head name), both mapped types, both object literals, both
/// intersections, or both references to the same generic.
fn same_shape(t1: &str, t2: &str) -> bool {
    fn shape(t: &str) -> String {
        let t = t.trim();
        if t.starts_with('<') {
            // A generic function type: the same shape only with as many type parameters.
            let chars: Vec<char> = t.chars().collect();
            let n = closing_angle(&chars, 0).map_or(0, |close| {
                let inner: String = chars[1..close].iter().collect();
                split_top(&inner, ',').len()
            });
            return format!("<{n}>()");
        }
        if function_type(t).is_some() {
            return "()".into();
        }
        let parts = split_top(t, '&');
        if parts.len() > 1 {
            return "&".into();
        }
        let head: String = t
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$' || *c == '.')
            .collect();
        if let Some(rest) = t[head.len()..].strip_prefix(" extends") {
            let _ = rest;
            return format!("?{head}");
        }
        if t.starts_with("{[") {
            return "mapped".into();
        }
        if t.starts_with('{') {
            return "{}".into();
        }
        if t.starts_with('(') {
            return "()".into();
        }
        head
    }
    let (a, b) = (shape(t1), shape(t2));
    !a.is_empty() && a == b
}

/// Type names referenced in `t` (words starting with a letter, not keys).
fn words(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in t.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' || c == '$' || c == '.' {
            cur.push(c);
        } else {
            if cur.chars().next().is_some_and(|c| c.is_uppercase()) && !out.contains(&cur) {
                out.push(cur.clone());
            }
            cur.clear();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_shapes() {
        assert!(function_type("(a: A) => B | C").is_some());
        assert_eq!(members("(a: A) => B | C").len(), 1);
        assert_eq!(members("A | (B | C)"), ["A", "B", "C"]);
        assert_eq!(element("Array<Date>").as_deref(), Some("Date"));
        assert_eq!(element("Date[]").as_deref(), Some("Date"));
        let (h, a) = reference("Foo<A, B<C>>").unwrap();
        assert_eq!((h.as_str(), a.len()), ("Foo", 2));
        assert!(reference("Foo<A> & B<C>").is_none());
        assert_eq!(
            object("{a: A; b?: B}").unwrap(),
            [
                ("a".into(), false, "A".into()),
                ("b".into(), true, "B".into())
            ]
        );
        let (test, then, other) =
            conditional("T extends string ? A | B : T extends X ? C : D").unwrap();
        assert_eq!(
            (test.as_str(), then.as_str()),
            ("T extends string", "A | B")
        );
        assert_eq!(other, "T extends X ? C : D");
        assert!(conditional("{a?: A; b: (x?: B) => C}").is_none());
        assert!(conditional("(value: Date) => T extends A ? B : C").is_none());
        assert!(indexed_access(
            r#"Intl.ResolvedDateTimeFormatOptions["locale"]"#
        ));
        assert!(!indexed_access(r#"T["_output"] | Date[]"#));
        assert_eq!(unparen("((A | B))"), "A | B");
        assert_eq!(unparen("(A) | (B)"), "(A) | (B)");
    }
}

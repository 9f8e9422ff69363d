//! The `annotation-changed` code change rule (Python): typing-only changes.
//!
//! The other type rules ask [`typing_only`] (and, for overload signatures, [`overload_covered`])
//! before reporting BREAKING, so each change is reported by exactly one rule.

use super::prelude::*;
use accord_model::surface::Param;

declare_rule! {
    /// ## What it does
    /// Reports a Python annotation (parameter, return, attribute or alias type) that changed
    /// while the run-time call shape did not, in a way that Accord cannot prove breaks a type-checked
    /// caller: a respelling it cannot show equal (`Union[str, bytes]` → a constrained type
    /// variable, `Iterable[str | bytes]` → `Iterable[str] | Iterable[bytes]`), a function made
    /// generic, an attribute's type narrowed or widened (a `Literal` gaining a value readers may
    /// not expect), or an `@overload` signature re-typed while some new overload still accepts
    /// every call it accepted.
    ///
    /// Python never enforces annotations at run time, so such a change breaks type-checked
    /// callers at most. `griffe check` compares no parameter or attribute annotation at all
    /// and treats a return annotation as compatible unless it is removed; typeshed publishes
    /// annotation changes of its stub packages in any release and tells users to pin stubs
    /// when type-checking stability matters. Accord keeps these visible as RISKY (minor)
    /// instead of silent or BREAKING. It stays BREAKING (through `param-type-changed`,
    /// `return-type-changed`, `type-changed`) when the break is provable: types Accord reads
    /// fully (no type variable, no module-private name it cannot resolve, no `Callable`, no
    /// generic whose arguments changed) where a parameter lost members (`int | str` → `int`,
    /// a `Literal` losing a value), a return gained members, or old and new are unrelated
    /// (`int` → `str`); a type variable that tied the signature together dropped (each call
    /// was typed by its arguments, now by one fixed type); an annotation naming a class of the
    /// package that the new version no longer defines; an alias whose type parameters were
    /// reordered. An attribute narrowed or widened (read and written alike) is RISKY.
    ///
    /// ## Why is this bad?
    /// Code that runs still runs; a strict type checker in a caller's CI may report new
    /// errors, or accept less precise code than before.
    ///
    /// ## Example
    /// Old → new: `def dumps(obj) -> Union[str, bytes]` → `def dumps(obj) -> _TSerialized`
    ///
    /// ## How to fix
    /// Nothing to fix for untyped callers; mention the typing change in the release notes.
    pub static ANNOTATION_CHANGED = {
        id: "annotation-changed",
        group: "code",
        class: Risky,
        bump: Minor,
        summary: "a Python annotation changed in a way only type checkers see",
    }
}

/// Where an annotation sits, for the direction that breaks callers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// A parameter: narrowing breaks callers.
    Param,
    /// A return type: widening breaks callers.
    Return,
    /// An attribute, constant or alias: read and written, so either direction breaks someone
    /// typed, nobody untyped.
    Value,
}

/// True when, in Python, `t1` (old) → `t2` (new) in the signature of `o` → `n` changes typing
/// only, and is reported by this rule rather than as BREAKING (see the rule docs).
pub(crate) fn typing_only(
    cx: &Cx<'_>,
    o: &Symbol,
    n: &Symbol,
    t1: &str,
    t2: &str,
    slot: Slot,
) -> bool {
    if cx.lang != Language::Python {
        return false;
    }
    let change = cx.type_change(n, t1, t2);
    let clear = !opaque(cx, t1, t2);
    let provable = match (slot, change) {
        // Reported by `param-type-widened` / `return-type-narrowed` (SAFE).
        (_, TypeChange::Same)
        | (Slot::Param, TypeChange::Widened)
        | (Slot::Return, TypeChange::Narrowed) => return false,
        (Slot::Param, TypeChange::Narrowed) | (Slot::Return, TypeChange::Widened) => clear,
        // An alias is named by parameters: losing members breaks them.
        (Slot::Value, TypeChange::Narrowed) if n.kind == SymbolKind::TypeAlias => clear,
        // An attribute read and written: a value gained or lost breaks typed users only.
        (Slot::Value, TypeChange::Narrowed | TypeChange::Widened) => false,
        // Unrelated types Accord fully reads (`int` → `str`): no old value fits.
        (_, _) => clear,
    };
    // An alias whose type parameters changed order: every `Alias[A, B]` now means another type.
    let params = |s: &Symbol| {
        s.generics
            .iter()
            .map(|g| g.name.clone())
            .collect::<Vec<_>>()
    };
    let provable = provable || (n.kind == SymbolKind::TypeAlias && params(o) != params(n));
    !provable && !generic_dropped(cx, o, n, t1) && !names_removed_class(cx, t1)
}

/// True when `t1` → `t2` involves what Accord's type comparison cannot decide: a type
/// variable, a module-private name (an alias or variable it cannot resolve), a `Callable`
/// (contravariant in its parameters), or one generic whose arguments changed (variance).
fn opaque(cx: &Cx<'_>, t1: &str, t2: &str) -> bool {
    let dark = |t: &str| {
        words(t).any(|w| {
            w.starts_with('_')
                || w == "Callable"
                || cx.is_type_var(w, true)
                || cx.is_type_var(w, false)
        })
    };
    let heads = |t: &str| -> Vec<(String, String)> {
        crate::code::union_members(t)
            .into_iter()
            .filter_map(|m| {
                let (h, a) = m.split_once('[')?;
                Some((
                    h.trim().rsplit('.').next().unwrap_or(h).to_string(),
                    a.to_string(),
                ))
            })
            .collect()
    };
    let (h1, h2) = (heads(t1), heads(t2));
    dark(t1)
        || dark(t2)
        || h1
            .iter()
            .any(|(h, a)| h != "Literal" && h2.iter().any(|(k, b)| k == h && b != a))
}

/// Words of a type text (identifiers, dotted names reduced to their last part).
fn words(t: &str) -> impl Iterator<Item = &str> {
    t.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
        })
}

/// Every annotation of a callable's signature.
fn annotations(s: &Symbol) -> Vec<&str> {
    s.params
        .iter()
        .filter_map(|p: &Param| p.ty.as_deref())
        .chain(s.returns.as_deref())
        .chain(s.ty.as_deref())
        .collect()
}

/// True when `t1` uses a type variable that tied the old signature together (it appears in at
/// least two annotations) and the new signature no longer uses at all: every call was typed
/// by its own arguments, now by one fixed type.
fn generic_dropped(cx: &Cx<'_>, o: &Symbol, n: &Symbol, t1: &str) -> bool {
    let (old_sig, new_sig) = (annotations(o), annotations(n));
    words(t1).any(|w| {
        cx.is_type_var(w, true)
            && old_sig.iter().filter(|t| words(t).any(|x| x == w)).count() >= 2
            && !new_sig.iter().any(|t| words(t).any(|x| x == w))
    })
}

/// True when `t1` names a class of the old package that the new package no longer defines
/// anywhere: its values can no longer be made or received, which is the break itself.
fn names_removed_class(cx: &Cx<'_>, t1: &str) -> bool {
    let class = |s: &Symbol| {
        matches!(
            s.kind,
            SymbolKind::Class | SymbolKind::Interface | SymbolKind::Enum
        )
    };
    words(t1).any(|w| {
        cx.old.symbols.iter().any(|s| class(s) && s.name() == w)
            && !cx.new.symbols.iter().any(|s| s.name() == w)
    })
}

/// The overload base name and number of a Python overload path (`f#2` → `f`).
fn overload_base(path: &str) -> Option<&str> {
    let (base, n) = path.rsplit_once('#')?;
    n.chars().all(|c| c.is_ascii_digit()).then_some(base)
}

/// True when `old` is a Python `@overload` signature and some overload of the same function
/// in the new surface accepts every call `old` accepted, judged by call shape (names, kinds,
/// positions, which are optional). Overloads exist only for type checkers; the run-time
/// function behind them is the implementation, so a call-shape change confined to one
/// overload while another still takes the call is typing-only.
pub(crate) fn overload_covered(cx: &Cx<'_>, old: &Symbol) -> Option<String> {
    if cx.lang != Language::Python || !old.stability.overload {
        return None;
    }
    let base = overload_base(&old.path)?;
    cx.new
        .symbols
        .iter()
        .filter(|s| s.stability.overload && overload_base(&s.path) == Some(base))
        .find(|s| accepts_calls_of(old, s))
        .map(|s| s.path.clone())
}

/// True when every call matching `old`'s parameters also matches `new`'s.
fn accepts_calls_of(old: &Symbol, new: &Symbol) -> bool {
    let positional = |s: &Symbol| -> Vec<String> {
        s.args()
            .filter(|p| p.kind.takes_position())
            .map(|p| p.name.clone())
            .collect()
    };
    let (op, np) = (positional(old), positional(new));
    let has = |s: &Symbol, k: ParamKind| s.params.iter().any(|p| p.kind == k);
    for p in old.args() {
        match p.kind {
            ParamKind::Variadic if !has(new, ParamKind::Variadic) => return false,
            ParamKind::VariadicKeyword if !has(new, ParamKind::VariadicKeyword) => return false,
            ParamKind::Variadic | ParamKind::VariadicKeyword | ParamKind::Receiver => {}
            _ => {
                let Some(q) = new.args().find(|q| q.name == p.name) else {
                    return false;
                };
                if q.required && !p.required {
                    return false;
                }
                let takes_position = p.kind.takes_position();
                if takes_position
                    && (!q.kind.takes_position()
                        || op.iter().position(|x| x == &p.name)
                            != np.iter().position(|x| x == &p.name))
                {
                    return false;
                }
                if p.kind != ParamKind::Positional && q.kind == ParamKind::Positional {
                    return false;
                }
            }
        }
    }
    // A parameter only the new overload has must be optional.
    new.args().all(|q| {
        !q.required
            || matches!(q.kind, ParamKind::Variadic | ParamKind::VariadicKeyword)
            || old.args().any(|p| p.name == q.name)
    })
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    if cx.lang != Language::Python {
        return;
    }
    for (o, n) in &cx.pairs {
        if n.kind.is_callable() {
            let (aligned, _) = align(cx.lang, o, n);
            for a in &aligned {
                if let (Some(p), Some(q)) = (a.old, a.new) {
                    if let (Some(t1), Some(t2)) = (&p.ty, &q.ty) {
                        if cx.types_differ(n, t1, t2) && typing_only(cx, o, n, t1, t2, Slot::Param)
                        {
                            out.push(finding(
                                &ANNOTATION_CHANGED,
                                n,
                                &q.name,
                                format!(
                                    "annotation of parameter `{}` of `{}` changed from `{t1}` to `{t2}`: typing-only, breaks type-checked callers at most",
                                    q.name, n.path
                                ),
                            ));
                        }
                    }
                }
            }
            if let (Some(t1), Some(t2)) = (&o.returns, &n.returns) {
                if t1 != "None"
                    && cx.types_differ(n, t1, t2)
                    && typing_only(cx, o, n, t1, t2, Slot::Return)
                {
                    out.push(finding(
                        &ANNOTATION_CHANGED,
                        n,
                        "return",
                        format!(
                            "return annotation of `{}` changed from `{t1}` to `{t2}`: typing-only, breaks type-checked callers at most",
                            n.path
                        ),
                    ));
                }
            }
            if let Some(by) = overload_covered(cx, o) {
                if overload_shape_changed(cx, o, n) {
                    out.push(finding(
                        &ANNOTATION_CHANGED,
                        n,
                        "overload",
                        format!(
                            "overload `{}` changed its parameters, but `{by}` still accepts every call it accepted: typing-only",
                            o.path
                        ),
                    ));
                }
            }
        } else if !matches!(
            n.kind,
            SymbolKind::Class | SymbolKind::Interface | SymbolKind::Enum
        ) {
            if let (Some(t1), Some(t2)) = (&o.ty, &n.ty) {
                if cx.types_differ(n, t1, t2)
                    && typing_only(cx, o, n, t1, t2, Slot::Value)
                    && !super::type_alias_widened::widened(cx, o, n)
                    && !(n.kind == SymbolKind::TypeAlias
                        && cx.type_change(n, t1, t2) == TypeChange::Widened)
                {
                    out.push(finding(
                        &ANNOTATION_CHANGED,
                        n,
                        "type",
                        format!(
                            "annotation of {} `{}` changed from `{t1}` to `{t2}`: typing-only, breaks type-checked users at most",
                            n.kind.as_str(),
                            n.path
                        ),
                    ));
                }
            }
        }
    }
}

/// True when an overload lost a parameter or changed which are required, positional or
/// keyword (what the call-shape rules would report).
fn overload_shape_changed(cx: &Cx<'_>, o: &Symbol, n: &Symbol) -> bool {
    let (aligned, reordered) = align(cx.lang, o, n);
    reordered
        || aligned.iter().any(|a| match (a.old, a.new) {
            (Some(p), Some(q)) => p.kind != q.kind || (q.required && !p.required),
            (Some(_), None) => true,
            (None, Some(q)) => q.required,
            (None, None) => false,
        })
}

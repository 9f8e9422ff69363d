//! The `type-rewritten` code change rule.

use super::prelude::*;
use crate::code::{Position, Relation};

declare_rule! {
    /// ## What it does
    /// Reports a TypeScript type (a return or parameter type, a constant's, field's or type
    /// alias's type) that was rewritten in a way Accord cannot prove equivalent nor breaking:
    /// one side is a type-level program Accord does not evaluate (a conditional or mapped
    /// type, `infer`, `keyof`, an indexed access, or an alias of the package defined by one),
    /// or a type argument of a generic whose variance Accord cannot see moved to a related
    /// type (`FPFn1<Date[], Date>` → `FPFn1<Date[], Date | number>`), while everything else
    /// Accord can read still fits (parameters accept at least what they accepted, results
    /// give at most what they gave).
    ///
    /// ## Why is this bad?
    /// The rewrite may be a refactoring that computes the same types, or it may change what
    /// some instantiation computes; only the type checker, run on the users' code, can tell.
    ///
    /// ## Example
    /// Old → new: `(shape: T) => ZodObject<T, "strip", ZodTypeAny, {[k in keyof T]: T[k]}>` →
    /// `(shape: T) => ZodObject<T, "strip", ZodTypeAny, objectOutputType<T, ZodTypeAny>>`
    ///
    /// ## How to fix
    /// Check the rewritten type on the instantiations users write (type tests, `tsd`,
    /// `expectTypeOf`); release as major if one of them changed.
    pub static TYPE_REWRITTEN = {
        id: "type-rewritten",
        group: "code",
        class: Risky,
        // Like other findings Accord could not verify (`symbol-removed-unverified`): nothing
        // is proven added or broken, so the finding asks for review, not for a bump.
        bump: Patch,
        summary: "a type was rewritten in a way Accord could not prove equivalent",
    }
}

/// Where the declared type of a non-callable symbol is used.
pub(crate) fn position(s: &Symbol) -> Position {
    match s.kind {
        // A constant is only read.
        SymbolKind::Constant => Position::Output,
        _ => Position::Both,
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    if !matches!(cx.lang, Language::TypeScript | Language::JavaScript) {
        return;
    }
    let undecided = |n: &Symbol, t1: &str, t2: &str, pos: Position| {
        cx.types_differ(n, t1, t2) && cx.ts_relation(n, t1, t2, pos) == Some(Relation::Undecided)
    };
    let push =
        |out: &mut Vec<Finding>, n: &Symbol, detail: &str, what: String, t1: &str, t2: &str| {
            out.push(finding(
                &TYPE_REWRITTEN,
                n,
                detail,
                format!("{what} rewritten: `{t1}` → `{t2}`; Accord could not prove it equivalent"),
            ));
        };
    for (o, n) in &cx.pairs {
        if n.kind.is_callable() {
            if let (Some(t1), Some(t2)) = (&o.returns, &n.returns) {
                if undecided(n, t1, t2, Position::Output) {
                    push(
                        out,
                        n,
                        "return",
                        format!("return type of `{}`", n.path),
                        t1,
                        t2,
                    );
                }
            }
            let (aligned, _) = align(cx.lang, o, n);
            for a in &aligned {
                if let (Some(p), Some(q)) = (a.old, a.new) {
                    if let (Some(t1), Some(t2)) = (&p.ty, &q.ty) {
                        if undecided(n, t1, t2, Position::Input) {
                            let what = format!("type of parameter `{}` of `{}`", q.name, n.path);
                            push(out, n, &q.name, what, t1, t2);
                        }
                    }
                }
            }
            continue;
        }
        if !matches!(
            n.kind,
            SymbolKind::Constant | SymbolKind::Field | SymbolKind::TypeAlias
        ) || o.kind != n.kind
        {
            continue;
        }
        if let (Some(t1), Some(t2)) = (&o.ty, &n.ty) {
            if undecided(n, t1, t2, position(n)) && !super::type_alias_widened::widened(cx, o, n) {
                let what = format!("type of {} `{}`", n.kind.as_str(), n.path);
                push(out, n, "type", what, t1, t2);
            }
        }
    }
}

//! The `type-alias-widened` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a TypeScript type alias, or a field of an interface or class, that now admits
    /// more values than before: a union that gained members (`'a' | 'b'` → `'a' | 'b' | 'c'`,
    /// also through an alias of the package: `boolean` → `StrictMode` with `type StrictMode =
    /// boolean | "class_only"`), or an object type that gained optional properties or whose
    /// properties' unions gained members.
    ///
    /// ## Why is this bad?
    /// Where the alias or field types an input (an option, a config object), every old value is
    /// still accepted. Where it types an output, code that handles every member (an exhaustive
    /// `switch`) meets a value it does not expect. Accord cannot see where users use the
    /// alias or whether they read or write the field, so the change is risky rather than
    /// breaking.
    ///
    /// ## Example
    /// Old → new: `type ResponseType = 'json' | 'text'` → `type ResponseType = 'json' | 'text' | 'blob'`
    ///
    /// ## How to fix
    /// Check whether the alias reaches users as an output; if it does, treat the release as
    /// major or give the output its own narrower type.
    pub static TYPE_ALIAS_WIDENED = {
        id: "type-alias-widened",
        group: "code",
        class: Risky,
        bump: Minor,
        summary: "a type alias or field admits more values",
    }
}

/// True when `o` → `n` is a TypeScript alias that admits strictly more (see the rule docs).
pub(crate) fn widened(cx: &Cx<'_>, o: &Symbol, n: &Symbol) -> bool {
    if !matches!(cx.lang, Language::TypeScript | Language::JavaScript)
        || o.kind != n.kind
        || !matches!(n.kind, SymbolKind::TypeAlias | SymbolKind::Field)
    {
        return false;
    }
    match (&o.ty, &n.ty) {
        (Some(t1), Some(t2)) => {
            cx.type_change(n, t1, t2) == TypeChange::Widened
                || cx.param_accepts_more(t1, t2)
                || (cx.types_differ(n, t1, t2)
                    && cx.ts_relation(n, t1, t2, crate::code::Position::Input)
                        == Some(crate::code::Relation::Compatible))
        }
        _ => false,
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if widened(cx, o, n) {
            out.push(finding(
                &TYPE_ALIAS_WIDENED,
                n,
                "type",
                format!(
                    "{} `{}` admits more values: `{}` → `{}`",
                    if n.kind == SymbolKind::Field {
                        "field"
                    } else {
                        "type alias"
                    },
                    n.path,
                    o.ty.as_deref().unwrap_or_default(),
                    n.ty.as_deref().unwrap_or_default()
                ),
            ));
        }
    }
}

//! The `variadic-removed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a variadic parameter that no longer exists.
    ///
    /// ## Why is this bad?
    /// Callers passing extra positional or keyword arguments now fail.
    ///
    /// ## Example
    /// Old → new: `def log(msg, **fields)` → `def log(msg)`
    ///
    /// ## How to fix
    /// Keep the variadic parameter, or name the arguments it used to absorb.
    pub static VARIADIC_REMOVED = {
        id: "variadic-removed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "`*args`/`**kwargs`/`...rest` was removed",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if !n.kind.is_callable() {
            continue;
        }
        let (aligned, _reordered) = align(cx.lang, o, n);
        for a in &aligned {
            if let (Some(p), None) = (a.old, a.new) {
                if matches!(p.kind, ParamKind::Variadic | ParamKind::VariadicKeyword) {
                    let star = if p.kind == ParamKind::Variadic {
                        "*"
                    } else {
                        "**"
                    };
                    out.push(finding(
                        &VARIADIC_REMOVED,
                        n,
                        &p.name,
                        format!("`{}` no longer accepts `{star}{}`", n.path, p.name),
                    ));
                }
            }
        }
    }
}

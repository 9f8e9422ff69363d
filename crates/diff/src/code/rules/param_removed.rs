//! The `param-removed` code change rule.

use super::param_absorbed_by_variadic::absorbed_by_variadic;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a parameter (required or optional) that no longer exists. A Python parameter that `*args`/`**kwargs` now accept in every way it could be passed is `param-absorbed-by-variadic` instead.
    ///
    /// ## Why is this bad?
    /// Callers that pass it get an arity or unknown-keyword error.
    ///
    /// ## Example
    /// Old → new: `def send(to, cc=None)` → `def send(to)`
    ///
    /// ## How to fix
    /// Keep accepting it (ignored, deprecated) for a release.
    pub static PARAM_REMOVED = {
        id: "param-removed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a parameter was removed",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        // An overload another overload still covers changed typing only (annotation-changed).
        if !n.kind.is_callable() || super::annotation_changed::overload_covered(cx, o).is_some() {
            continue;
        }
        let (aligned, _reordered) = align(cx.lang, o, n);
        for a in &aligned {
            if let (Some(p), None) = (a.old, a.new) {
                if !matches!(p.kind, ParamKind::Variadic | ParamKind::VariadicKeyword)
                    && !absorbed_by_variadic(cx.lang, p, n)
                {
                    let what = if p.required { "required" } else { "optional" };
                    out.push(finding(
                        &PARAM_REMOVED,
                        n,
                        &p.name,
                        format!("`{}` lost {what} parameter `{}`", n.path, p.name),
                    ));
                }
            }
        }
    }
}

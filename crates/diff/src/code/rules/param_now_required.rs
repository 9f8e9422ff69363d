//! The `param-now-required` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a parameter that callers could omit and now must supply.
    ///
    /// ## Why is this bad?
    /// Calls that omitted it fail.
    ///
    /// ## Example
    /// Old → new: `function send(to: string, cc?: string)` → `function send(to: string, cc: string)`
    ///
    /// ## How to fix
    /// Keep the default.
    pub static PARAM_NOW_REQUIRED = {
        id: "param-now-required",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "an optional parameter became required",
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
            if let (Some(p), Some(q)) = (a.old, a.new) {
                if !p.required && q.required {
                    out.push(finding(
                        &PARAM_NOW_REQUIRED,
                        n,
                        &q.name,
                        format!("parameter `{}` of `{}` is now required", q.name, n.path),
                    ));
                }
            }
        }
    }
}

//! The `required-param-added` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a new parameter that callers must supply.
    ///
    /// ## Why is this bad?
    /// Every existing call lacks the argument and fails.
    ///
    /// ## Example
    /// Old → new: `fn send(to: &str)` → `fn send(to: &str, cc: &str)`
    ///
    /// ## How to fix
    /// Give it a default (optional parameter), or add a new function.
    pub static REQUIRED_PARAM_ADDED = {
        id: "required-param-added",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a required parameter was added",
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
            if let (None, Some(p)) = (a.old, a.new) {
                if p.required {
                    out.push(finding(
                        &REQUIRED_PARAM_ADDED,
                        n,
                        &p.name,
                        format!("`{}` gained required parameter `{}`", n.path, p.name),
                    ));
                }
            }
        }
    }
}

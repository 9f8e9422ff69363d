//! The `param-reordered` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a callable whose positional parameters are the same names in a different order.
    ///
    /// ## Why is this bad?
    /// Positional calls now pass each argument to the wrong parameter — silently when the types agree.
    ///
    /// ## Example
    /// Old → new: `fn copy(from: &str, to: &str)` → `fn copy(to: &str, from: &str)`
    ///
    /// ## How to fix
    /// Restore the order, or make the parameters keyword-only / a struct.
    pub static PARAM_REORDERED = {
        id: "param-reordered",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "positional parameters changed order",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        // An overload another overload still covers changed typing only (annotation-changed).
        if !n.kind.is_callable() || super::annotation_changed::overload_covered(cx, o).is_some() {
            continue;
        }
        let (_, reordered) = align(cx.lang, o, n);
        if reordered {
            let names = |s: &Symbol| {
                s.args()
                    .map(|p| p.name.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push(finding(
                &PARAM_REORDERED,
                n,
                "",
                format!(
                    "parameters of `{}` were reordered: ({}) → ({})",
                    n.path,
                    names(o),
                    names(n)
                ),
            ));
        }
    }
}

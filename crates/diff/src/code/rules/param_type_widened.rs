//! The `param-type-widened` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a parameter whose union type accepts strictly more than before.
    ///
    /// ## Why is this bad?
    /// It is not bad: every old argument is still accepted.
    ///
    /// ## Example
    /// Old → new: `function get(id: string)` → `function get(id: string | number)`
    ///
    /// ## How to fix
    /// Nothing to fix; release in a minor version.
    pub static PARAM_TYPE_WIDENED = {
        id: "param-type-widened",
        group: "code",
        class: Safe,
        bump: Minor,
        summary: "a parameter's union type gained members",
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
            if let (Some(p), Some(q)) = (a.old, a.new) {
                if let (Some(t1), Some(t2)) = (&p.ty, &q.ty) {
                    if cx.type_change(n, t1, t2) == TypeChange::Widened
                        || cx.param_accepts_more(t1, t2)
                    {
                        out.push(finding(
                            &PARAM_TYPE_WIDENED,
                            n,
                            &q.name,
                            format!(
                                "parameter `{}` of `{}` widened from `{t1}` to `{t2}`",
                                q.name, n.path
                            ),
                        ));
                    }
                }
            }
        }
    }
}

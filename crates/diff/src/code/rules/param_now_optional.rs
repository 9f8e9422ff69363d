//! The `param-now-optional` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a parameter that callers now may omit.
    ///
    /// ## Why is this bad?
    /// It is not bad: existing calls keep working.
    ///
    /// ## Example
    /// Old → new: `def send(to, cc)` → `def send(to, cc=None)`
    ///
    /// ## How to fix
    /// Nothing to fix; release in a minor version.
    pub static PARAM_NOW_OPTIONAL = {
        id: "param-now-optional",
        group: "code",
        class: Safe,
        bump: Minor,
        summary: "a required parameter became optional",
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
                if p.required
                    && !q.required
                    && !matches!(q.kind, ParamKind::Variadic | ParamKind::VariadicKeyword)
                {
                    out.push(finding(
                        &PARAM_NOW_OPTIONAL,
                        n,
                        &q.name,
                        format!("parameter `{}` of `{}` is now optional", q.name, n.path),
                    ));
                }
            }
        }
    }
}

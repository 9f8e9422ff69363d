//! The `optional-param-added` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a new parameter that callers may omit.
    ///
    /// ## Why is this bad?
    /// It is not bad: existing calls keep working. It is new API, so a minor release.
    ///
    /// ## Example
    /// Old → new: `def send(to)` → `def send(to, cc=None)`
    ///
    /// ## How to fix
    /// Nothing to fix; release in a minor version.
    pub static OPTIONAL_PARAM_ADDED = {
        id: "optional-param-added",
        group: "code",
        class: Safe,
        bump: Minor,
        summary: "an optional parameter (with a default) was added",
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
            if let (None, Some(p)) = (a.old, a.new) {
                if !p.required
                    && !matches!(p.kind, ParamKind::Variadic | ParamKind::VariadicKeyword)
                {
                    out.push(finding(
                        &OPTIONAL_PARAM_ADDED,
                        n,
                        &p.name,
                        format!("`{}` gained optional parameter `{}`", n.path, p.name),
                    ));
                }
            }
        }
    }
}

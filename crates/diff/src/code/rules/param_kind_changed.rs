//! The `param-kind-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Python parameter that moved between positional-only, positional-or-keyword and keyword-only.
    ///
    /// ## Why is this bad?
    /// Calls that pass it the old way (by position, or by keyword) fail.
    ///
    /// ## Example
    /// Old → new: `def send(to, cc)` → `def send(to, *, cc)`
    ///
    /// ## How to fix
    /// Keep it positional-or-keyword.
    pub static PARAM_KIND_CHANGED = {
        id: "param-kind-changed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a parameter changed how it is passed (positional ↔ keyword)",
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
                if p.kind != q.kind
                    && !matches!(p.kind, ParamKind::Variadic | ParamKind::VariadicKeyword)
                {
                    out.push(finding(
                        &PARAM_KIND_CHANGED,
                        n,
                        &q.name,
                        format!(
                            "parameter `{}` of `{}` changed from {} to {}",
                            q.name,
                            n.path,
                            kind(p.kind),
                            kind(q.kind)
                        ),
                    ));
                }
            }
        }
    }
}

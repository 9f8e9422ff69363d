//! The `param-kind-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Python parameter that moved between positional-only, positional-or-keyword and keyword-only in a direction that rejects old calls (positional-or-keyword → keyword-only or positional-only). Becoming positional-or-keyword accepts every old call and is not reported; a parameter that then stands before older positional ones is `positional-param-inserted`.
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
        // An overload another overload still covers changed typing only (annotation-changed).
        if !n.kind.is_callable() || super::annotation_changed::overload_covered(cx, o).is_some() {
            continue;
        }
        let (aligned, _reordered) = align(cx.lang, o, n);
        for a in &aligned {
            if let (Some(p), Some(q)) = (a.old, a.new) {
                // Positional-only or keyword-only → either way accepts every old call.
                let widened = q.kind == ParamKind::PositionalOrKeyword
                    && matches!(p.kind, ParamKind::Positional | ParamKind::Keyword);
                // Keyword-only now, but a new `*args` still takes what was passed by position
                // (Django 5.1 `Model.save(*args, force_insert=…)`: deprecated, not broken).
                let absorbed = p.kind == ParamKind::PositionalOrKeyword
                    && q.kind == ParamKind::Keyword
                    && n.params.iter().any(|x| x.kind == ParamKind::Variadic)
                    && !o.params.iter().any(|x| x.kind == ParamKind::Variadic);
                if p.kind != q.kind
                    && !widened
                    && !absorbed
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

//! The `param-type-changed` code change rule.

use super::annotation_changed::{Slot, typing_only};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a parameter whose normalised type differs, including a union that lost members (narrowed). A receiver change (`&self` → `&mut self`) counts too.
    ///
    /// ## Why is this bad?
    /// Callers passing the old type stop type-checking or get wrong behaviour.
    ///
    /// ## Example
    /// Old → new: `fn triage(id: u32)` → `fn triage(id: &str)`
    ///
    /// ## How to fix
    /// Accept both (a wider type, a generic, `impl Into<…>`), or add a new function.
    pub static PARAM_TYPE_CHANGED = {
        id: "param-type-changed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a parameter's type changed",
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
                    if cx.types_differ(n, t1, t2)
                        && cx.type_change(n, t1, t2) != TypeChange::Widened
                        && !typing_only(cx, o, n, t1, t2, Slot::Param)
                        && !cx.param_accepts_more(t1, t2)
                        && !cx.ts_not_proven_breaking(n, t1, t2, crate::code::Position::Input)
                    {
                        let how = if cx.type_change(n, t1, t2) == TypeChange::Narrowed {
                            " (narrowed)"
                        } else {
                            ""
                        };
                        out.push(finding(
                            &PARAM_TYPE_CHANGED,
                            n,
                            &q.name,
                            format!(
                                "type of parameter `{}` of `{}` changed from `{t1}` to `{t2}`{how}",
                                q.name, n.path
                            ),
                        ));
                    }
                }
            }
        }
        let r1 = o
            .params
            .iter()
            .find(|p| p.kind == ParamKind::Receiver)
            .and_then(|p| p.ty.clone());
        let r2 = n
            .params
            .iter()
            .find(|p| p.kind == ParamKind::Receiver)
            .and_then(|p| p.ty.clone());
        if r1 != r2 && cx.lang == accord_model::surface::Language::Rust {
            let show = |r: &Option<String>| r.clone().unwrap_or_else(|| "no receiver".into());
            out.push(finding(
                &PARAM_TYPE_CHANGED,
                n,
                "self",
                format!(
                    "receiver of `{}` changed from `{}` to `{}`",
                    n.path,
                    show(&r1),
                    show(&r2)
                ),
            ));
        }
        {}
    }
}

//! The `return-type-changed` code change rule.

use super::annotation_changed::{Slot, typing_only};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a callable whose normalised return type differs, including a union that gained members (callers must handle more cases).
    ///
    /// ## Why is this bad?
    /// Callers using the result stop type-checking or mishandle it.
    ///
    /// ## Example
    /// Old → new: `def fetch() -> list[str]` → `def fetch() -> dict[str, str]`
    ///
    /// ## How to fix
    /// Return the old type, or add a new function.
    pub static RETURN_TYPE_CHANGED = {
        id: "return-type-changed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a return type changed",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if !n.kind.is_callable() {
            continue;
        }
        match (&o.returns, &n.returns) {
            // A Python function that returned `None` and now returns a value breaks no
            // caller: none of them used the result.
            (Some(t1), Some(_)) if cx.lang == Language::Python && t1 == "None" => {}
            (Some(t1), Some(t2))
                if cx.types_differ(n, t1, t2)
                    && cx.type_change(n, t1, t2) != TypeChange::Narrowed
                    && !typing_only(cx, o, n, t1, t2, Slot::Return)
                    && !cx.ts_not_proven_breaking(n, t1, t2, crate::code::Position::Output) =>
            {
                let how = if cx.type_change(n, t1, t2) == TypeChange::Widened {
                    " (widened: callers must handle more cases)"
                } else {
                    ""
                };
                out.push(finding(
                    &RETURN_TYPE_CHANGED,
                    n,
                    "return",
                    format!(
                        "return type of `{}` changed from `{t1}` to `{t2}`{how}",
                        n.path
                    ),
                ));
            }
            (Some(t1), None) if cx.lang == accord_model::surface::Language::Rust => {
                out.push(finding(
                    &RETURN_TYPE_CHANGED,
                    n,
                    "return",
                    format!("`{}` no longer returns `{t1}`", n.path),
                ));
            }
            _ => {}
        }
    }
}

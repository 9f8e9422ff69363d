//! The `return-type-narrowed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a callable whose union return type now has strictly fewer members.
    ///
    /// ## Why is this bad?
    /// It is not bad: callers handle a subset of what they handled before.
    ///
    /// ## Example
    /// Old → new: `function find(): User | undefined` → `function find(): User`
    ///
    /// ## How to fix
    /// Nothing to fix.
    pub static RETURN_TYPE_NARROWED = {
        id: "return-type-narrowed",
        group: "code",
        class: Safe,
        bump: Minor,
        summary: "a return union type lost members",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if let (Some(t1), Some(t2)) = (&o.returns, &n.returns) {
            if n.kind.is_callable() && cx.type_change(n, t1, t2) == TypeChange::Narrowed {
                out.push(finding(
                    &RETURN_TYPE_NARROWED,
                    n,
                    "return",
                    format!("return type of `{}` narrowed from `{t1}` to `{t2}`", n.path),
                ));
            }
        }
    }
}

//! The `type-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a non-callable symbol whose declared type (field type, constant type, alias target, variant fields, supertraits/base classes) differs.
    ///
    /// ## Why is this bad?
    /// Code reading, writing or matching on it stops type-checking.
    ///
    /// ## Example
    /// Old → new: `pub id: u32` → `pub id: u64`
    ///
    /// ## How to fix
    /// Keep the type, or add a new field.
    pub static TYPE_CHANGED = {
        id: "type-changed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "the type of a field, constant, alias or variant changed",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if n.kind.is_callable() {
            continue;
        }
        if let (Some(t1), Some(t2)) = (&o.ty, &n.ty) {
            if cx.types_differ(n, t1, t2) && !super::type_alias_widened::widened(cx, o, n) {
                out.push(finding(
                    &TYPE_CHANGED,
                    n,
                    "type",
                    format!(
                        "type of {} `{}` changed from `{t1}` to `{t2}`",
                        n.kind.as_str(),
                        n.path
                    ),
                ));
            }
        }
    }
}

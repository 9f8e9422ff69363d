//! The `unsafe-added` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Rust function or method that became `unsafe fn`.
    ///
    /// ## Why is this bad?
    /// Every call outside an `unsafe` block stops compiling, and the function no longer coerces to a safe
    /// `fn` pointer (Cargo SemVer reference: major).
    ///
    /// ## Example
    /// Old → new: `pub fn read(p: *const u8) -> u8` → `pub unsafe fn read(p: *const u8) -> u8`
    ///
    /// ## How to fix
    /// Keep a safe wrapper under the old name and add the `unsafe` variant beside it.
    pub static UNSAFE_ADDED = {
        id: "unsafe-added",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a function became `unsafe`",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if n.kind.is_callable() && !has(o, "unsafe") && has(n, "unsafe") {
            out.push(finding(
                &UNSAFE_ADDED,
                n,
                "unsafe",
                format!("`{}` became `unsafe`", n.path),
            ));
        }
    }
}

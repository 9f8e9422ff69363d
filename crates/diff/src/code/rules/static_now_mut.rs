//! The `static-now-mut` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Rust `static` that became `static mut`.
    ///
    /// ## Why is this bad?
    /// Every read or write of a `static mut` needs `unsafe`, and references to it are denied by
    /// default lints; users' code stops compiling (Cargo SemVer reference: major).
    ///
    /// ## Example
    /// Old → new: `pub static LIMIT: u32 = 8;` → `pub static mut LIMIT: u32 = 8;`
    ///
    /// ## How to fix
    /// Use an atomic or a lock behind a plain `static`.
    pub static STATIC_NOW_MUT = {
        id: "static-now-mut",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a `static` became `static mut`",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if n.kind == SymbolKind::Constant && !has(o, "static mut") && has(n, "static mut") {
            out.push(finding(
                &STATIC_NOW_MUT,
                n,
                "mut",
                format!("`{}` became `static mut`", n.path),
            ));
        }
    }
}

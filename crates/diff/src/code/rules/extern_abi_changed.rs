//! The `extern-abi-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Rust function whose ABI changed: `extern "C"` added, removed or replaced (including
    /// the `-unwind` variants).
    ///
    /// ## Why is this bad?
    /// Callers through function pointers and foreign code calling the symbol use the old calling
    /// convention; the function's type changes (Cargo SemVer reference: major).
    ///
    /// ## Example
    /// Old → new: `pub extern "C" fn cb(x: i32)` → `pub extern "C-unwind" fn cb(x: i32)`
    ///
    /// ## How to fix
    /// Keep the ABI; add a new function with the other ABI.
    pub static EXTERN_ABI_CHANGED = {
        id: "extern-abi-changed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "the `extern` ABI of a function changed",
    }
}

fn abi(s: &Symbol) -> Option<&str> {
    s.attributes
        .iter()
        .find(|a| a.starts_with("extern "))
        .map(String::as_str)
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if !n.kind.is_callable() || abi(o) == abi(n) {
            continue;
        }
        let show = |a: Option<&str>| a.unwrap_or("the Rust ABI").to_string();
        out.push(finding(
            &EXTERN_ABI_CHANGED,
            n,
            "abi",
            format!(
                "ABI of `{}` changed from {} to {}",
                n.path,
                show(abi(o)),
                show(abi(n))
            ),
        ));
    }
}

//! The `target-feature-added` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a safe Rust function that gained `#[target_feature(enable = "…")]`.
    ///
    /// ## Why is this bad?
    /// A safe function with target features can only be called from code enabling the same features
    /// (or in `unsafe`), and no longer coerces to a safe `fn` pointer (Cargo SemVer reference: major).
    ///
    /// ## Example
    /// Old → new: `pub fn sum(v: &[u8]) -> u8` → `#[target_feature(enable = "avx2")] pub fn sum(v: &[u8]) -> u8`
    ///
    /// ## How to fix
    /// Detect the feature at run time inside the function instead, or add a separate function.
    pub static TARGET_FEATURE_ADDED = {
        id: "target-feature-added",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a safe function gained `#[target_feature]`",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if !n.kind.is_callable() || has(n, "unsafe") {
            continue;
        }
        for tf in n
            .attributes
            .iter()
            .filter(|a| a.starts_with("target_feature(") && !o.attributes.contains(a))
        {
            out.push(finding(
                &TARGET_FEATURE_ADDED,
                n,
                tf,
                format!("safe function `{}` gained `#[{tf}]`", n.path),
            ));
        }
    }
}

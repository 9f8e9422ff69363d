//! The `cargo-feature-removed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a feature of Cargo.toml that no longer exists, or that stopped enabling another feature or dependency.
    ///
    /// ## Why is this bad?
    /// Users who enable the feature get a resolution error, or silently lose what it enabled (Cargo SemVer: major).
    /// Features are compared as closures, so what a feature still enables through another feature,
    /// an optional dependency or a dependency declaration is not lost. Features private by convention
    /// (`_x`, `unstable…`, `nightly`, `rustc-dep-of-std`) are not compared.
    ///
    /// ## Example
    /// Old → new: `[features] json = ['serde']` → (deleted)
    ///
    /// ## How to fix
    /// Keep the feature (possibly empty) for compatibility.
    pub static CARGO_FEATURE_REMOVED = {
        id: "cargo-feature-removed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a Cargo feature was removed or no longer enables something",
    }
}

/// Features that are not API by convention: `_private`/`__internal`, `unstable…`/`nightly`
/// (opt-in instability) and `rustc-dep-of-std` (only for building the standard library).
fn private(feature: &str) -> bool {
    feature.starts_with('_')
        || feature.starts_with("unstable")
        || feature == "nightly"
        || feature == "rustc-dep-of-std"
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    // Features are compared as closures (the extractor resolves what each enables through
    // other features, optional dependencies and dependency declarations); what a feature no
    // longer lists but the new version enables anyway is not lost.
    let still = |now: &[String], e: &str| {
        let bare = e.strip_prefix("dep:").unwrap_or(e);
        let strong = e.replace("?/", "/");
        now.iter()
            .any(|n| n == e || n == bare || n.strip_prefix("dep:") == Some(bare) || *n == strong)
            || cx.new.always_enabled.contains(&strong)
            || cx.new.features.contains_key(bare) && now.iter().any(|n| n == bare)
    };
    for (name, enables) in &cx.old.features {
        if private(name) {
            continue;
        }
        match cx.new.features.get(name) {
            None => out.push(feature_finding(
                cx,
                name,
                format!("Cargo feature `{name}` was removed"),
            )),
            Some(now) => {
                let tail = |e: &str| e.rsplit('/').next().unwrap_or(e).to_string();
                for e in enables
                    .iter()
                    .filter(|e| !private(&tail(e)) && !still(now, e))
                {
                    out.push(feature_finding(
                        cx,
                        &format!("{name}/{e}"),
                        format!("Cargo feature `{name}` no longer enables `{e}`"),
                    ));
                }
            }
        }
    }
}

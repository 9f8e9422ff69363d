//! The `exports-map-added` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a package whose `package.json` gained an `exports` map where it had none (the
    /// root subpath `.` is now selected by conditions).
    ///
    /// ## Why is this bad?
    /// Without `exports`, every file of the package can be imported (`pkg/lib/util.js`); with
    /// it, only the listed subpaths resolve, so every deep import stops resolving
    /// (`ERR_PACKAGE_PATH_NOT_EXPORTED`), and TypeScript under `node16`/`bundler` resolution
    /// switches to the map's declarations. Node.js documents adding `exports` as a breaking
    /// change.
    ///
    /// ## Example
    /// Old → new: `{"main": "./index.js"}` → `{"main": "./index.js", "exports": {".": "./index.js"}}`
    ///
    /// ## How to fix
    /// Release it in a major version, or list the deep paths users import (`"./*": "./*"`).
    pub static EXPORTS_MAP_ADDED = {
        id: "exports-map-added",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a package.json exports map was added",
    }
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    if !matches!(cx.lang, Language::TypeScript | Language::JavaScript) {
        return;
    }
    let conditioned = |s: &Symbol| s.attributes.iter().any(|a| a.starts_with("condition:"));
    for (o, n) in &cx.pairs {
        if o.kind == SymbolKind::Module && o.path == "." && !conditioned(o) && conditioned(n) {
            out.push(finding(
                &EXPORTS_MAP_ADDED,
                n,
                "exports",
                "package.json gained an `exports` map: imports of any file it does not list stop resolving".to_string(),
            ));
        }
    }
}

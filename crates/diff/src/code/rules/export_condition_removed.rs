//! The `export-condition-removed` code change rule.

use super::prelude::*;

/// Attribute prefix of a package subpath's `Module` symbol naming an `exports` condition that
/// selects it (written by the TypeScript extractor).
const CONDITION: &str = "condition:";

declare_rule! {
    /// ## What it does
    /// Reports a condition of a package.json `exports` subpath (`require`, `import`, `node`,
    /// `browser`, …) that no longer selects it. A `default` condition replaced by both
    /// `import` and `require` is not reported: every consumer still resolves. A removed
    /// subpath is `symbol-removed`.
    ///
    /// ## Why is this bad?
    /// Consumers resolving through the removed condition stop resolving the package: dropping
    /// `require` makes every `require("pkg")` fail (`ERR_PACKAGE_PATH_NOT_EXPORTED`), even
    /// though the type declarations did not change.
    ///
    /// ## Example
    /// Old → new: `"exports": {".": {"import": "./index.mjs", "require": "./index.cjs"}}` →
    /// `"exports": {".": {"import": "./index.mjs"}}`
    ///
    /// ## How to fix
    /// Keep publishing the condition (a CommonJS build, or a `default` fallback), or release a
    /// major version.
    pub static EXPORT_CONDITION_REMOVED = {
        id: "export-condition-removed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a package.json exports condition was removed",
    }
}

fn conditions(s: &Symbol) -> Vec<&str> {
    s.attributes
        .iter()
        .filter_map(|a| a.strip_prefix(CONDITION))
        .collect()
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    if !matches!(cx.lang, Language::TypeScript | Language::JavaScript) {
        return;
    }
    for (o, n) in &cx.pairs {
        if o.kind != SymbolKind::Module {
            continue;
        }
        let (before, after) = (conditions(o), conditions(n));
        // A subpath written as a bare path has no conditions on either side to compare.
        if before.is_empty() || after.is_empty() {
            continue;
        }
        let universal =
            after.contains(&"default") || (after.contains(&"import") && after.contains(&"require"));
        for c in before.iter().filter(|c| !after.contains(c)) {
            if *c == "default" && universal {
                continue;
            }
            // A consumer under a removed condition still resolves through `default`.
            if *c != "default" && after.contains(&"default") {
                continue;
            }
            out.push(finding(
                &EXPORT_CONDITION_REMOVED,
                n,
                c,
                format!(
                    "package subpath `{}` is no longer exported under the `{c}` condition (now only {})",
                    n.path,
                    after
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
}

//! The `export-symbol-changed` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Rust function or static that lost `#[no_mangle]` or whose `#[export_name]` changed or
    /// was removed.
    ///
    /// ## Why is this bad?
    /// Foreign code and linker scripts find the item by its exported symbol name; it is gone or renamed
    /// (Cargo SemVer reference: major).
    ///
    /// ## Example
    /// Old → new: `#[no_mangle] pub extern "C" fn init()` → `pub extern "C" fn init()`
    ///
    /// ## How to fix
    /// Keep the exported name.
    pub static EXPORT_SYMBOL_CHANGED = {
        id: "export-symbol-changed",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "an exported symbol name (`no_mangle`, `export_name`) was removed or changed",
    }
}

fn exported(s: &Symbol) -> Vec<&str> {
    s.attributes
        .iter()
        .filter(|a| *a == "no_mangle" || a.starts_with("export_name"))
        .map(String::as_str)
        .collect()
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        let (before, after) = (exported(o), exported(n));
        if before.is_empty() || before == after {
            continue;
        }
        let now = if after.is_empty() {
            "no exported name".to_string()
        } else {
            after.join(", ")
        };
        out.push(finding(
            &EXPORT_SYMBOL_CHANGED,
            n,
            "export",
            format!(
                "exported symbol of `{}` changed from {} to {now}",
                n.path,
                before.join(", ")
            ),
        ));
    }
}

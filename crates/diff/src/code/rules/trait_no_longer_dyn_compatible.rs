//! The `trait-no-longer-dyn-compatible` code change rule.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Rust trait that could be used as `dyn Trait` and no longer can: a new generic method,
    /// a method returning or taking `Self` without `where Self: Sized`, an associated const, a `Sized`
    /// supertrait, an `async fn` or `-> impl Trait` method, a generic associated type.
    ///
    /// ## Why is this bad?
    /// Every `Box<dyn Trait>` and `&dyn Trait` in users' code stops compiling (Cargo SemVer reference:
    /// major), even for a sealed trait. The check reads the trait's own declaration; dyn-compatibility
    /// lost through a supertrait defined in another crate cannot be seen from source.
    ///
    /// ## Example
    /// Old → new: `trait Sink { fn put(&self, b: u8); }` → `trait Sink { fn put<B: Into<u8>>(&self, b: B); }`
    ///
    /// ## How to fix
    /// Add `where Self: Sized` to the new method, or keep a dyn-compatible trait beside it.
    pub static TRAIT_NO_LONGER_DYN_COMPATIBLE = {
        id: "trait-no-longer-dyn-compatible",
        group: "code",
        class: Breaking,
        bump: Major,
        summary: "a trait can no longer be used as `dyn Trait`",
    }
}

fn why(s: &Symbol) -> Option<&str> {
    s.attributes
        .iter()
        .find_map(|a| a.strip_prefix("dyn-incompatible: "))
}

/// Pushes the findings of this rule.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for (o, n) in &cx.pairs {
        if n.kind != SymbolKind::Trait || why(o).is_some() {
            continue;
        }
        if let Some(reason) = why(n) {
            out.push(finding(
                &TRAIT_NO_LONGER_DYN_COMPATIBLE,
                n,
                "dyn",
                format!(
                    "trait `{}` can no longer be used as `dyn {}`: {reason}",
                    n.path,
                    n.name()
                ),
            ));
        }
    }
}

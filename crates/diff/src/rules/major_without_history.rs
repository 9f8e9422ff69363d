use crate::engine::Cx;
use accord_model::Bump;
use accord_model::Finding;
use accord_model::version::{Version, declared_bump};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a new MAJOR version (e.g. 1.4.0 → 2.0.0) without a
    /// `breaking_changes_history` entry for it.
    ///
    /// ## Why is this bad?
    /// The history is where consumers learn what broke and why (seed 000 "Contract
    /// Versioning"). A MAJOR release without an entry leaves them guessing.
    ///
    /// ## Example
    /// ```yaml
    /// version: "2.0.0"
    /// breaking_changes_history:
    ///   - version: "1.0.0"
    ///     change: "Initial contract definition"
    /// # no entry for 2.0.0
    /// ```
    ///
    /// ## How to fix
    /// Add `- version: "2.0.0"`, `date` and `change` to `breaking_changes_history`.
    pub static MAJOR_WITHOUT_HISTORY = {
        id: "major-without-history",
        group: "contract-change",
        class: Breaking,
        bump: None,
        summary: "a new MAJOR version has no breaking_changes_history entry",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    let Some(n) = Version::parse(&cx.new.version) else {
        return;
    };
    // A pre-release promises nothing yet; its history is written for the release.
    if n.is_prerelease() || declared_bump(&cx.old.version, &cx.new.version) != Bump::Major {
        return;
    }
    let documented = cx.new.history.iter().any(|h| {
        Version::parse(&h.version).is_some_and(|v| v == n)
            || h.version.trim() == cx.new.version.trim()
    });
    if !documented {
        out.push(
            cx.finding(
                &MAJOR_WITHOUT_HISTORY,
                format!(
                    "{} is a new MAJOR version but breaking_changes_history has no entry for {}",
                    cx.new.display(),
                    cx.new.version.trim()
                ),
                "breaking_changes_history",
                cx.new_span("/contract/breaking_changes_history"),
            )
            .with_help(format!(
                "add an entry with version \"{}\", the date and what broke",
                cx.new.version.trim()
            )),
        );
    }
}

use crate::delta::ElemChange;
use crate::engine::Cx;
use crate::rules::required_removed::parent;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports an optional section or field that the new version no longer lists.
    ///
    /// ## Why is this bad?
    /// Consumers must already cope with an optional element being absent, so nothing
    /// fails; but those that used it when present lose that data. That is a loss a human
    /// should weigh: RISKY, and a MINOR bump because the contract's surface changed.
    ///
    /// ## Example
    /// ```yaml
    /// # old                                # new
    /// optional_sections:                   optional_sections: []
    ///   - name: "Big Five Profile"
    /// ```
    ///
    /// ## How to fix
    /// Check with the consumers that nothing relies on it, then bump MINOR.
    pub static OPTIONAL_REMOVED = {
        id: "optional-removed",
        group: "contract-change",
        class: Risky,
        bump: Minor,
        summary: "an optional section or field was removed",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for change in &cx.changes {
        if let ElemChange::Removed(old) = change
            && !old.required
        {
            out.push(
                cx.finding(
                    &OPTIONAL_REMOVED,
                    format!("{} was removed from {}", old.describe(), cx.new.display()),
                    &old.logical_path(),
                    cx.new_span(&parent(&old.pointer)),
                )
                .related(
                    cx.old_location(old.span),
                    "declared here in the old version",
                ),
            );
        }
    }
}

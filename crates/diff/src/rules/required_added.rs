use crate::delta::ElemChange;
use crate::engine::Cx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a new required section, field or directory entry.
    ///
    /// ## Why is this bad?
    /// Every artifact produced under the old version lacks it and stops conforming; the
    /// provider has to change first. Seed 003 §4.1: "required parameter removed or added".
    ///
    /// ## Example
    /// ```yaml
    /// # old                                # new
    /// required_sections:                   required_sections:
    ///   - name: "Cognitive Patterns"         - name: "Cognitive Patterns"
    ///                                        - name: "Values"
    /// ```
    ///
    /// ## How to fix
    /// Add it as optional (MINOR) first; make it required in a later MAJOR version.
    pub static REQUIRED_ADDED = {
        id: "required-added",
        group: "contract-change",
        class: Breaking,
        bump: Major,
        summary: "a required section, field or entry was added",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for change in &cx.changes {
        if let ElemChange::Added(new) = change
            && new.required
        {
            out.push(
                cx.finding(
                    &REQUIRED_ADDED,
                    format!("{} was added to {}", new.describe(), cx.new.display()),
                    &new.logical_path(),
                    new.span,
                )
                .with_help("add it as optional first, then make it required in a MAJOR version"),
            );
        }
    }
}

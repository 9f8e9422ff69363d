use crate::delta::ElemChange;
use crate::engine::Cx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports an optional section or field that the new version makes required.
    ///
    /// ## Why is this bad?
    /// Artifacts written under the old version may lack it and no longer conform, and the
    /// provider must now always produce it. Seed 003 §4.1: "parameter requirement changed
    /// (optional ↔ required)" is BREAKING.
    ///
    /// ## Example
    /// ```yaml
    /// # old                                # new
    /// optional_sections:                   required_sections:
    ///   - name: "Big Five Profile"           - name: "Big Five Profile"
    /// ```
    ///
    /// ## How to fix
    /// Make sure every existing artifact has it, then release a MAJOR version.
    pub static OPTIONAL_BECAME_REQUIRED = {
        id: "optional-became-required",
        group: "contract-change",
        class: Breaking,
        bump: Major,
        summary: "an optional section or field became required",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for change in &cx.changes {
        if let ElemChange::Modified { old, new } = change
            && !old.required
            && new.required
        {
            out.push(
                cx.finding(
                    &OPTIONAL_BECAME_REQUIRED,
                    format!(
                        "{} `{}` was optional and is now required in {}",
                        new.kind.as_str(),
                        new.name,
                        cx.new.display()
                    ),
                    &new.logical_path(),
                    new.span,
                )
                .related(cx.old_location(old.span), "optional in the old version"),
            );
        }
    }
}

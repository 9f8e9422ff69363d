use crate::delta::ElemChange;
use crate::engine::Cx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a required section or field that the new version makes optional.
    ///
    /// ## Why is this bad?
    /// For the provider this is a relaxation, but consumers read required elements
    /// without checking for them: once the provider may omit it, those readers break.
    /// Accord classifies for the consumers, as seed 003 §4.1 does ("optional ↔ required"
    /// is BREAKING both ways), so this is BREAKING and needs a MAJOR version.
    ///
    /// ## Example
    /// ```yaml
    /// # old                                # new
    /// required_fields:                     optional_fields:
    ///   - name: mind.slug                    - name: mind.slug
    /// ```
    ///
    /// ## How to fix
    /// Update every consumer to handle the element's absence, then release a MAJOR version.
    pub static REQUIRED_BECAME_OPTIONAL = {
        id: "required-became-optional",
        group: "contract-change",
        class: Breaking,
        bump: Major,
        summary: "a required section or field became optional",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for change in &cx.changes {
        if let ElemChange::Modified { old, new } = change
            && old.required
            && !new.required
        {
            out.push(
                cx.finding(
                    &REQUIRED_BECAME_OPTIONAL,
                    format!(
                        "{} `{}` was required and is now optional in {}; consumers reading it unconditionally break",
                        new.kind.as_str(),
                        new.name,
                        cx.new.display()
                    ),
                    &new.logical_path(),
                    new.span,
                )
                .related(cx.old_location(old.span), "required in the old version"),
            );
        }
    }
}

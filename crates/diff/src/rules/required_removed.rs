use crate::delta::ElemChange;
use crate::engine::Cx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a required section, field or directory entry that the new version of a
    /// contract no longer lists (and that was not renamed: see `element-renamed`).
    ///
    /// ## Why is this bad?
    /// Consumers were promised the element would always be there and read it without
    /// checking. Once the provider stops producing it they fail or silently lose data.
    /// Seed 000: "MAJOR: breaking changes (consumer must update)".
    ///
    /// ## Example
    /// ```yaml
    /// # old (1.0.0)                      # new (1.1.0)
    /// required_sections:                 required_sections:
    ///   - name: "Cognitive Patterns"       - name: "Cognitive Patterns"
    ///   - name: "Communication Style"
    /// ```
    ///
    /// ## How to fix
    /// Keep the element, or release a new MAJOR version with a `breaking_changes_history`
    /// entry and a migration plan, after deprecating the old behaviour.
    pub static REQUIRED_REMOVED = {
        id: "required-removed",
        group: "contract-change",
        class: Breaking,
        bump: Major,
        summary: "a required section, field or entry was removed",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for change in &cx.changes {
        if let ElemChange::Removed(old) = change
            && old.required
        {
            out.push(
                cx.finding(
                    &REQUIRED_REMOVED,
                    format!("{} was removed from {}", old.describe(), cx.new.display()),
                    &old.logical_path(),
                    cx.new_span(&parent(&old.pointer)),
                )
                .related(
                    cx.old_location(old.span),
                    "declared here in the old version",
                )
                .with_help("restore it, or release a MAJOR version with a migration plan"),
            );
        }
    }
}

/// The list a removed element used to sit in.
pub(crate) fn parent(pointer: &str) -> String {
    pointer
        .rsplit_once('/')
        .map_or(String::new(), |(p, _)| p.to_string())
}

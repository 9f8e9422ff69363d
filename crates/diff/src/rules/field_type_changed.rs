use crate::delta::{ElemChange, Kind};
use crate::engine::Cx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a field whose declared `type` changed (including a type being added to or
    /// dropped from a field that kept its name).
    ///
    /// ## Why is this bad?
    /// Consumers parse the value by its type; a `string` that becomes an `integer` fails
    /// their parsing or, worse, is silently coerced.
    ///
    /// ## Example
    /// ```yaml
    /// # old                                # new
    /// - name: mind.age                     - name: mind.age
    ///   type: string                         type: integer
    /// ```
    ///
    /// ## How to fix
    /// Add a new field with the new type and deprecate the old one, or release a MAJOR version.
    pub static FIELD_TYPE_CHANGED = {
        id: "field-type-changed",
        group: "contract-change",
        class: Breaking,
        bump: Major,
        summary: "a field's type changed",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for change in &cx.changes {
        if let ElemChange::Modified { old, new } = change
            && new.kind == Kind::Field
            && old.shape != new.shape
        {
            out.push(
                cx.finding(
                    &FIELD_TYPE_CHANGED,
                    format!(
                        "field `{}` changed type from {} to {} in {}",
                        new.name,
                        shown(old.shape.as_deref()),
                        shown(new.shape.as_deref()),
                        cx.new.display()
                    ),
                    &new.logical_path(),
                    new.span,
                )
                .related(cx.old_location(old.span), "old type declared here"),
            );
        }
    }
}

pub(crate) fn shown(shape: Option<&str>) -> String {
    shape.map_or("(unspecified)".to_string(), |s| format!("`{s}`"))
}

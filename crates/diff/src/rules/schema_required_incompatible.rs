use crate::rules::schema_type_incompatible::display;
use crate::schema::walk::{At, Walker, can_be};
use serde_json::{Map, Value};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a property the reading side requires and the writing side does not: a new
    /// required property or an optional one made required (BACKWARD), or a required one
    /// made optional or removed (FORWARD).
    ///
    /// ## Why is this bad?
    /// Objects written without the property fail the reader: old records lack the newly
    /// required `email`; old readers fail on new records that omit `email`.
    ///
    /// ## Example
    /// ```json
    /// // old                                   // new
    /// { "required": ["id"] }                   { "required": ["id", "email"] }
    /// ```
    ///
    /// ## How to fix
    /// Add the property as optional (with a default in the readers) first; make it
    /// required in a MAJOR version after back-filling the data.
    pub static SCHEMA_REQUIRED_INCOMPATIBLE = {
        id: "schema-required-incompatible",
        group: "schema-change",
        class: Breaking,
        bump: Major,
        summary: "a property required by the reading side but not by the writing side",
    }
}

fn required(m: &Map<String, Value>) -> Vec<&str> {
    match m.get("required") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

pub(crate) fn check(
    w: &mut Walker<'_>,
    rm: &Map<String, Value>,
    wm: &Map<String, Value>,
    at: At<'_>,
) {
    if !can_be(wm, "object") {
        return;
    }
    let w_req = required(wm);
    let missing: Vec<&str> = required(rm)
        .into_iter()
        .filter(|p| !w_req.contains(p))
        .collect();
    if missing.is_empty() {
        return;
    }
    let names: Vec<String> = missing.iter().map(|p| format!("`{p}`")).collect();
    let detail = format!(
        "`{}`: {} required by the {} schema but not by the {} schema, whose objects may lack it",
        display(at, w),
        names.join(", "),
        w.r_label(),
        w.w_label()
    );
    w.issue(&SCHEMA_REQUIRED_INCOMPATIBLE, at, detail);
}

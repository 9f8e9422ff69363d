use crate::schema::walk::{At, Walker, types, writer_types};
use serde_json::{Map, Value};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a JSON Schema `type` that the reading side does not accept from the
    /// writing side: a type dropped or changed, `null` dropped from a type array
    /// (nullable → non-nullable), `number` narrowed to `integer` (`integer` ⊂ `number`,
    /// so the reverse is fine), or a type added where any value was accepted.
    ///
    /// Which side reads depends on the compatibility mode: under BACKWARD the new schema
    /// must read old data, under FORWARD the old schema must read new data, FULL both.
    ///
    /// ## Why is this bad?
    /// A reader rejects every value of a type it does not accept: data already written
    /// (BACKWARD) or about to be written (FORWARD) fails validation.
    ///
    /// ## Example
    /// ```json
    /// // old                                   // new
    /// { "type": ["string", "null"] }           { "type": "string" }
    /// ```
    ///
    /// ## How to fix
    /// Keep accepting the old types (a type array), or release a MAJOR version with a
    /// data migration.
    pub static SCHEMA_TYPE_INCOMPATIBLE = {
        id: "schema-type-incompatible",
        group: "schema-change",
        class: Breaking,
        bump: Major,
        summary: "a JSON Schema type change the reading side cannot accept",
    }
}

fn covers(reader: &[String], t: &str) -> bool {
    reader
        .iter()
        .any(|r| r == t || (t == "integer" && r == "number"))
}

pub(crate) fn check(
    w: &mut Walker<'_>,
    rm: &Map<String, Value>,
    wm: &Map<String, Value>,
    at: At<'_>,
) {
    let Some(r_types) = types(rm) else {
        return;
    };
    let detail = match writer_types(wm) {
        None => format!(
            "`{}`: the {} schema accepts any type, the {} schema only {}",
            display(at, w),
            w.w_label(),
            w.r_label(),
            list(&r_types)
        ),
        Some(w_types) => {
            let missing: Vec<String> = w_types
                .iter()
                .filter(|t| !covers(&r_types, t))
                .cloned()
                .collect();
            if missing.is_empty() {
                return;
            }
            let nullable = if missing.iter().any(|t| t == "null") {
                " (no longer nullable)"
            } else {
                ""
            };
            format!(
                "`{}`: type {} is accepted by the {} schema ({}) but not by the {} schema ({}){}",
                display(at, w),
                list(&missing),
                w.w_label(),
                list(&w_types),
                w.r_label(),
                list(&r_types),
                if w.r_is_new { nullable } else { "" }
            )
        }
    };
    w.issue(&SCHEMA_TYPE_INCOMPATIBLE, at, detail);
}

/// The node being compared, as a pointer into the new schema (`/` for the root).
pub(crate) fn display<'p>(at: At<'p>, w: &Walker<'_>) -> &'p str {
    let p = if w.r_is_new { at.r } else { at.w };
    if p.is_empty() { "/" } else { p }
}

pub(crate) fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

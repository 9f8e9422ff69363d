use crate::rules::schema_type_incompatible::display;
use crate::schema::walk::{At, Walker, allowed_values};
use serde_json::{Map, Value};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports `enum` or `const` values the writing side allows and the reading side
    /// rejects: an enum value removed (BACKWARD), added (FORWARD), a `const` changed, or an
    /// enum introduced where any value was allowed.
    ///
    /// ## Why is this bad?
    /// Readers reject the values they do not list; a status `archived` that old data holds
    /// fails the new schema once `archived` is dropped.
    ///
    /// ## Example
    /// ```json
    /// // old                                   // new
    /// { "enum": ["draft", "live", "archived"] } { "enum": ["draft", "live"] }
    /// ```
    ///
    /// ## How to fix
    /// Keep the value (mark it deprecated in the description), or migrate the data and
    /// release a MAJOR version. Under FORWARD, adding a value needs the readers updated first.
    pub static SCHEMA_ENUM_INCOMPATIBLE = {
        id: "schema-enum-incompatible",
        group: "schema-change",
        class: Breaking,
        bump: Major,
        summary: "enum or const values the reading side rejects",
    }
}

pub(crate) fn check(
    w: &mut Walker<'_>,
    rm: &Map<String, Value>,
    wm: &Map<String, Value>,
    at: At<'_>,
) {
    let Some(r_vals) = allowed_values(rm) else {
        return;
    };
    let detail = match allowed_values(wm) {
        None => format!(
            "`{}`: the {} schema restricts values to {} while the {} schema allows any value",
            display(at, w),
            w.r_label(),
            show(&r_vals),
            w.w_label()
        ),
        Some(w_vals) => {
            let missing: Vec<&Value> = w_vals.into_iter().filter(|v| !r_vals.contains(v)).collect();
            if missing.is_empty() {
                return;
            }
            format!(
                "`{}`: value(s) {} accepted by the {} schema are rejected by the {} schema",
                display(at, w),
                show(&missing),
                w.w_label(),
                w.r_label()
            )
        }
    };
    w.issue(&SCHEMA_ENUM_INCOMPATIBLE, at, detail);
}

fn show(values: &[&Value]) -> String {
    let shown: Vec<String> = values.iter().take(8).map(|v| v.to_string()).collect();
    let more = if values.len() > 8 { ", …" } else { "" };
    format!("[{}{more}]", shown.join(", "))
}

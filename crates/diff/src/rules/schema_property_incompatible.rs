use crate::rules::schema_change_compatible::SCHEMA_CHANGE_COMPATIBLE;
use crate::rules::schema_property_added::SCHEMA_PROPERTY_ADDED;
use crate::rules::schema_type_incompatible::display;
use crate::schema::walk::{At, Walker, can_be, constrains};
use serde_json::{Map, Value};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports property changes that break the content model, and compares properties
    /// present on both sides:
    /// - a property added to an **open** content model (no `additionalProperties:
    ///   false`): old data may already hold any value under that name, so the new
    ///   definition may reject it. This is Confluent Schema Registry's documented
    ///   behaviour and is incompatible under `content_model: strict`; under `lenient`
    ///   (the default) it is reported as `schema-property-added` (SAFE, MINOR) instead.
    ///   The FORWARD mirror image (a property removed from an open model) is treated alike;
    /// - a property removed from, or added against, a **closed** content model
    ///   (`additionalProperties: false`): the reader rejects it;
    /// - `additionalProperties` narrowed (open → `false` or → a schema).
    ///
    /// ## Why is this bad?
    /// Readers reject objects carrying properties they forbid, or values they now type
    /// differently than what was already written under the same name.
    ///
    /// ## Example
    /// ```json
    /// // old                                               // new
    /// { "properties": { "id": {}, "nick": {} },            { "properties": { "id": {} },
    ///   "additionalProperties": false }                      "additionalProperties": false }
    /// ```
    ///
    /// ## How to fix
    /// Keep the property (deprecate it in its description), or open the content model,
    /// or release a MAJOR version.
    pub static SCHEMA_PROPERTY_INCOMPATIBLE = {
        id: "schema-property-incompatible",
        group: "schema-change",
        class: Breaking,
        bump: Major,
        summary: "a property change the content model does not allow",
    }
}

enum Extra<'v> {
    Closed,
    Open,
    Schema(&'v Value),
}

fn extra(m: &Map<String, Value>) -> Extra<'_> {
    match m.get("additionalProperties") {
        Some(Value::Bool(false)) => Extra::Closed,
        None | Some(Value::Bool(true)) => Extra::Open,
        Some(Value::Object(o)) if !constrains(o) => Extra::Open,
        Some(v) => Extra::Schema(v),
    }
}

fn properties(m: &Map<String, Value>) -> Option<&Map<String, Value>> {
    m.get("properties").and_then(Value::as_object)
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn accepts_anything(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Object(m) => !constrains(m),
        _ => true,
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
    let empty = Map::new();
    let r_props = properties(rm).unwrap_or(&empty);
    let w_props = properties(wm).unwrap_or(&empty);
    let depth = at.depth + 1;
    let (rl, wl) = (w.r_label(), w.w_label());

    for (name, r_sub) in r_props {
        let rp = format!("{}/properties/{}", at.r, escape(name));
        match w_props.get(name) {
            Some(w_sub) => {
                let wp = format!("{}/properties/{}", at.w, escape(name));
                w.reads(r_sub, &rp, w_sub, &wp, depth);
            }
            None => match extra(wm) {
                Extra::Closed => {}
                Extra::Schema(s) => {
                    let wp = format!("{}/additionalProperties", at.w);
                    w.reads(r_sub, &rp, s, &wp, depth);
                }
                Extra::Open if accepts_anything(r_sub) => {}
                Extra::Open => {
                    let (detail, lenient) = if w.r_is_new {
                        (
                            format!(
                                "`{}`: property `{name}` was added to an open content model; old data may hold any value under that name",
                                display(At { r: &rp, ..at }, w)
                            ),
                            &SCHEMA_PROPERTY_ADDED,
                        )
                    } else {
                        (
                            format!(
                                "`{}`: property `{name}` was removed while the new content model is open; new data may hold any value under that name",
                                display(at, w)
                            ),
                            &SCHEMA_CHANGE_COMPATIBLE,
                        )
                    };
                    w.issue_with(
                        &SCHEMA_PROPERTY_INCOMPATIBLE,
                        At { r: &rp, ..at },
                        detail,
                        Some(lenient),
                    );
                }
            },
        }
    }
    for (name, w_sub) in w_props {
        if r_props.contains_key(name) {
            continue;
        }
        let wp = format!("{}/properties/{}", at.w, escape(name));
        match extra(rm) {
            Extra::Open => {}
            Extra::Schema(s) => {
                let rp = format!("{}/additionalProperties", at.r);
                w.reads(s, &rp, w_sub, &wp, depth);
            }
            Extra::Closed => {
                let detail = if w.r_is_new {
                    format!(
                        "`{}`: property `{name}` was removed from a closed content model (`additionalProperties: false`); {wl} data holding it is rejected",
                        display(at, w)
                    )
                } else {
                    format!(
                        "`{}`: property `{name}` was added but the {rl} content model is closed (`additionalProperties: false`); {rl} readers reject it",
                        display(At { w: &wp, ..at }, w)
                    )
                };
                w.issue(&SCHEMA_PROPERTY_INCOMPATIBLE, At { w: &wp, ..at }, detail);
            }
        }
    }
    match (extra(rm), extra(wm)) {
        (Extra::Open, _) | (Extra::Closed, Extra::Closed) | (Extra::Schema(_), Extra::Closed) => {}
        (Extra::Closed, _) => {
            let detail = format!(
                "`{}`: the {rl} schema forbids additional properties, the {wl} schema allows them",
                display(at, w)
            );
            w.issue(&SCHEMA_PROPERTY_INCOMPATIBLE, at, detail);
        }
        (Extra::Schema(r), Extra::Schema(ws)) => {
            let rp = format!("{}/additionalProperties", at.r);
            let wp = format!("{}/additionalProperties", at.w);
            w.reads(r, &rp, ws, &wp, depth);
        }
        (Extra::Schema(_), Extra::Open) => {
            let detail = format!(
                "`{}`: the {rl} schema constrains additional properties (`additionalProperties`), the {wl} schema allows any",
                display(at, w)
            );
            w.issue(&SCHEMA_PROPERTY_INCOMPATIBLE, at, detail);
        }
    }
}

use crate::rules::schema_type_incompatible::display;
use crate::schema::walk::{At, Walker, can_be, merge, without};
use serde_json::{Map, Value};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports property dependencies the reading side adds or tightens:
    /// - `dependentRequired` (2019-09 on) and the array form of draft-07 `dependencies`:
    ///   "when `a` is present, `b` is required". The writer must guarantee `b` whenever it
    ///   can write `a`: by its own dependency, or by requiring `b` always. A writer that
    ///   never writes `a` (`a: false`, or a closed model without `a`) guarantees it too;
    /// - `dependentSchemas` (2019-09 on) and the schema form of draft-07 `dependencies`:
    ///   "when `a` is present, the object also satisfies S". The writer's objects (with
    ///   its own dependent schema for `a`, if any) are compared with S; what S rejects is
    ///   reported by the nested rules at `/dependentSchemas/a/...`.
    ///
    /// BACKWARD: a dependency added (or a dependent property added) in the new schema
    /// rejects old objects that have `a` without `b`. FORWARD: a dependency removed lets
    /// new objects through that old readers reject. Dropping a dependency is
    /// BACKWARD-compatible.
    ///
    /// ## Why is this bad?
    /// Objects that were valid (a `credit_card` without `billing_address`) fail the
    /// reader once it demands the dependent property.
    ///
    /// ## Example
    /// ```json
    /// // old                                   // new
    /// { "properties": {"credit_card": {}} }    { "properties": {"credit_card": {}},
    ///                                            "dependentRequired": {"credit_card": ["billing_address"]} }
    /// ```
    ///
    /// ## How to fix
    /// Back-fill the dependent property in the data first and release a MAJOR version, or
    /// keep the dependency out of the schema.
    pub static SCHEMA_DEPENDENCIES_INCOMPATIBLE = {
        id: "schema-dependencies-incompatible",
        group: "schema-change",
        class: Breaking,
        bump: Major,
        summary: "a dependentRequired/dependentSchemas/dependencies constraint the reading side adds",
    }
}

fn names(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Property → required names, from `dependentRequired` (2019-09 on) and `dependencies`.
fn dependent_required(
    m: &Map<String, Value>,
    modern: bool,
) -> Vec<(&str, Vec<&str>, &'static str)> {
    let mut out = Vec::new();
    let mut keys = vec!["dependencies"];
    if modern {
        keys.push("dependentRequired");
    }
    for key in keys {
        if let Some(Value::Object(d)) = m.get(key) {
            for (prop, v) in d {
                if v.is_array() {
                    out.push((prop.as_str(), names(v), key));
                }
            }
        }
    }
    out
}

/// Property → dependent schema, from `dependentSchemas` (2019-09 on) and `dependencies`.
fn dependent_schemas(m: &Map<String, Value>, modern: bool) -> Vec<(&str, &Value, &'static str)> {
    let mut out = Vec::new();
    let mut keys = vec!["dependencies"];
    if modern {
        keys.push("dependentSchemas");
    }
    for key in keys {
        if let Some(Value::Object(d)) = m.get(key) {
            for (prop, v) in d {
                if !v.is_array() {
                    out.push((prop.as_str(), v, key));
                }
            }
        }
    }
    out
}

/// False when `m` never holds property `name`.
fn may_hold(m: &Map<String, Value>, name: &str) -> bool {
    match m.get("properties").and_then(|p| p.get(name)) {
        Some(Value::Bool(false)) => false,
        Some(_) => true,
        None => {
            !matches!(m.get("additionalProperties"), Some(Value::Bool(false)))
                || m.get("patternProperties").is_some()
        }
    }
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

pub(crate) fn check(
    w: &mut Walker<'_>,
    rm: &Map<String, Value>,
    wm: &Map<String, Value>,
    at: At<'_>,
) {
    // Most schemas have no dependencies: decide that before anything allocates.
    if !rm.keys().any(|k| {
        matches!(
            k.as_str(),
            "dependencies" | "dependentRequired" | "dependentSchemas"
        )
    }) || !can_be(wm, "object")
    {
        return;
    }
    let (r_modern, w_modern) = (w.r_draft.has_2019_keywords(), w.w_draft.has_2019_keywords());
    let w_required = names(wm.get("required").unwrap_or(&Value::Null));
    let w_deps = dependent_required(wm, w_modern);
    for (prop, deps, key) in dependent_required(rm, r_modern) {
        if !may_hold(wm, prop) {
            continue;
        }
        let guaranteed: Vec<&str> = w_deps
            .iter()
            .filter(|(p, _, _)| *p == prop)
            .flat_map(|(_, d, _)| d.iter().copied())
            .chain(w_required.iter().copied())
            .collect();
        let missing: Vec<String> = deps
            .iter()
            .filter(|d| !guaranteed.contains(d))
            .map(|d| format!("`{d}`"))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let rp = format!("{}/{key}/{}", at.r, escape(prop));
        let detail = format!(
            "`{}`: the {} schema requires {} whenever `{prop}` is present; the {} schema's objects may have `{prop}` without it",
            display(At { r: &rp, ..at }, w),
            w.r_label(),
            missing.join(", "),
            w.w_label()
        );
        w.issue(
            &SCHEMA_DEPENDENCIES_INCOMPATIBLE,
            At { r: &rp, ..at },
            detail,
        );
    }
    let r_schemas = dependent_schemas(rm, r_modern);
    if r_schemas.is_empty() {
        return;
    }
    let w_schemas = dependent_schemas(wm, w_modern);
    let mut w_base = without(wm, "dependentSchemas");
    w_base.remove("dependencies");
    for (prop, r_s, key) in r_schemas {
        if !may_hold(wm, prop) {
            continue;
        }
        let rp = format!("{}/{key}/{}", at.r, escape(prop));
        let own = w_schemas.iter().find(|(p, _, _)| *p == prop);
        if own.is_some_and(|(_, s, _)| *s == r_s) {
            continue;
        }
        // The writer's objects that hold `prop`: its base, with its own dependent schema.
        let writer = match own.map(|(_, s, _)| *s) {
            Some(Value::Object(s)) => Value::Object(merge(&w_base, s)),
            Some(Value::Bool(false)) => continue,
            _ => Value::Object(w_base.clone()),
        };
        w.reads(r_s, &rp, &writer, at.w, at.depth + 1);
    }
}

//! Changes that never affect validity: annotations and defaults, found by walking both
//! documents side by side through schema-valued keywords only (so a property named
//! `description` is a property, not an annotation).

use crate::rules::schema_annotation_changed::SCHEMA_ANNOTATION_CHANGED;
use crate::rules::schema_default_changed::SCHEMA_DEFAULT_CHANGED;
use accord_model::Finding;
use serde_json::{Map, Value};

const ANNOTATION_KEYS: &[&str] = &[
    "title",
    "description",
    "$comment",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
];
const SCHEMA_KEYS: &[&str] = &[
    "items",
    "additionalItems",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
];
const SCHEMA_LIST_KEYS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems", "items"];
const SCHEMA_MAP_KEYS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
const MAX_DEPTH: usize = 64;

pub(crate) fn annotation_findings(old: &Value, new: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    walk(old, new, "", 0, &mut out);
    out
}

fn walk(old: &Value, new: &Value, ptr: &str, depth: usize, out: &mut Vec<Finding>) {
    if depth > MAX_DEPTH {
        return;
    }
    let (Value::Object(o), Value::Object(n)) = (old, new) else {
        return;
    };
    let shown = if ptr.is_empty() { "/" } else { ptr };
    // Only keys present on a side are looked up: annotations are rare, nodes are many.
    let differs = |k: &str| o.get(k) != n.get(k);
    let present = |m: &Map<String, Value>, k: &str| m.keys().any(|x| x == k);
    let changed: Vec<&str> = ANNOTATION_KEYS
        .iter()
        .copied()
        .filter(|k| (present(o, k) || present(n, k)) && differs(k))
        .collect();
    if !changed.is_empty() {
        out.push(
            Finding::of(
                &SCHEMA_ANNOTATION_CHANGED,
                format!("`{shown}`: {} changed", changed.join(", ")),
            )
            .with_logical_path(ptr),
        );
    }
    if o.get("default") != n.get("default") {
        let show = |m: &Map<String, Value>| {
            m.get("default")
                .map_or("none".to_string(), |v| v.to_string())
        };
        out.push(
            Finding::of(
                &SCHEMA_DEFAULT_CHANGED,
                format!("`{shown}`: default changed from {} to {}", show(o), show(n)),
            )
            .with_logical_path(format!("{ptr}/default")),
        );
    }
    for (k, ov) in o {
        let Some(nv) = n.get(k) else { continue };
        let child = format!("{ptr}/{}", escape(k));
        if SCHEMA_KEYS.contains(&k.as_str()) && ov.is_object() {
            walk(ov, nv, &child, depth + 1, out);
        } else if SCHEMA_LIST_KEYS.contains(&k.as_str()) {
            if let (Value::Array(oa), Value::Array(na)) = (ov, nv) {
                for (i, (a, b)) in oa.iter().zip(na).enumerate() {
                    walk(a, b, &format!("{child}/{i}"), depth + 1, out);
                }
            }
        } else if SCHEMA_MAP_KEYS.contains(&k.as_str())
            && let (Value::Object(om), Value::Object(nm)) = (ov, nv)
        {
            for (name, a) in om {
                if let Some(b) = nm.get(name) {
                    walk(a, b, &format!("{child}/{}", escape(name)), depth + 1, out);
                }
            }
        }
    }
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

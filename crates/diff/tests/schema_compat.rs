//! Targeted behaviour of `schema_compat`, and the property that it terminates on any input.

use accord_diff::schema::{Compatibility, ContentModel, schema_compat, schema_compat_transitive};
use proptest::prelude::*;
use serde_json::{Value, json};

fn rules_of(
    old: &Value,
    new: &Value,
    mode: Compatibility,
    model: ContentModel,
) -> (bool, Vec<String>) {
    let v = schema_compat(old, new, mode, model);
    (
        v.compatible,
        v.findings
            .into_iter()
            .map(|f| format!("{} {}", f.rule, f.logical_path))
            .collect(),
    )
}

#[test]
fn widening_a_type_is_backward_compatible_but_not_forward() {
    let old = json!({"type": "integer"});
    let new = json!({"type": "number"});
    assert!(schema_compat(&old, &new, Compatibility::Backward, ContentModel::Lenient).compatible);
    assert!(!schema_compat(&old, &new, Compatibility::Forward, ContentModel::Lenient).compatible);
    assert!(!schema_compat(&old, &new, Compatibility::Full, ContentModel::Lenient).compatible);
    assert!(schema_compat(&old, &new, Compatibility::None, ContentModel::Lenient).compatible);
}

#[test]
fn dropping_null_from_a_type_array_breaks_backward() {
    let old = json!({"properties": {"a": {"type": ["string", "null"]}}});
    let new = json!({"properties": {"a": {"type": "string"}}});
    let (ok, found) = rules_of(&old, &new, Compatibility::Backward, ContentModel::Lenient);
    assert!(!ok);
    assert_eq!(found, ["schema-type-incompatible /properties/a"]);
}

#[test]
fn strict_and_lenient_disagree_only_on_open_content_additions() {
    let old = json!({"type": "object", "properties": {"a": {"type": "string"}}});
    let new = json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}});
    assert_eq!(
        rules_of(&old, &new, Compatibility::Backward, ContentModel::Lenient),
        (
            true,
            vec!["schema-property-added /properties/b".to_string()]
        )
    );
    assert_eq!(
        rules_of(&old, &new, Compatibility::Backward, ContentModel::Strict),
        (
            false,
            vec!["schema-property-incompatible /properties/b".to_string()]
        )
    );
    // A closed old model guarantees old data has no `b`: compatible even when strict.
    let mut closed_old = old.clone();
    closed_old["additionalProperties"] = json!(false);
    let mut closed_new = new.clone();
    closed_new["additionalProperties"] = json!(false);
    assert!(
        schema_compat(
            &closed_old,
            &closed_new,
            Compatibility::Backward,
            ContentModel::Strict
        )
        .compatible
    );
    // ...but old readers of a closed model reject new data carrying `b`.
    assert!(
        !schema_compat(
            &closed_old,
            &closed_new,
            Compatibility::Forward,
            ContentModel::Strict
        )
        .compatible
    );
}

#[test]
fn transitive_modes_check_every_earlier_version() {
    let v1 = json!({"enum": ["a", "b", "c"]});
    let v2 = json!({"enum": ["a", "b", "c", "d"]});
    let v3 = json!({"enum": ["a", "b", "d"]});
    // v3 drops "c", which v2 also had: plain BACKWARD already fails.
    assert!(!schema_compat(&v2, &v3, Compatibility::Backward, ContentModel::Lenient).compatible);
    let v2b = json!({"enum": ["a", "b"]});
    let v3b = json!({"enum": ["a", "b", "x"]});
    // v1 → v2b dropped "c" long ago; v2b → v3b is fine, but not against v1.
    assert!(schema_compat(&v2b, &v3b, Compatibility::Backward, ContentModel::Lenient).compatible);
    let history = [v1.clone(), v2b.clone()];
    let t = schema_compat_transitive(
        &history,
        &v3b,
        Compatibility::BackwardTransitive,
        ContentModel::Lenient,
    );
    assert!(!t.compatible);
    assert!(
        t.findings[0].message.contains("earlier version #1"),
        "{}",
        t.findings[0].message
    );
    // Without the transitive mode the history is ignored.
    assert!(
        schema_compat_transitive(
            &history,
            &v3b,
            Compatibility::Backward,
            ContentModel::Lenient
        )
        .compatible
    );
    let _ = v2;
}

#[test]
fn refs_are_followed_within_the_document() {
    let old =
        json!({"$defs": {"id": {"type": "string"}}, "properties": {"id": {"$ref": "#/$defs/id"}}});
    let new = json!({"definitions": {"id": {"type": "integer"}}, "properties": {"id": {"$ref": "#/definitions/id"}}});
    let (ok, found) = rules_of(&old, &new, Compatibility::Backward, ContentModel::Lenient);
    assert!(!ok);
    assert_eq!(found, ["schema-type-incompatible /definitions/id"]);
}

#[test]
fn recursive_schemas_compare_and_terminate() {
    let tree = |t: &str| {
        json!({
            "$defs": {"node": {"type": "object", "properties": {
                "value": {"type": t},
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}
            }}},
            "$ref": "#/$defs/node"
        })
    };
    assert!(
        schema_compat(
            &tree("string"),
            &tree("string"),
            Compatibility::Full,
            ContentModel::Strict
        )
        .compatible
    );
    let (ok, found) = rules_of(
        &tree("string"),
        &tree("integer"),
        Compatibility::Backward,
        ContentModel::Lenient,
    );
    assert!(!ok);
    assert_eq!(
        found,
        ["schema-type-incompatible /$defs/node/properties/value"]
    );
}

#[test]
fn a_reference_cycle_without_content_is_reported_not_followed_forever() {
    let old = json!({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "properties": {"x": {"$ref": "#/$defs/a"}}});
    let new = json!({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "properties": {"x": {"$ref": "#/$defs/a"}, "y": {}}});
    let v = schema_compat(&old, &new, Compatibility::Full, ContentModel::Lenient);
    assert!(
        v.findings.iter().any(|f| f.rule == "schema-uncomparable"),
        "{:?}",
        v.findings
    );
}

#[test]
fn unions_split_writer_branches_and_search_reader_branches() {
    let old = json!({"oneOf": [{"type": "string"}, {"type": "integer"}]});
    let new = json!({"anyOf": [{"type": "integer"}, {"type": "string"}, {"type": "null"}]});
    assert!(schema_compat(&old, &new, Compatibility::Backward, ContentModel::Lenient).compatible);
    let narrower = json!({"anyOf": [{"type": "string"}]});
    let (ok, found) = rules_of(
        &old,
        &narrower,
        Compatibility::Backward,
        ContentModel::Lenient,
    );
    assert!(!ok);
    assert_eq!(found, ["schema-type-incompatible /anyOf/0"]);
}

#[test]
fn all_of_writers_are_merged_before_comparing() {
    let old = json!({"allOf": [{"type": "object", "required": ["a"]}, {"required": ["b"]}]});
    let new = json!({"type": "object", "required": ["a", "b"]});
    assert!(schema_compat(&old, &new, Compatibility::Backward, ContentModel::Lenient).compatible);
    let newer = json!({"type": "object", "required": ["a", "b", "c"]});
    assert!(
        !schema_compat(&old, &newer, Compatibility::Backward, ContentModel::Lenient).compatible
    );
}

#[test]
fn tuple_items_compare_position_by_position() {
    let old = json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]});
    let new = json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}]});
    let (ok, found) = rules_of(&old, &new, Compatibility::Backward, ContentModel::Lenient);
    assert!(!ok);
    assert_eq!(found, ["schema-type-incompatible /prefixItems/1"]);
}

#[test]
fn deep_nesting_stops_with_a_finding_instead_of_overflowing() {
    let mut old = json!({"type": "string"});
    let mut new = json!({"type": "integer"});
    for _ in 0..200 {
        old = json!({"type": "object", "properties": {"a": old}});
        new = json!({"type": "object", "properties": {"a": new}});
    }
    let v = schema_compat(&old, &new, Compatibility::Full, ContentModel::Strict);
    assert!(v.findings.iter().any(|f| f.rule == "schema-uncomparable"));
}

fn arb_json() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "type",
        "properties",
        "items",
        "prefixItems",
        "anyOf",
        "oneOf",
        "allOf",
        "not",
        "enum",
        "const",
        "required",
        "additionalProperties",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "minLength",
        "maxLength",
        "pattern",
        "$ref",
        "$defs",
        "a",
        "b",
        "multipleOf",
        "uniqueItems",
        "default",
    ]);
    let refs = prop::sample::select(vec![
        "#",
        "#/$defs/a",
        "#/$defs/b",
        "#/properties/a",
        "#/items",
        "#/anyOf/0",
        "#/nowhere",
        "http://x",
        "#/$defs/a/$ref",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        (-1.0e6f64..1.0e6).prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "string", "integer", "number", "object", "array", "null", "boolean"
        ])
        .prop_map(|s| json!(s)),
        refs.prop_map(|r| json!({"$ref": r})),
    ];
    leaf.prop_recursive(6, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..6).prop_map(|m| Value::Object(
                m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn schema_compat_never_panics_and_self_diff_is_empty(old in arb_json(), new in arb_json()) {
        for mode in Compatibility::ALL {
            for model in [ContentModel::Strict, ContentModel::Lenient] {
                let v = schema_compat(&old, &new, mode, model);
                prop_assert_eq!(v.compatible, !v.findings.iter().any(|f| f.class == accord_model::Class::Breaking));
                prop_assert!(schema_compat(&old, &old, mode, model).findings.is_empty());
            }
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn cyclic_refs_terminate(defs in prop::collection::vec(prop::sample::select(vec!["#/$defs/a", "#/$defs/b", "#", "#/$defs/c"]), 3)) {
        let doc = |t: &str| json!({
            "$defs": {
                "a": {"$ref": defs[0]},
                "b": {"type": "object", "properties": {"x": {"$ref": defs[1]}, "y": {"type": t}}},
                "c": {"anyOf": [{"$ref": defs[2]}, {"$ref": "#/$defs/b"}]}
            },
            "allOf": [{"$ref": "#/$defs/c"}, {"$ref": defs[1]}]
        });
        let v = schema_compat(&doc("string"), &doc("integer"), Compatibility::FullTransitive, ContentModel::Strict);
        prop_assert_eq!(v.compatible, !v.findings.iter().any(|f| f.class == accord_model::Class::Breaking));
    }
}

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
        "patternProperties",
        "propertyNames",
        "dependentRequired",
        "dependentSchemas",
        "dependencies",
        "if",
        "then",
        "else",
        "contains",
        "minContains",
        "maxContains",
        "unevaluatedProperties",
        "unevaluatedItems",
        "additionalItems",
        "$anchor",
        "$dynamicRef",
        "^[a-",
        "(a+)+$",
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
        "#a",
        "#b",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        (-1.0e6f64..1.0e6).prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "string", "integer", "number", "object", "array", "null", "boolean", "a", "^a"
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

/// One keyword, as a looser and a tighter schema (`tests/schema_keywords.json`). With the
/// tighter one as the new version, BACKWARD breaks (reported by `rule`) and FORWARD holds;
/// with the looser one as the new version, the reverse. `lenient_ok`: the lenient content
/// model excuses it. No `rule`: the keyword never changes validity, both directions stay
/// compatible. `witness` is an instance the looser schema accepts and the tighter one
/// rejects (checked with a real validator in the CLI's acceptance tests).
struct Case {
    keyword: String,
    loose: Value,
    tight: Value,
    rule: Option<String>,
    lenient_ok: bool,
}

const D7: &str = "http://json-schema.org/draft-07/schema#";

fn keyword_cases() -> Vec<Case> {
    let table: Vec<Value> =
        serde_json::from_str(include_str!("schema_keywords.json")).expect("the table parses");
    table
        .into_iter()
        .map(|c| Case {
            keyword: c["keyword"].as_str().expect("keyword").to_string(),
            loose: c["loose"].clone(),
            tight: c["tight"].clone(),
            rule: c["rule"].as_str().map(str::to_string),
            lenient_ok: c["lenient_ok"].as_bool().unwrap_or(false),
        })
        .collect()
}

fn breaking_rules(v: &accord_diff::schema::SchemaVerdict) -> Vec<String> {
    v.findings
        .iter()
        .filter(|f| f.class == accord_model::Class::Breaking)
        .map(|f| format!("{} {}", f.rule, f.logical_path))
        .collect()
}

#[test]
fn every_keyword_in_both_directions_under_both_content_models() {
    let mut failures = Vec::new();
    for c in keyword_cases() {
        for model in [ContentModel::Strict, ContentModel::Lenient] {
            let excused = c.lenient_ok && model == ContentModel::Lenient;
            let breaks = c.rule.is_some() && !excused;
            // (old, new, mode, expected compatible)
            let runs = [
                (&c.loose, &c.tight, Compatibility::Backward, !breaks),
                (&c.loose, &c.tight, Compatibility::Forward, true),
                (&c.tight, &c.loose, Compatibility::Backward, true),
                (&c.tight, &c.loose, Compatibility::Forward, !breaks),
                (&c.loose, &c.tight, Compatibility::Full, !breaks),
                (&c.tight, &c.loose, Compatibility::FullTransitive, !breaks),
            ];
            for (old, new, mode, want) in runs {
                let v = schema_compat(old, new, mode, model);
                let found = breaking_rules(&v);
                let ok = v.compatible == want
                    && (want
                        || found.iter().any(|f| {
                            f.starts_with(&format!("{} ", c.rule.as_deref().unwrap_or("")))
                        }));
                if !ok {
                    failures.push(format!(
                        "{} [{mode} {model}] {} → {}: expected {}, got {:?}",
                        c.keyword,
                        old,
                        new,
                        if want {
                            "compatible".to_string()
                        } else {
                            format!("{} (breaking)", c.rule.clone().unwrap_or_default())
                        },
                        found
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_2020_12_keyword_has_a_case() {
    // The 2020-12 vocabularies: core, applicator, unevaluated, validation, meta-data,
    // format-annotation, content.
    const KEYWORDS: &[&str] = &[
        "$schema",
        "$id",
        "$ref",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$vocabulary",
        "$comment",
        "$defs",
        "prefixItems",
        "items",
        "contains",
        "additionalProperties",
        "properties",
        "patternProperties",
        "dependentSchemas",
        "propertyNames",
        "if",
        "then",
        "else",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "unevaluatedItems",
        "unevaluatedProperties",
        "type",
        "const",
        "enum",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxContains",
        "minContains",
        "maxProperties",
        "minProperties",
        "required",
        "dependentRequired",
        "title",
        "description",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "examples",
        "format",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
    ];
    let cases = keyword_cases();
    let text = |c: &Case| format!("{} {} {}", c.keyword, c.loose, c.tight);
    for k in KEYWORDS {
        assert!(
            cases.iter().any(|c| text(c).contains(&format!("\"{k}\""))
                || c.keyword.split(['/', ' ']).any(|w| w == *k)),
            "2020-12 keyword {k} has no compatibility case"
        );
    }
}

#[test]
fn a_closed_model_whose_pattern_properties_cover_the_new_property_is_compatible() {
    let old = json!({"type": "object", "properties": {"id": {"type": "string"}},
                     "patternProperties": {"^x_": {"type": "string"}}, "additionalProperties": false});
    let mut new = old.clone();
    new["properties"]["x_nick"] = json!({"type": "string", "maxLength": 20});
    // New data's x_nick is a string: old readers accept it through the pattern.
    assert!(schema_compat(&old, &new, Compatibility::Forward, ContentModel::Strict).compatible);
    // Old data may hold any string under x_nick: the new maxLength may reject it.
    let (ok, found) = rules_of(&old, &new, Compatibility::Backward, ContentModel::Strict);
    assert!(!ok);
    assert_eq!(found, ["schema-bounds-incompatible /properties/x_nick"]);
    new["properties"]["x_nick"] = json!({"type": "string"});
    assert!(
        schema_compat(
            &old,
            &new,
            Compatibility::FullTransitive,
            ContentModel::Strict
        )
        .compatible
    );
    // A name the pattern does not cover is still closed to old readers.
    new["properties"]["nick"] = json!({"type": "string"});
    let (ok, found) = rules_of(&old, &new, Compatibility::Forward, ContentModel::Strict);
    assert!(!ok);
    assert_eq!(found, ["schema-property-incompatible /properties/nick"]);
}

#[test]
fn a_property_added_as_false_to_a_closed_model_is_compatible_both_ways() {
    let old = json!({"type": "object", "properties": {"id": {"type": "string"}}, "additionalProperties": false});
    let mut new = old.clone();
    new["properties"]["legacy"] = json!(false);
    assert!(schema_compat(&old, &new, Compatibility::Full, ContentModel::Strict).compatible);
    // Forbidding a name an open model allowed: old data may hold it.
    let open_old = json!({"type": "object", "properties": {"id": {"type": "string"}}});
    let mut open_new = open_old.clone();
    open_new["properties"]["legacy"] = json!(false);
    assert!(
        !schema_compat(
            &open_old,
            &open_new,
            Compatibility::Backward,
            ContentModel::Strict
        )
        .compatible
    );
    assert!(
        schema_compat(
            &open_old,
            &open_new,
            Compatibility::Backward,
            ContentModel::Lenient
        )
        .compatible
    );
    // Removing a property by replacing it with `false` breaks old data that held it.
    let had = json!({"type": "object", "properties": {"id": {}, "legacy": {"type": "string"}}, "additionalProperties": false});
    let gone = json!({"type": "object", "properties": {"id": {}, "legacy": false}, "additionalProperties": false});
    let (ok, found) = rules_of(&had, &gone, Compatibility::Backward, ContentModel::Lenient);
    assert!(!ok);
    assert_eq!(found, ["schema-type-incompatible /properties/legacy"]);
    assert!(schema_compat(&had, &gone, Compatibility::Forward, ContentModel::Strict).compatible);
}

#[test]
fn lenient_content_model_excuses_narrowing_additional_properties_strict_does_not() {
    let old = json!({"type": "object", "properties": {"a": {"type": "string"}}});
    let new = json!({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false});
    let (ok, found) = rules_of(&old, &new, Compatibility::Backward, ContentModel::Lenient);
    assert!(ok);
    assert_eq!(found, ["schema-change-compatible "]);
    let (ok, found) = rules_of(&old, &new, Compatibility::Backward, ContentModel::Strict);
    assert!(!ok);
    assert_eq!(found, ["schema-property-incompatible "]);
    // Narrowing to a schema, likewise.
    let typed = json!({"type": "object", "additionalProperties": {"type": "string"}});
    assert!(schema_compat(&old, &typed, Compatibility::Backward, ContentModel::Lenient).compatible);
    assert!(!schema_compat(&old, &typed, Compatibility::Backward, ContentModel::Strict).compatible);
}

#[test]
fn a_draft_07_tuple_and_the_same_2020_12_tuple_are_equivalent() {
    let d7 = json!({"$schema": D7, "type": "array", "items": [{"type": "string"}, {"type": "integer"}], "additionalItems": false});
    let d2020 = json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array",
                       "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false});
    let v = schema_compat(
        &d7,
        &d2020,
        Compatibility::FullTransitive,
        ContentModel::Strict,
    );
    assert!(v.compatible, "{:?}", v.findings);
    // In 2020-12 `additionalItems` means nothing; in draft-07 `prefixItems` means nothing.
    let ignored = json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array",
                         "prefixItems": [{"type": "string"}, {"type": "integer"}], "additionalItems": false});
    let (ok, found) = rules_of(&d7, &ignored, Compatibility::Forward, ContentModel::Strict);
    assert!(!ok);
    // Reported where the new schema would close the tuple.
    assert_eq!(found, ["schema-items-incompatible /items"]);
}

#[test]
fn ref_siblings_apply_from_2019_09_and_are_ignored_in_draft_07() {
    let with = |schema: &str| {
        json!({"$schema": schema, "definitions": {"s": {"type": "string"}},
               "properties": {"a": {"$ref": "#/definitions/s", "maxLength": 3}}})
    };
    let without = |schema: &str| {
        json!({"$schema": schema, "definitions": {"s": {"type": "string"}},
               "properties": {"a": {"$ref": "#/definitions/s"}}})
    };
    // draft-07 ignores the sibling: no change at all.
    assert!(
        schema_compat(
            &without(D7),
            &with(D7),
            Compatibility::Full,
            ContentModel::Strict
        )
        .compatible
    );
    let modern = "https://json-schema.org/draft/2020-12/schema";
    let (ok, found) = rules_of(
        &without(modern),
        &with(modern),
        Compatibility::Backward,
        ContentModel::Strict,
    );
    assert!(!ok);
    assert_eq!(found, ["schema-bounds-incompatible /properties/a"]);
}

#[test]
fn a_conditional_with_the_same_if_compares_arm_by_arm() {
    let old = json!({"type": "object", "if": {"properties": {"kind": {"const": "a"}}},
                     "then": {"required": ["a"]}, "else": {"required": ["b"]}});
    let new = json!({"type": "object", "if": {"properties": {"kind": {"const": "a"}}},
                     "then": {"required": ["a"]}, "else": {"required": ["b"], "properties": {"b": {"type": "string"}}}});
    // Writers in the `then` arm are never asked to satisfy `else` and the reverse.
    let (ok, found) = rules_of(&old, &new, Compatibility::Forward, ContentModel::Strict);
    assert!(ok, "{found:?}");
    let (ok, found) = rules_of(&old, &new, Compatibility::Backward, ContentModel::Lenient);
    assert!(ok, "{found:?}");
    // Unconditional `required: [a]` only: old objects lacking `a` in the else arm break.
    let flat = json!({"type": "object", "required": ["a"]});
    let (ok, found) = rules_of(&old, &flat, Compatibility::Backward, ContentModel::Lenient);
    assert!(!ok);
    assert_eq!(found, ["schema-required-incompatible "]);
}

#[test]
fn contains_is_guaranteed_by_a_narrower_writer_contains() {
    let old =
        json!({"type": "array", "contains": {"type": "string", "maxLength": 3}, "minContains": 2});
    let new = json!({"type": "array", "contains": {"type": "string"}, "minContains": 1});
    assert!(schema_compat(&old, &new, Compatibility::Backward, ContentModel::Strict).compatible);
    let (ok, found) = rules_of(&old, &new, Compatibility::Forward, ContentModel::Strict);
    assert!(!ok);
    assert_eq!(found, ["schema-items-incompatible /contains"]);
    // minContains: 0 makes contains vacuous for the minimum.
    let none = json!({"type": "array", "contains": {"type": "string"}, "minContains": 0});
    assert!(
        schema_compat(
            &json!({"type": "array"}),
            &none,
            Compatibility::Backward,
            ContentModel::Strict
        )
        .compatible
    );
}

#[test]
fn dependent_required_is_guaranteed_by_required_or_an_absent_trigger() {
    let old = json!({"type": "object", "required": ["b"], "properties": {"a": {}, "b": {}}});
    let new = json!({"type": "object", "required": ["b"], "properties": {"a": {}, "b": {}}, "dependentRequired": {"a": ["b"]}});
    assert!(schema_compat(&old, &new, Compatibility::Full, ContentModel::Strict).compatible);
    let never_a = json!({"type": "object", "properties": {"a": false, "b": {}}});
    let needs = json!({"type": "object", "properties": {"a": false, "b": {}}, "dependentRequired": {"a": ["b"]}});
    assert!(
        schema_compat(
            &never_a,
            &needs,
            Compatibility::Backward,
            ContentModel::Strict
        )
        .compatible
    );
}

#[test]
fn unevaluated_properties_sees_what_all_of_and_ref_siblings_evaluate() {
    for shape in ["allOf", "$ref"] {
        let doc = |extra: Option<&str>| {
            let mut d = json!({
                "$defs": {"base": {"properties": {"id": {"type": "string"}}}},
                "properties": {"name": {"type": "string"}},
                "unevaluatedProperties": false
            });
            if shape == "allOf" {
                d["allOf"] = json!([{"$ref": "#/$defs/base"}]);
            } else {
                d["$ref"] = json!("#/$defs/base");
            }
            if let Some(p) = extra {
                d["properties"][p] = json!({"type": "string"});
            }
            d
        };
        // `id`, declared in the base, is evaluated: no "removed from a closed model".
        let v = schema_compat(
            &doc(None),
            &doc(Some("nick")),
            Compatibility::Backward,
            ContentModel::Strict,
        );
        assert!(v.compatible, "{shape}: {:?}", v.findings);
        let (ok, found) = rules_of(
            &doc(None),
            &doc(Some("nick")),
            Compatibility::Forward,
            ContentModel::Strict,
        );
        assert!(!ok, "{shape}");
        assert_eq!(
            found,
            ["schema-property-incompatible /properties/nick"],
            "{shape}"
        );
    }
}

#[test]
fn a_not_that_excludes_less_is_compatible_one_that_excludes_more_is_not() {
    let excludes_numbers = json!({"not": {"type": "number"}});
    let excludes_integers = json!({"not": {"type": "integer"}});
    // Old data is never a number, so never an integer: the new reader accepts it.
    assert!(
        schema_compat(
            &excludes_numbers,
            &excludes_integers,
            Compatibility::Backward,
            ContentModel::Strict
        )
        .compatible
    );
    let (ok, found) = rules_of(
        &excludes_integers,
        &excludes_numbers,
        Compatibility::Backward,
        ContentModel::Strict,
    );
    assert!(!ok);
    assert_eq!(found, ["schema-composition-incompatible "]);
}

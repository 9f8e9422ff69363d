//! Decision records: content-hash ids, the published schema, and verification.

mod common;

use accord_model::Bump;
use accord_policy::record::{canonical_json, inputs_digest, policy_digest};
use accord_policy::{
    Approvals, DecisionRecord, Policy, RecordContext, Revision, decide, decision_schema,
    verify_decision,
};
use accord_vcs::FileStatus::Added;
use common::*;
use serde_json::json;

fn record(timestamp: &str) -> DecisionRecord {
    let evidence = evidence(
        &[("contracts/mmos-creator-os-v1.1.0.yaml", Added)],
        vec![voice_contract("1.0.0", "1.1.0", Bump::Minor)],
    );
    let policy = Policy::default();
    let findings = vec![section_removed(), optional_added()];
    let result = decide(
        &findings,
        &evidence,
        &policy,
        &Approvals::none(),
        &manifest(),
        today(),
    );
    DecisionRecord::new(
        &result,
        findings,
        RecordContext {
            base: Revision {
                rev: "main".into(),
                commit: Some("a".repeat(40)),
            },
            head: Revision {
                rev: "working tree".into(),
                commit: None,
            },
            tool_version: "0.1.0".into(),
            policy_digest: policy_digest(&policy),
            inputs_digest: inputs_digest([("accord.toml", b"x".as_slice())]),
            timestamp: timestamp.into(),
        },
    )
}

#[test]
fn the_id_is_a_content_hash_that_ignores_the_timestamp() {
    let a = record("2026-06-01T10:00:00Z");
    let b = record("2026-06-02T11:00:00Z");
    assert_eq!(a.id, b.id);
    assert_eq!(a.id.len(), 32);
    let mut c = a.clone();
    c.decision.reasons.push("edited".into());
    assert_ne!(c.compute_id(), a.id);
    assert_eq!(
        a.file_name("decisions/"),
        format!("decisions/{}.json", a.id)
    );
}

#[test]
fn a_record_round_trips_through_json() {
    let a = record("2026-06-01T10:00:00Z");
    let back = DecisionRecord::from_json(&a.to_json()).expect("parses");
    assert_eq!(back, a);
}

#[test]
fn records_validate_against_the_schema_and_bad_ones_do_not() {
    let schema = decision_schema();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let good = serde_json::to_value(record("2026-06-01T10:00:00Z")).expect("json");
    let errors: Vec<String> = validator
        .iter_errors(&good)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let mut bad = good.clone();
    bad["decision"]["outcome"] = json!("MAYBE");
    assert!(!validator.is_valid(&bad));
    let mut extra = good.clone();
    extra["surprise"] = json!(1);
    assert!(!validator.is_valid(&extra));
    let mut finding = good;
    finding["changes"][0]["class"] = json!("FINE");
    assert!(!validator.is_valid(&finding));
}

#[test]
fn verify_ignores_id_and_timestamp_but_reports_every_other_difference() {
    let recorded = serde_json::to_value(record("2026-06-01T10:00:00Z")).expect("json");
    let recomputed = serde_json::to_value(record("2027-01-01T00:00:00Z")).expect("json");
    assert_eq!(verify_decision(&recorded, &recomputed), vec![]);

    let mut tampered = recorded.clone();
    tampered["decision"]["outcome"] = json!("APPROVE");
    let diffs = verify_decision(&tampered, &recomputed);
    let pointers: Vec<&str> = diffs.iter().map(|d| d.pointer.as_str()).collect();
    // The edit itself, and the id that no longer matches the edited content.
    assert_eq!(pointers, vec!["/id", "/decision/outcome"]);
    assert_eq!(diffs[1].recorded, json!("APPROVE"));
    assert_eq!(diffs[1].recomputed, json!("DENY"));

    let mut shorter = recomputed.clone();
    shorter["changes"].as_array_mut().expect("array").pop();
    let diffs = verify_decision(&recorded, &shorter);
    assert!(
        diffs
            .iter()
            .any(|d| d.pointer == "/changes/1" && d.recomputed.is_null()),
        "{diffs:#?}"
    );
}

#[test]
fn canonical_json_sorts_keys_at_every_level() {
    let a = json!({"b": 1, "a": {"d": [ {"y": 1, "x": 2} ], "c": null}});
    assert_eq!(
        canonical_json(&a),
        r#"{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}"#
    );
}

#[test]
fn inputs_digest_ignores_order_but_not_content() {
    let one = inputs_digest([("a", b"1".as_slice()), ("b", b"2".as_slice())]);
    let two = inputs_digest([("b", b"2".as_slice()), ("a", b"1".as_slice())]);
    let three = inputs_digest([("a", b"1".as_slice()), ("b", b"3".as_slice())]);
    assert_eq!(one, two);
    assert_ne!(one, three);
}

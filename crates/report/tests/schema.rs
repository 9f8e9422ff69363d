//! The published report schema: fresh on disk, and true of what the JSON emitter writes.

mod common;

use accord_model::{Finding, Location, Span};
use accord_report::{Format, RenderOptions, Report, render_to_string, report_schema};
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let schema = report_schema();
    assert!(
        jsonschema::meta::is_valid(&schema),
        "report schema is not a valid JSON Schema"
    );
    jsonschema::draft202012::new(&schema).expect("schema compiles")
}

fn render_json(findings: &[Finding], with_decision: bool) -> Value {
    let rules = common::rules();
    let sources = common::sources();
    let decision = common::decision(findings);
    let extra = serde_json::json!({ "epic": { "packs": ["mmos", "creator-os"] } });
    let mut report = Report::new(findings, &rules, &sources, "0.1.0");
    if with_decision {
        report = report.with_decision(&decision).with_extra(&extra);
    }
    let text = render_to_string(Format::Json, &report, &RenderOptions::default()).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn assert_valid(instance: &Value) {
    let validator = validator();
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "report does not match its schema:\n{}",
        errors.join("\n")
    );
}

#[test]
fn rendered_reports_match_the_schema() {
    let findings = common::findings();
    assert_valid(&render_json(&findings, true));
    assert_valid(&render_json(&findings, false));
    assert_valid(&render_json(&[], false));
}

#[test]
fn schema_rejects_a_renamed_field() {
    let mut report = render_json(&common::findings(), true);
    let finding = report["findings"][0].as_object_mut().unwrap();
    let class = finding.remove("class").unwrap();
    finding.insert("severity".to_string(), class);
    assert!(!validator().is_valid(&report));

    let mut report = render_json(&[], false);
    report["summary"]["by_class"]
        .as_object_mut()
        .unwrap()
        .remove("RISKY");
    assert!(!validator().is_valid(&report));
}

/// A finding with every optional part filled, so a field added to the model that the schema
/// does not know about shows up here rather than in a consumer's validator.
#[test]
fn schema_knows_every_field_of_a_full_finding() {
    let text = "a: 1\n";
    let finding = Finding::of(&common::SECTION_REMOVED, "m")
        .at(Location::from_span("f.yaml", text, Span::new(0, 1)))
        .related(Location::new("g.yaml", 1, 1), "here")
        .with_contract("A → B")
        .with_logical_path("a")
        .with_help("h")
        .with_impacted(["x"]);
    let value = serde_json::to_value(&finding).unwrap();
    let schema = report_schema();
    let properties = schema["$defs"]["finding"]["properties"]
        .as_object()
        .unwrap();
    for key in value.as_object().unwrap().keys() {
        assert!(
            properties.contains_key(key),
            "schema lacks finding field `{key}`"
        );
    }
    let location = schema["$defs"]["location"]["properties"]
        .as_object()
        .unwrap();
    for key in value["location"].as_object().unwrap().keys() {
        assert!(
            location.contains_key(key),
            "schema lacks location field `{key}`"
        );
    }
}

//! SARIF output checked two ways: against a hand-written subset of the official SARIF 2.1.0
//! schema (`tests/sarif-2.1.0-subset.schema.json`), and by assertions on the links between
//! its parts that no schema can express.

mod common;

use accord_report::{Format, NoSources, RenderOptions, Report, render_to_string};
use serde_json::Value;

fn sarif(with_decision: bool, findings: &[accord_model::Finding]) -> Value {
    let rules = common::rules();
    let sources = common::sources();
    let decision = common::decision(findings);
    let mut report = Report::new(findings, &rules, &sources, "0.1.0");
    if with_decision {
        report = report.with_decision(&decision);
    }
    let text = render_to_string(Format::Sarif, &report, &RenderOptions::default()).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn subset_schema() -> jsonschema::Validator {
    let text = include_str!("sarif-2.1.0-subset.schema.json");
    let schema: Value = serde_json::from_str(text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("subset schema compiles")
}

#[test]
fn output_matches_the_sarif_schema_subset() {
    let validator = subset_schema();
    for log in [
        sarif(true, &common::findings()),
        sarif(false, &common::findings()),
        sarif(false, &[]),
    ] {
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
    }
}

#[test]
fn subset_schema_rejects_what_sarif_rejects() {
    let validator = subset_schema();
    let mut log = sarif(false, &common::findings());
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&log), "unknown level accepted");

    let mut log = sarif(false, &common::findings());
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert!(!validator.is_valid(&log), "startLine 0 accepted");

    let mut log = sarif(false, &common::findings());
    log["runs"][0]["results"][0]["ruleID"] = Value::from("typo");
    assert!(!validator.is_valid(&log), "unknown property accepted");

    let mut log = sarif(false, &common::findings());
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        Value::from("odd, name:1.yaml");
    assert!(!validator.is_valid(&log), "unencoded URI accepted");
}

#[test]
fn every_result_points_at_its_rule() {
    let log = sarif(false, &common::findings());
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), common::findings().len());
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let fingerprint = result["partialFingerprints"]["accord/v1"].as_str().unwrap();
        assert_eq!(fingerprint.len(), 16);
    }
    // The catalogue comes first, in order, then rules only findings know about.
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let catalogue: Vec<&str> = common::RULES.iter().map(|r| r.id).collect();
    assert_eq!(&ids[..catalogue.len()], catalogue.as_slice());
    assert_eq!(ids[catalogue.len()..], ["custom-policy-check"]);
}

#[test]
fn rules_carry_class_bump_group_and_docs() {
    let log = sarif(false, &[]);
    let rule = &log["runs"][0]["tool"]["driver"]["rules"][0];
    assert_eq!(rule["id"], common::SECTION_REMOVED.id);
    assert_eq!(
        rule["shortDescription"]["text"],
        common::SECTION_REMOVED.summary
    );
    assert!(
        rule["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## Why is this bad?")
    );
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    assert_eq!(rule["properties"]["class"], "BREAKING");
    assert_eq!(rule["properties"]["bump"], "major");
    assert_eq!(rule["properties"]["group"], "contract-change");
}

#[test]
fn whole_file_findings_have_no_region() {
    let log = sarif(false, &common::findings());
    let results = log["runs"][0]["results"].as_array().unwrap();
    let whole_file = results
        .iter()
        .find(|r| r["ruleId"] == "conformance-missing-section")
        .unwrap();
    let physical = &whole_file["locations"][0]["physicalLocation"];
    assert!(physical.get("region").is_none());
    assert_eq!(
        physical["artifactLocation"]["uri"],
        "outputs/minds/jo%C3%A3o/system_prompts/generalista.md"
    );
}

#[test]
fn regions_end_where_the_span_ends_when_source_is_known() {
    let log = sarif(false, &common::findings());
    let removed = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "contract-required-section-removed")
        .unwrap();
    let region = &removed["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], 5);
    assert_eq!(region["endColumn"], 5 + "required_sections".len() as u64);

    let findings = common::findings();
    let rules = common::rules();
    let report = Report::new(&findings, &rules, &NoSources, "0.1.0");
    let text = render_to_string(Format::Sarif, &report, &RenderOptions::default()).unwrap();
    assert!(!text.contains("endColumn"), "no end without the source");
}

#[test]
fn decision_travels_in_run_properties() {
    let log = sarif(true, &common::findings());
    assert_eq!(
        log["runs"][0]["properties"]["accord/decision"]["outcome"],
        "DENY"
    );
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
}

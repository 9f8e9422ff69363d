//! `accord gate` and gates in `accord check`: the table, every format, and the decision on a
//! change that regresses a budget (seed 002: > 20 % denied, ≤ 20 % approved on condition
//! that the regression is documented, which an approval's justification does).

mod common;

use common::{accord, assert_code, commit_all, git, json, stdout, write};
use serde_json::Value;
use std::path::Path;

const MANIFEST: &str = r#"[project]
name = "extension-platform"

[roles]
architects = ["alice"]

[gates.cold-load]
description = "Cold extension load, p95 (seed 002: < 200 ms)"
report = "perf/budget_summary.json"
selector = "runs[*].cold_ms"
aggregate = "p95"
comparison = "<"
threshold = 200
unit = "ms"
baseline = "perf/baseline.json"
regression_fail = 20

[gates.corpus-pass-rate]
report = "conformance/conformance_summary.json"
selector = "/pass_rate"
comparison = ">="
threshold = 80
unit = "%"
"#;

/// A report of 20 runs whose p95 (nearest rank: the 19th of 20) is `p95`.
fn budget(p95: u32) -> String {
    let mut runs: Vec<String> = (1..=18)
        .map(|i| format!("{{\"cold_ms\": {}}}", 50 + i))
        .collect();
    runs.push(format!("{{\"cold_ms\": {p95}}}"));
    runs.push(format!("{{\"cold_ms\": {}}}", p95 + 40));
    format!("{{\"runs\": [{}]}}\n", runs.join(", "))
}

fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "accord.toml", MANIFEST);
    write(root, "perf/baseline.json", budget(120));
    write(root, "perf/budget_summary.json", budget(120));
    write(
        root,
        "conformance/conformance_summary.json",
        "{\"pass_rate\": 91.9}\n",
    );
    git(root, &["init", "-q"]);
    commit_all(root, "baseline");
    tmp
}

fn judge(root: &Path) -> Value {
    let out = accord()
        .current_dir(root)
        .args([
            "check", "--base", "HEAD~1", "--head", "HEAD", "--format", "json",
        ])
        .output()
        .unwrap();
    json(&out)
}

fn conditions(report: &Value) -> Vec<(String, bool)> {
    report["decision"]["required_actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["condition"].as_str().unwrap().to_string(),
                a["blocking"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn gate_prints_one_row_per_gate_and_passes_a_clean_tree() {
    let tmp = repo();
    let out = accord()
        .current_dir(tmp.path())
        .arg("gate")
        .output()
        .unwrap();
    assert_code(&out, 0);
    let text = stdout(&out);
    let table: Vec<&str> = text.lines().take(3).collect();
    assert_eq!(
        table,
        [
            "gate              value   threshold  baseline  delta   verdict",
            "cold-load         120 ms  < 200 ms   120 ms    +0.0 %  PASS",
            "corpus-pass-rate  91.9%   >= 80%     —         —       PASS",
        ]
    );
}

#[test]
fn gate_renders_every_format_with_the_evaluations() {
    let tmp = repo();
    write(tmp.path(), "perf/budget_summary.json", budget(150));
    for format in ["json", "sarif", "github", "markdown", "junit", "human"] {
        let out = accord()
            .current_dir(tmp.path())
            .args(["gate", "cold-load", "--format", format])
            .output()
            .unwrap();
        assert_code(&out, 1);
        assert!(
            stdout(&out).contains("gate-regression"),
            "{format}: {}",
            stdout(&out)
        );
    }
    let out = accord()
        .current_dir(tmp.path())
        .args(["gate", "--format", "json"])
        .output()
        .unwrap();
    let report = json(&out);
    let gates = &report["details"]["gates"];
    assert_eq!(gates[0]["gate"], "cold-load");
    assert_eq!(gates[0]["value"], 150.0);
    assert_eq!(gates[0]["baseline"], 120.0);
    assert_eq!(gates[0]["verdict"], "REGRESSION");
    assert_eq!(gates[1]["verdict"], "PASS");
}

#[test]
fn an_unknown_gate_name_is_a_tool_error() {
    let tmp = repo();
    let out = accord()
        .current_dir(tmp.path())
        .args(["gate", "cold-laod"])
        .output()
        .unwrap();
    assert_code(&out, 2);
    assert!(
        common::stderr(&out).contains("no gate `cold-laod`; declared: cold-load, corpus-pass-rate")
    );
}

#[test]
fn check_fails_on_a_broken_gate_and_on_a_gate_that_cannot_read_its_report() {
    let tmp = repo();
    write(
        tmp.path(),
        "conformance/conformance_summary.json",
        "{\"pass_rate\": 79.5}\n",
    );
    let out = accord()
        .current_dir(tmp.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_code(&out, 1);
    assert_eq!(common::rules_of(&json(&out)), ["gate-failed"]);
    std::fs::remove_file(tmp.path().join("conformance/conformance_summary.json")).unwrap();
    let out = accord()
        .current_dir(tmp.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_code(&out, 1);
    assert_eq!(common::rules_of(&json(&out)), ["gate-error"]);
}

#[test]
fn a_gate_without_a_unit_stops_check_with_its_place_in_accord_toml() {
    let tmp = repo();
    write(
        tmp.path(),
        "accord.toml",
        MANIFEST.replace("unit = \"%\"\n", ""),
    );
    let out = accord()
        .current_dir(tmp.path())
        .arg("check")
        .output()
        .unwrap();
    assert_code(&out, 2);
    let err = common::stderr(&out);
    assert!(
        err.contains("`gates.corpus-pass-rate.unit` is required")
            && err.contains("accord.toml:18:1")
            && err.contains("[gates.corpus-pass-rate]"),
        "{err}"
    );
}

#[test]
fn a_p95_regression_of_25_percent_is_denied() {
    let tmp = repo();
    write(tmp.path(), "perf/budget_summary.json", budget(150));
    commit_all(tmp.path(), "slower loader");
    let report = judge(tmp.path());
    assert_eq!(report["decision"]["outcome"], "DENY");
    assert_eq!(conditions(&report), [("resolve_finding".to_string(), true)]);
    let reasons = report["decision"]["reasons"].to_string();
    assert!(
        reasons.contains("regressed from 120 to 150 ms (+25.0 %)"),
        "{reasons}"
    );
}

#[test]
fn a_p95_regression_of_15_percent_is_approved_on_condition_it_is_documented() {
    let tmp = repo();
    write(tmp.path(), "perf/budget_summary.json", budget(138));
    commit_all(tmp.path(), "signature checks");
    let report = judge(tmp.path());
    assert_eq!(report["decision"]["outcome"], "APPROVE_WITH_CONDITIONS");
    assert_eq!(
        conditions(&report),
        [("document_justification".to_string(), false)]
    );

    // The approval's justification is the documentation the condition asks for.
    let fingerprint = common::findings_of(&report, "gate-regression-justify")[0]["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    write(
        tmp.path(),
        "accord-approvals.toml",
        format!(
            "[approvals.{fingerprint}]\njustification = \"signature verification costs 18 ms; accepted for 0.4\"\napprover = \"alice\"\nexpires = \"2099-01-01\"\n"
        ),
    );
    commit_all(tmp.path(), "document the regression");
    let out = accord()
        .current_dir(tmp.path())
        .args([
            "check", "--base", "HEAD~2", "--head", "HEAD", "--format", "json",
        ])
        .output()
        .unwrap();
    let report = json(&out);
    assert_eq!(report["decision"]["outcome"], "APPROVE", "{report:#}");
    let reasons = report["decision"]["reasons"].to_string();
    assert!(
        reasons.contains("signature verification costs 18 ms"),
        "{reasons}"
    );
}

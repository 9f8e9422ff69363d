//! The harness for the gate rules: every rule has a `bad/` and a `clean/` repository under
//! `tests/fixtures/<rule-id>/`; every gate of every fixture is evaluated. A bad fixture must
//! raise its rule, a clean one nothing, and a gate compared with its own report as baseline
//! never regresses (the gates' "self-diff").

mod common;

use accord_gate::Baseline;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

#[test]
fn every_rule_has_a_bad_and_a_clean_fixture() {
    for rule in accord_gate::rules() {
        for side in ["bad", "clean"] {
            let dir = fixtures().join(rule.id).join(side);
            assert!(
                dir.join("accord.toml").is_file(),
                "missing fixture {}",
                dir.display()
            );
        }
    }
}

#[test]
fn bad_fixtures_raise_their_rule_and_clean_ones_nothing() {
    let mut seen = Vec::new();
    for rule in accord_gate::rules() {
        let (_, _, bad) = common::run(&fixtures().join(rule.id).join("bad"));
        assert!(
            bad.iter().any(|f| f.rule == rule.id),
            "{}/bad raised {:?}",
            rule.id,
            bad.iter().map(|f| &f.rule).collect::<Vec<_>>()
        );
        for f in &bad {
            let meta = accord_gate::rules()
                .iter()
                .find(|r| r.id == f.rule)
                .unwrap();
            assert_eq!(
                f.class, meta.class,
                "{}: class differs from the rule's",
                f.rule
            );
            assert!(
                !f.location.path.is_empty(),
                "{}: finding has no place: {f:?}",
                f.rule
            );
            // Gate findings point into accord.toml or the report; a file-level finding
            // (an untraced test file) is whole-file by nature.
            if meta.group == "gate" {
                assert!(
                    f.location.line > 0,
                    "{}: finding has no line: {f:?}",
                    f.rule
                );
            }
        }
        let (_, _, clean) = common::run(&fixtures().join(rule.id).join("clean"));
        assert!(clean.is_empty(), "{}/clean raised {clean:?}", rule.id);
        seen.push(format!(
            "{}: {}",
            rule.id,
            bad.iter()
                .find(|f| f.rule == rule.id)
                .map(|f| f.message.as_str())
                .unwrap_or_default()
        ));
    }
    // The wording of each rule's finding on its fixture, reviewed as one block.
    assert_eq!(
        seen.join("\n"),
        [
            "changelog-entry-missing: BREAKING `summarize` (symbol-removed) is not named in CHANGELOG.md under [Unreleased] or [0.4.0]",
            "cli-flag-removal-before-deprecation-window: CLI flag `pi check --base-rev` is removed in 0.3.0 but was never deprecated in a release: a CLI flag is deprecated for at least one minor release before it goes; earliest removal 0.4.0",
            "deprecation-history-unreadable: contracts/billing.yaml at release tag `v0.2.0` cannot be read (4:11: unknown status `depracated`): release 0.2.0 is not counted for contract `Billing`",
            "gate-error: gate `extension-load-max` could not be evaluated: perf/budget_summary.json: `/extensions/beta/load_ms` is the string \"fast\", not a number",
            "gate-failed: gate `cold-load`: p95 of `/cold_load/samples_ms` in perf/budget_summary.json is 231 ms, which breaks `< 200 ms`",
            "gate-regression: gate `cold-load`: p95 of `/cold_load/samples_ms` regressed from 120 to 150 ms (+25.0 %), more than the 20 % that blocks",
            "gate-regression-justify: gate `cold-load`: p95 of `/cold_load/samples_ms` regressed from 120 to 138 ms (+15.0 %), within the 20 % margin: document the regression",
            "gate-warning: gate `scenario-pass-rate`: `summary.pass_rate` in conformance/scenario_conformance.json is 86.5 %, which breaks `>= 90 %`",
            "release-tag-mismatch: release tag `v0.4.1` does not match the version 0.4.0 in Cargo.toml (expected `v0.4.0`)",
            "removal-before-deprecation-window: `pm_core::summarise` is removed in 1.4.0 but was deprecated in 1.3.0 and warned for 1 minor release(s) (1.3), fewer than 2, and after 1.0 removal waits for the next major (2.0.0): after 1.0 a deprecated API warns for two minor releases and goes only in the next major; earliest removal 2.0.0",
            "trace-entry-stale: requirement `REQ-LOAD-1` is older than its tests: tests/load.rs (3 day(s) later) changed after the entry was last changed in docs/traceability_matrix.json",
            "trace-history-unreadable: staleness of 2 traceability entries not checked: the repository is a shallow clone (`.git/shallow`), so the commits that last changed the entries and their tests may be missing",
            "trace-requirement-untested: requirement `REQ-DISPATCH-1` has no test",
            "trace-test-missing: requirement `REQ-LOAD-1` references `tests/load.rs::cold_load_fast`, but tests/load.rs has no test `cold_load_fast`",
            "trace-test-unclassified: test file tests/capabilities.rs belongs to no test suite (perf)",
            "trace-test-untraced: test file tests/extra_smoke.rs traces to no requirement in docs/traceability_matrix.json",
        ]
        .join("\n")
    );
}

#[test]
fn a_gate_against_its_own_report_as_baseline_never_regresses() {
    for rule in accord_gate::rules() {
        for side in ["bad", "clean"] {
            let dir = fixtures().join(rule.id).join(side);
            let (gates, _, _) = common::run(&dir);
            let root = accord_fs::Root::open(&dir).unwrap();
            for mut gate in gates {
                gate.baseline = Some(Baseline::Report {
                    path: gate.report.clone(),
                    selector: gate.selector.clone(),
                });
                let eval = accord_gate::evaluate(&root, &gate);
                let findings = eval.findings(&gate, "accord.toml", "");
                assert!(
                    !findings
                        .iter()
                        .any(|f| f.rule.starts_with("gate-regression")),
                    "{}: {findings:?}",
                    dir.display()
                );
            }
        }
    }
}

//! TestSmith as a new user meets it: the OpsHelm example is clean with its tests recorded,
//! the broken example reports its untested export at its span, and a breaking API change
//! that touches none of its pack's tests is denied with the tests that use the symbol.

mod common;

use common::*;
use std::fs;

#[test]
fn opshelm_is_clean_and_the_broken_example_reports_its_untested_export() {
    let out = accord()
        .current_dir(example("opshelm"))
        .args(["check", "--format", "json"])
        .output()
        .expect("runs");
    let report = json(&out);
    let tests_rules: Vec<String> = rules_of(&report)
        .into_iter()
        .filter(|r| r.starts_with("test-") || r == "provider-tests-untouched")
        .collect();
    assert!(tests_rules.is_empty(), "{tests_rules:?}");
    let out = accord()
        .current_dir(example("expansion-packs-broken"))
        .args(["check", "--format", "json"])
        .output()
        .expect("runs");
    let report = json(&out);
    let missing = findings_of(&report, "test-reference-missing");
    assert_eq!(missing.len(), 1, "{missing:#?}");
    let at = &missing[0]["location"];
    assert_eq!(
        (
            at["path"].as_str(),
            at["line"].as_u64(),
            at["column"].as_u64()
        ),
        (
            Some("expansion-packs/innerlens/innerlens/profile.py"),
            Some(6),
            Some(5)
        )
    );
}

#[test]
fn a_breaking_change_without_a_provider_test_change_is_denied_with_the_tests_that_use_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    copy_tree(&example("opshelm"), root);
    git(root, &["init", "-q"]);
    commit_all(root, "baseline");
    let path = root.join("crates/pm-core/src/decision.rs");
    let text = fs::read_to_string(&path).expect("decision.rs");
    let old = "pub fn decide(changes: Vec<SignatureChange>, tests_touched: bool, gates: &[&dyn Gate]) -> Decision {";
    assert!(text.contains(old), "the example's decide() changed");
    fs::write(
        &path,
        text.replacen(
            old,
            "pub fn decide(changes: Vec<SignatureChange>, tests_touched: bool, gates: &[&dyn Gate], strict: bool) -> Decision {\n    let _ = strict;",
            1,
        ),
    )
    .expect("write");
    let out = accord()
        .current_dir(root)
        .args(["surface", "snapshot"])
        .output()
        .expect("runs");
    assert_code(&out, 0);
    commit_all(root, "decide takes strict, no test touched");
    let out = accord()
        .current_dir(root)
        .args([
            "check", "--base", "HEAD~1", "--head", "HEAD", "--format", "json",
        ])
        .output()
        .expect("runs");
    let report = json(&out);
    assert_eq!(report["decision"]["outcome"], "DENY", "{report:#}");
    let untouched = findings_of(&report, "provider-tests-untouched");
    assert_eq!(untouched.len(), 1, "{untouched:#?}");
    let action = report["decision"]["required_actions"]
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| {
            a["condition"] == "tests_updated"
                && a["action"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("Update the tests in this change"))
                && a["blocking"] == true
        })
        .unwrap_or_else(|| panic!("{:#}", report["decision"]["required_actions"]));
    assert!(
        action["action"]
            .as_str()
            .unwrap()
            .contains("crates/pm-core/tests/decide.rs:"),
        "{action:#}"
    );

    // Touching a test of pm-core meets it.
    let test = root.join("crates/pm-core/tests/decide.rs");
    let mut text = fs::read_to_string(&test).expect("test");
    text.push_str("\n// decide() takes `strict` now.\n");
    fs::write(&test, text).expect("write");
    commit_all(root, "tests follow");
    let out = accord()
        .current_dir(root)
        .args([
            "check", "--base", "HEAD~2", "--head", "HEAD", "--format", "json",
        ])
        .output()
        .expect("runs");
    let report = json(&out);
    assert!(
        findings_of(&report, "provider-tests-untouched").is_empty(),
        "{report:#}"
    );
}

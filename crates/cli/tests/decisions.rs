//! Decisions on code contracts through `check --base`, as a new user would meet them on the
//! OpsHelm example: a breaking API change must never be approved without the version bump
//! the ecosystem requires, and a recorded decision must recompute from its revisions.

mod common;

use common::*;
use serde_json::Value;
use std::fs;
use std::path::Path;

/// A git repository holding a copy of `examples/opshelm`, with `pm-core` at `version`.
fn opshelm_repo(version: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_tree(&example("opshelm"), tmp.path());
    fs::remove_file(tmp.path().join("demo.sh")).expect("demo.sh");
    set_package_version(tmp.path(), version);
    let out = accord()
        .current_dir(tmp.path())
        .args(["surface", "snapshot"])
        .output()
        .expect("runs");
    assert_code(&out, 0);
    git(tmp.path(), &["init", "-q"]);
    commit_all(tmp.path(), "baseline");
    tmp
}

fn set_package_version(root: &Path, version: &str) {
    let path = root.join("crates/pm-core/Cargo.toml");
    let text = fs::read_to_string(&path).expect("Cargo.toml");
    let start = text.find("version = \"").expect("version line") + "version = \"".len();
    let end = start + text[start..].find('"').expect("closing quote");
    fs::write(
        &path,
        format!("{}{version}{}", &text[..start], &text[end..]),
    )
    .expect("write");
}

/// `pm_core::decide` gains a required parameter: a BREAKING change for every caller.
fn break_decide(root: &Path) {
    let path = root.join("crates/pm-core/src/decision.rs");
    let text = fs::read_to_string(&path).expect("decision.rs");
    let old = "pub fn decide(changes: Vec<SignatureChange>, tests_touched: bool, gates: &[&dyn Gate]) -> Decision {";
    assert!(text.contains(old), "the example's decide() changed");
    let new = "pub fn decide(changes: Vec<SignatureChange>, tests_touched: bool, gates: &[&dyn Gate], strict: bool) -> Decision {\n    let _ = strict;";
    fs::write(&path, text.replacen(old, new, 1)).expect("write");
}

/// Meets every other condition policy sets for a BREAKING change: tests of the provider,
/// the consumers touched, a migration plan in the code contract.
fn meet_other_conditions(root: &Path) {
    let tests = root.join("crates/pm-core/tests/classify.rs");
    let mut text = fs::read_to_string(&tests).expect("tests");
    text.push_str("\n// decide() now takes `strict`.\n");
    fs::write(&tests, text).expect("write");
    for consumer in [
        "packages/agents/tests/test_triage.py",
        "packages/web-sdk/src/index.ts",
        "crates/pm-cli/src/main.rs",
    ] {
        let path = root.join(consumer);
        let mut text = fs::read_to_string(&path).expect("consumer file");
        text.push_str("\n// follows pm-core's strict decide()\n");
        fs::write(&path, text).expect("write");
    }
    let contract = root.join("contracts/pm-core-agents-web-sdk-pm-cli-v1.0.0.yaml");
    let text = fs::read_to_string(&contract).expect("contract");
    let text = text.replace(
        "  backward_compatibility:",
        "  migration_plan: \"Callers pass `strict: false` to keep today's behaviour.\"\n\n  backward_compatibility:",
    );
    fs::write(&contract, text).expect("write");
}

fn snapshot_and_commit(root: &Path, message: &str) {
    let out = accord()
        .current_dir(root)
        .args(["surface", "snapshot"])
        .output()
        .expect("runs");
    assert_code(&out, 0);
    commit_all(root, message);
}

fn check_commit(root: &Path, extra: &[&str]) -> std::process::Output {
    accord()
        .current_dir(root)
        .args([
            "check", "--base", "HEAD~1", "--head", "HEAD", "--format", "json",
        ])
        .args(extra)
        .output()
        .expect("runs")
}

fn conditions(report: &Value) -> Vec<(String, bool)> {
    report["decision"]["required_actions"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| {
            (
                a["condition"].as_str().unwrap_or_default().to_string(),
                a["blocking"].as_bool().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn breaking_code_change_without_a_version_bump_is_denied_as_an_integration_change() {
    let repo = opshelm_repo("1.2.0");
    let root = repo.path();
    break_decide(root);
    meet_other_conditions(root);
    snapshot_and_commit(root, "decide takes strict");
    let out = check_commit(root, &[]);
    assert_code(&out, 1);
    let report = json(&out);
    assert_eq!(report["decision"]["outcome"], "DENY", "{report:#}");
    assert!(
        conditions(&report).contains(&("registry_bumped".to_string(), true)),
        "{:#?}",
        report["decision"]["required_actions"]
    );
    assert_eq!(
        report["decision"]["epic_class"], "integration",
        "{report:#}"
    );
    let action = report["decision"]["required_actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["condition"] == "registry_bumped")
        .unwrap();
    assert!(
        action["action"].as_str().unwrap().contains("1.2.0 → 1.2.0"),
        "{action:#}"
    );
}

#[test]
fn breaking_code_change_with_the_required_bump_is_not_denied() {
    for (from, to) in [("1.2.3", "2.0.0"), ("0.8.9", "0.9.0")] {
        let repo = opshelm_repo(from);
        let root = repo.path();
        break_decide(root);
        meet_other_conditions(root);
        set_package_version(root, to);
        snapshot_and_commit(root, "decide takes strict, major release");
        let out = check_commit(root, &[]);
        let report = json(&out);
        assert_ne!(
            report["decision"]["outcome"], "DENY",
            "{from} → {to}: {:#}",
            report["decision"]
        );
        assert!(
            !conditions(&report)
                .iter()
                .any(|(c, _)| c == "registry_bumped"),
            "{from} → {to}: {:#}",
            report["decision"]
        );
        assert_code(&out, 0);
    }
}

#[test]
fn a_zero_minor_step_is_not_enough_below_one_zero_zero_patch() {
    // 0.8.9 → 0.8.10 only adds under Cargo's convention: a breaking change needs 0.9.0.
    let repo = opshelm_repo("0.8.9");
    let root = repo.path();
    break_decide(root);
    meet_other_conditions(root);
    set_package_version(root, "0.8.10");
    snapshot_and_commit(root, "decide takes strict, as a patch");
    let report = json(&check_commit(root, &[]));
    assert_eq!(report["decision"]["outcome"], "DENY");
    assert!(conditions(&report).contains(&("registry_bumped".to_string(), true)));
}

#[test]
fn a_removed_function_is_located_in_the_base_revision() {
    let repo = opshelm_repo("1.2.0");
    let root = repo.path();
    let base_text = fs::read_to_string(root.join("crates/pm-core/src/decision.rs")).unwrap();
    let line = base_text
        .lines()
        .position(|l| l.starts_with("pub fn decide("))
        .unwrap()
        + 1;
    // Remove decide() and its re-export: the head file no longer has that line's content.
    let decide_at = base_text.find("pub fn decide(").unwrap();
    let body_end = decide_at + base_text[decide_at..].find("\n}\n").unwrap() + 3;
    let text = format!("{}{}", &base_text[..decide_at], &base_text[body_end..]);
    fs::write(root.join("crates/pm-core/src/decision.rs"), text).unwrap();
    let lib = fs::read_to_string(root.join("crates/pm-core/src/lib.rs")).unwrap();
    fs::write(
        root.join("crates/pm-core/src/lib.rs"),
        lib.replace("decide, ", "").replace(", decide", ""),
    )
    .unwrap();
    snapshot_and_commit(root, "remove decide");
    let base_commit = git(root, &["rev-parse", "HEAD~1"]).trim().to_string();
    let report = json(&check_commit(root, &[]));
    let removed: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["rule"] == "symbol-removed" && f["message"].as_str().unwrap().contains("decide")
        })
        .collect();
    assert!(!removed.is_empty(), "{report:#}");
    for f in removed {
        assert_eq!(f["location"]["revision"], base_commit.as_str(), "{f:#}");
        assert_eq!(
            f["location"]["path"], "crates/pm-core/src/decision.rs",
            "{f:#}"
        );
        assert_eq!(f["location"]["line"], line, "{f:#}");
    }
}

#[test]
fn a_recorded_decision_recomputes_from_its_commits_after_the_tree_moved_on() {
    let repo = opshelm_repo("1.2.0");
    let root = repo.path();
    break_decide(root);
    snapshot_and_commit(root, "decide takes strict");
    let out = check_commit(root, &["--record", "--ledger", ".accord/ledger.db"]);
    assert_code(&out, 1);
    let dir = root.join("decisions");
    let record_path = fs::read_dir(&dir)
        .expect("decisions/ written")
        .next()
        .expect("one record")
        .expect("entry")
        .path();
    // The working tree moves on: another commit and uncommitted edits.
    fs::write(
        root.join("crates/pm-core/src/extra.rs"),
        "pub fn more() {}\n",
    )
    .unwrap();
    snapshot_and_commit(root, "later work");
    fs::write(
        root.join("contracts/pm-core-agents-web-sdk-pm-cli-v1.0.0.yaml"),
        "not: [a contract",
    )
    .unwrap();
    let verify = |path: &Path| {
        accord()
            .current_dir(root)
            .args(["decision", "verify"])
            .arg(path)
            .output()
            .expect("runs")
    };
    let out = verify(&record_path);
    assert_code(&out, 0);
    assert!(stdout(&out).contains("reproduces"), "{}", stdout(&out));

    let mut record: Value =
        serde_json::from_str(&fs::read_to_string(&record_path).unwrap()).unwrap();
    record["decision"]["outcome"] = Value::from("APPROVE");
    fs::write(&record_path, serde_json::to_string_pretty(&record).unwrap()).unwrap();
    let out = verify(&record_path);
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("/decision/outcome"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_clean_working_tree_check_records_its_commit() {
    let repo = opshelm_repo("1.2.0");
    let root = repo.path();
    break_decide(root);
    snapshot_and_commit(root, "decide takes strict");
    let out = accord()
        .current_dir(root)
        .args([
            "check",
            "--base",
            "HEAD~1",
            "--format",
            "json",
            "--record",
            "--ledger",
            ".accord/ledger.db",
        ])
        .output()
        .expect("runs");
    assert_code(&out, 1);
    let head = git(root, &["rev-parse", "HEAD"]).trim().to_string();
    let record_path = fs::read_dir(root.join("decisions"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let record: Value = serde_json::from_str(&fs::read_to_string(&record_path).unwrap()).unwrap();
    assert_eq!(record["head"]["commit"], head.as_str());
    let out = accord()
        .current_dir(root)
        .args(["decision", "verify"])
        .arg(&record_path)
        .output()
        .expect("runs");
    assert_code(&out, 0);
}

#[test]
fn a_code_pack_without_a_committed_surface_is_a_finding() {
    let repo = opshelm_repo("1.2.0");
    let root = repo.path();
    fs::remove_file(root.join("contracts/agents.surface.json")).unwrap();
    let out = accord()
        .current_dir(root)
        .args(["check", "--format", "json"])
        .output()
        .expect("runs");
    assert_code(&out, 1);
    let report = json(&out);
    let missing = findings_of(&report, "surface-snapshot-missing");
    assert_eq!(missing.len(), 1, "{report:#}");
    assert!(missing[0]["message"].as_str().unwrap().contains("`agents`"));
}

#[test]
fn surface_snapshot_names_every_pack_it_could_not_snapshot() {
    let repo = opshelm_repo("1.2.0");
    let root = repo.path();
    let manifest = fs::read_to_string(root.join("accord.toml")).unwrap();
    let manifest = manifest
        .replace("root = \"packages/agents\"", "root = \"packages/nowhere\"")
        .replace("root = \"packages/web-sdk\"", "root = \"packages/gone\"");
    fs::write(root.join("accord.toml"), manifest).unwrap();
    let out = accord()
        .current_dir(root)
        .args(["surface", "snapshot"])
        .output()
        .expect("runs");
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("agents:") && err.contains("web-sdk:"), "{err}");
    assert!(err.contains("2 packs not snapshotted"), "{err}");
    // The pack that could be snapshotted was.
    assert!(stdout(&out).contains("pm-core:"), "{}", stdout(&out));
}

#[test]
fn a_committed_symlink_in_place_of_a_snapshot_is_replaced_not_written_through() {
    let repo = opshelm_repo("1.2.0");
    let root = repo.path();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.txt");
    fs::write(&victim, "keep me\n").unwrap();
    let snapshot = root.join("contracts/pm-core.surface.txt");
    fs::remove_file(&snapshot).unwrap();
    std::os::unix::fs::symlink(&victim, &snapshot).unwrap();
    let out = accord()
        .current_dir(root)
        .args(["surface", "snapshot"])
        .output()
        .expect("runs");
    assert_code(&out, 0);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me\n");
    assert!(!fs::symlink_metadata(&snapshot).unwrap().is_symlink());
}

#[test]
fn an_override_of_a_rule_that_does_not_exist_is_an_error_not_a_silent_no_op() {
    let repo = opshelm_repo("1.2.0");
    let root = repo.path();
    let manifest = root.join("accord.toml");
    let mut text = fs::read_to_string(&manifest).unwrap();
    text.push_str("\n[policy.rules]\nsymbol-remove = \"RISKY\"\n");
    fs::write(&manifest, text).unwrap();
    break_decide(root);
    snapshot_and_commit(root, "decide takes strict, and a typo in the policy");
    let out = check_commit(root, &[]);
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("`symbol-remove` is not a rule"), "{err}");
    assert!(err.contains("did you mean `symbol-removed`?"), "{err}");
}

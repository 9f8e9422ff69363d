//! Acceptance checks of the change-engine issue: `accord check --base` on throwaway git
//! repositories built from `examples/expansion-packs`, decisions, records and the ledger.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use serde_json::Value;

const CONTRACTS: &str = "docs/expansion-packs/contracts";
const VOICE_V1: &str = "docs/expansion-packs/contracts/mmos-creator-os-v1.0.0.yaml";

/// The voice contract of the example with its required section "Communication Style" removed.
fn voice_without_communication_style(root: &Path) -> String {
    let text = fs::read_to_string(root.join(VOICE_V1)).expect("voice contract");
    let block = "      - name: \"Communication Style\"\n        format: \"Markdown heading level 2\"\n        content: \"Synthesis phase output\"\n\n";
    assert!(
        text.contains(block),
        "the example's voice contract changed; update this test"
    );
    text.replacen(block, "", 1)
}

fn set_version(text: &str, version: &str) -> String {
    let old = "  version: \"1.0.0\"\n";
    assert!(text.contains(old));
    text.replacen(old, &format!("  version: \"{version}\"\n"), 1)
}

fn add_history(text: &str, version: &str, change: &str) -> String {
    assert!(text.contains("  breaking_changes_history:\n"));
    // The history is the last block of the example's contracts, so appending extends it.
    format!(
        "{}\n    - version: \"{version}\"\n      date: \"2025-11-20\"\n      change: \"{change}\"\n",
        text.trim_end_matches('\n')
    )
}

/// Replaces the v1.0.0 voice contract by `text` under the file name of `version`.
fn replace_voice(root: &Path, version: &str, text: &str) {
    fs::remove_file(root.join(VOICE_V1)).expect("remove v1");
    write(
        root,
        &format!("{CONTRACTS}/mmos-creator-os-v{version}.yaml"),
        text,
    );
}

/// What the example's `[governance]` asks of a change to MMOS's voice contract besides the
/// contract: regenerated documents and CODEOWNERS, MMOS's README, an integration test.
fn meet_governance(root: &Path) {
    for command in ["docs", "codeowners"] {
        let out = accord()
            .current_dir(root)
            .arg(command)
            .output()
            .expect("runs");
        assert_code(&out, 0);
    }
    let readme = root.join("expansion-packs/mmos/README.md");
    let mut text = fs::read_to_string(&readme).expect("mmos README");
    text.push_str(
        "
The voice contract changed; see the registry.
",
    );
    fs::write(&readme, text).expect("write");
    write(
        root,
        "tests/integration/mmos-creator-os-voice-change.test.js",
        "// exercises the changed voice contract end to end\n",
    );
}

fn check_base(root: &Path, extra: &[&str]) -> std::process::Output {
    accord()
        .current_dir(root)
        .args([
            "check", "--base", "HEAD~1", "--head", "HEAD", "--format", "json",
        ])
        .args(extra)
        .output()
        .expect("runs")
}

fn outcome(report: &Value) -> &str {
    report["decision"]["outcome"]
        .as_str()
        .unwrap_or_else(|| panic!("report has no decision outcome: {report}"))
}

/// Scenario (a): a required section removed under a MINOR bump.
fn minor_removal_repo() -> tempfile::TempDir {
    let repo = example_repo();
    let root = repo.path();
    let text = set_version(&voice_without_communication_style(root), "1.1.0");
    replace_voice(root, "1.1.0", &text);
    meet_governance(root);
    commit_all(root, "drop Communication Style as a minor");
    repo
}

#[test]
fn removed_required_section_with_minor_bump_is_denied() {
    let repo = minor_removal_repo();
    let out = check_base(repo.path(), &[]);
    assert_code(&out, 1);
    let report = json(&out);
    assert_eq!(outcome(&report), "DENY", "{report:#}");

    let removed = findings_of(&report, "required-removed");
    assert_eq!(removed.len(), 1, "{report:#}");
    let f = removed[0];
    assert_eq!(f["class"], "BREAKING");
    assert_eq!(f["required_bump"], "major");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("Communication Style")),
        "{f}"
    );
    let impacted: Vec<&str> = f["impacted"]
        .as_array()
        .expect("impacted")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(impacted.contains(&"creator-os"), "{f}");

    // The bump is too small, and the decision says so and names the consumer.
    assert!(
        !findings_of(&report, "version-bump-insufficient").is_empty(),
        "{report:#}"
    );
    assert_eq!(report["summary"]["required_bump"], "major");
    let decision = &report["decision"];
    assert!(
        decision["impacted_consumers"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c == "creator-os")),
        "{decision:#}"
    );
    let reasons = decision["reasons"].to_string();
    assert!(reasons.contains("required-removed"), "{reasons}");
    assert!(
        decision["required_actions"]
            .as_array()
            .is_some_and(|a| !a.is_empty()),
        "{decision:#}"
    );
}

#[test]
fn removed_required_section_with_major_bump_and_evidence_is_approved() {
    let repo = example_repo();
    let root = repo.path();
    let text = voice_without_communication_style(root);
    let text = set_version(&text, "2.0.0");
    let text = text.replacen(
        "  backward_compatibility:\n",
        "  migration_plan: \"CreatorOS reads the voice from Cognitive Patterns until it regenerates prompts\"\n\n  backward_compatibility:\n",
        1,
    );
    let text = add_history(&text, "2.0.0", "Removed Communication Style");
    replace_voice(root, "2.0.0", &text);
    // The consumer is updated and the provider's tests are touched in the same change.
    let readme = root.join("expansion-packs/creator-os/README.md");
    let mut consumer = fs::read_to_string(&readme).expect("creator-os README");
    consumer.push_str("\nReads voice from Cognitive Patterns (voice contract v2.0.0).\n");
    fs::write(&readme, consumer).expect("write");
    write(
        root,
        "expansion-packs/mmos/tests/voice_v2.md",
        "Checks that generalista.md keeps Cognitive Patterns.\n",
    );
    meet_governance(root);
    commit_all(root, "drop Communication Style as a major");

    let out = check_base(root, &[]);
    let report = json(&out);
    let outcome = outcome(&report);
    assert!(
        outcome == "APPROVE" || outcome == "APPROVE_WITH_CONDITIONS",
        "{report:#}"
    );
    assert_code(&out, 0);
    // The change is still classified BREAKING: it is approved, not hidden.
    assert_eq!(findings_of(&report, "required-removed").len(), 1);
    assert!(findings_of(&report, "version-bump-insufficient").is_empty());
    assert_eq!(report["summary"]["required_bump"], "major");
    let blocking: Vec<&Value> = report["decision"]["required_actions"]
        .as_array()
        .expect("required_actions")
        .iter()
        .filter(|a| a["blocking"] == true)
        .collect();
    assert!(blocking.is_empty(), "{blocking:#?}");
}

#[test]
fn optional_section_added_with_minor_bump_is_approved() {
    let repo = example_repo();
    let root = repo.path();
    let text = fs::read_to_string(root.join(VOICE_V1)).expect("voice");
    let anchor = "  backward_compatibility:\n";
    assert!(text.contains(anchor));
    let text = text.replacen(
        anchor,
        "      - name: \"Signature Phrases\"\n        format: \"Markdown heading level 2\"\n        content: \"Phrases the mind often uses\"\n        added_in: \"1.1.0\"\n\n  backward_compatibility:\n",
        1,
    );
    let text = set_version(&text, "1.1.0");
    let text = add_history(&text, "1.1.0", "Added optional section Signature Phrases");
    replace_voice(root, "1.1.0", &text);
    meet_governance(root);
    commit_all(root, "optional section");

    // Without the reviews the change needs, it is approved on that condition only.
    let out = check_base(root, &[]);
    let report = json(&out);
    assert_eq!(outcome(&report), "APPROVE_WITH_CONDITIONS", "{report:#}");
    let reviewers: Vec<&str> = report["decision"]["required_reviewers"]
        .as_array()
        .expect("required_reviewers")
        .iter()
        .filter_map(|r| r["role"].as_str())
        .collect();
    assert_eq!(
        reviewers,
        [
            "integration owner of `MMOS → CreatorOS Voice Integration`",
            "maintainer of pack `mmos`"
        ]
    );

    let body_dir = tempfile::tempdir().expect("tempdir");
    let body = body_dir.path().join("body.md");
    fs::write(
        &body,
        "Contract Impact: SAFE\n\nReviewed-by: @mmos-creator-os-owner, @mmos-maintainer\n",
    )
    .expect("write body");
    let out = check_base(root, &["--pr-body", body.to_str().expect("utf-8 path")]);
    let report = json(&out);
    assert_eq!(outcome(&report), "APPROVE", "{report:#}");
    assert_code(&out, 0);
    assert_eq!(report["summary"]["by_class"]["BREAKING"], 0, "{report:#}");
    assert_eq!(report["summary"]["required_bump"], "minor", "{report:#}");
}

#[test]
fn recorded_decisions_verify_and_tampering_is_detected() {
    let repo = minor_removal_repo();
    let root = repo.path();
    let out = check_base(root, &["--record", "--ledger", ".accord/ledger.db"]);
    assert_code(&out, 1);
    let report = json(&out);

    let dir = root.join("decisions");
    let records: Vec<_> = fs::read_dir(&dir)
        .expect("decisions/ written")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(records.len(), 1, "{records:?}");
    let record_path = &records[0];
    let record: Value =
        serde_json::from_str(&fs::read_to_string(record_path).expect("read")).expect("JSON");
    let id = record["id"].as_str().expect("id");
    assert_eq!(
        record_path.file_name().and_then(|n| n.to_str()),
        Some(format!("{id}.json").as_str())
    );
    assert_eq!(record["decision"]["outcome"], report["decision"]["outcome"]);

    // The record validates against the published decision schema.
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(repo_root().join("docs/schemas/decision.schema.json"))
            .expect("decision schema"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&record)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let verify = |path: &Path| {
        accord()
            .current_dir(root)
            .args(["decision", "verify"])
            .arg(path)
            .output()
            .expect("runs")
    };
    assert_code(&verify(record_path), 0);

    // Editing the outcome must be caught.
    let mut edited = record.clone();
    edited["decision"]["outcome"] = Value::from("APPROVE");
    fs::write(
        record_path,
        serde_json::to_string_pretty(&edited).expect("serialise"),
    )
    .expect("write");
    let out = verify(record_path);
    assert_code(&out, 1);
    assert!(
        format!("{}{}", stdout(&out), stderr(&out)).contains("outcome"),
        "the difference is named"
    );

    // The ledger holds the entry; editing it in the database is detected.
    let ledger = |root: &Path| {
        accord()
            .current_dir(root)
            .args(["ledger", "verify"])
            .output()
            .expect("runs")
    };
    let out = ledger(root);
    assert_code(&out, 0);
    let db = root.join(".accord/ledger.db");
    {
        let conn = rusqlite::Connection::open(&db).expect("open ledger");
        let changed = conn
            .execute(
                "UPDATE accord_ledger SET decision = replace(decision, 'DENY', 'APPROVE')",
                [],
            )
            .expect("tamper");
        assert_eq!(changed, 1);
    }
    let out = ledger(root);
    assert_code(&out, 1);
    assert!(
        format!("{}{}", stdout(&out), stderr(&out)).contains("entry 1"),
        "the tampered entry is named: {}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn deleting_a_ledger_entry_is_detected() {
    let repo = minor_removal_repo();
    let root = repo.path();
    // Two records, so that dropping the first leaves a dangling chain.
    assert_code(
        &check_base(root, &["--record", "--ledger", ".accord/ledger.db"]),
        1,
    );
    assert_code(
        &check_base(root, &["--record", "--ledger", ".accord/ledger.db"]),
        1,
    );
    let verify = || {
        accord()
            .current_dir(root)
            .args(["ledger", "verify"])
            .output()
            .expect("runs")
    };
    let out = verify();
    assert_code(&out, 0);
    assert!(stdout(&out).contains("2 entries"), "{}", stdout(&out));
    {
        let conn = rusqlite::Connection::open(root.join(".accord/ledger.db")).expect("open ledger");
        let deleted = conn
            .execute("DELETE FROM accord_ledger WHERE seq = 1", [])
            .expect("delete");
        assert_eq!(deleted, 1);
    }
    assert_code(&verify(), 1);
}

#[test]
fn unknown_base_revision_is_an_operational_error() {
    let repo = example_repo();
    let out = accord()
        .current_dir(repo.path())
        .args(["check", "--base", "no-such-rev-4711"])
        .output()
        .expect("runs");
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("no-such-rev-4711"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn pr_body_declaring_safe_on_a_breaking_change_is_a_finding() {
    let repo = minor_removal_repo();
    let root = repo.path();
    // Outside the repository, as a CI job would write it.
    let body_dir = tempfile::tempdir().expect("tempdir");
    let body = body_dir.path().join("pr-body.md");
    fs::write(
        &body,
        "## Summary\nDrops a section.\n\nContract Impact: SAFE\n\n## Review notes\nLooked at it.\n",
    )
    .expect("write body");
    let out = check_base(root, &["--pr-body", body.to_str().expect("utf-8 path")]);
    assert_code(&out, 1);
    let report = json(&out);
    let declared: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            f["rule"]
                .as_str()
                .is_some_and(|r| r.contains("declaration"))
        })
        .collect();
    assert_eq!(declared.len(), 1, "{report:#}");
    let message = declared[0]["message"].as_str().expect("message");
    assert!(
        message.contains("SAFE") && message.contains("BREAKING"),
        "{message}"
    );

    // Declaring BREAKING honestly raises no such finding.
    fs::write(&body, "Contract Impact: BREAKING\n").expect("write body");
    let out = check_base(root, &["--pr-body", body.to_str().expect("utf-8 path")]);
    let report = json(&out);
    assert!(
        !rules_of(&report).iter().any(|r| r.contains("declaration")),
        "{report:#}"
    );
}

#[test]
fn an_unchanged_head_raises_no_change_findings() {
    let repo = example_repo();
    let out = accord()
        .current_dir(repo.path())
        .args(["check", "--base", "HEAD", "--format", "json"])
        .output()
        .expect("runs");
    assert_code(&out, 0);
    let report = json(&out);
    assert_eq!(report["summary"]["findings"], 0, "{report:#}");
    assert_eq!(outcome(&report), "APPROVE");
}

/// The fingerprint of the single finding of `rule` in `report`.
fn fingerprint(report: &Value, rule: &str) -> String {
    let hits = findings_of(report, rule);
    assert_eq!(hits.len(), 1, "{report:#}");
    hits[0]["fingerprint"]
        .as_str()
        .expect("fingerprint")
        .to_string()
}

fn approval(fingerprint: &str, approver: &str, expires: &str) -> String {
    format!(
        "[approvals.{fingerprint}]\njustification = \"reviewed\"\napprover = \"{approver}\"\nexpires = \"{expires}\"\n\n"
    )
}

#[test]
fn approvals_by_the_integration_owner_lift_the_denial_and_bad_ones_are_findings() {
    let repo = minor_removal_repo();
    let root = repo.path();
    let report = json(&check_base(root, &[]));
    let removed = fingerprint(&report, "required-removed");
    let bump = fingerprint(&report, "version-bump-insufficient");
    let history = fingerprint(&report, "registry-missing-history");

    // Fingerprints do not depend on line numbers, so they survive the extra commit below.
    let approvals = [
        approval(&removed, "mmos-creator-os-owner", "2099-12-31"),
        approval(&bump, "mmos-creator-os-owner", "2099-12-31"),
        approval(&history, "someone-else", "2099-12-31"),
        approval("deadbeefdeadbeef", "mmos-creator-os-owner", "2099-12-31"),
    ]
    .concat();
    write(root, "accord-approvals.toml", &approvals);
    // Amend so that base..head is still the one change, now with its approvals.
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "--amend", "--no-edit"]);

    let out = check_base(root, &[]);
    let report = json(&out);
    assert_ne!(outcome(&report), "DENY", "{report:#}");
    assert_eq!(fingerprint(&report, "required-removed"), removed);
    let reasons = report["decision"]["reasons"].to_string();
    assert!(reasons.contains("mmos-creator-os-owner"), "{reasons}");

    let unauthorized = findings_of(&report, "policy-approval-unauthorized");
    assert_eq!(unauthorized.len(), 1, "{report:#}");
    assert_eq!(unauthorized[0]["location"]["path"], "accord-approvals.toml");
    assert_eq!(unauthorized[0]["location"]["line"], 11);
    let unknown = findings_of(&report, "policy-approval-unknown-fingerprint");
    assert_eq!(unknown.len(), 1, "{report:#}");
    assert!(
        unknown[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("deadbeefdeadbeef")),
        "{report:#}"
    );
}

#[test]
fn an_expired_approval_does_not_lift_the_denial() {
    let repo = minor_removal_repo();
    let root = repo.path();
    let report = json(&check_base(root, &[]));
    let approvals = [
        approval(
            &fingerprint(&report, "required-removed"),
            "mmos-creator-os-owner",
            "2001-01-01",
        ),
        approval(
            &fingerprint(&report, "version-bump-insufficient"),
            "mmos-creator-os-owner",
            "2001-01-01",
        ),
    ]
    .concat();
    write(root, "accord-approvals.toml", &approvals);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "--amend", "--no-edit"]);

    let out = check_base(root, &[]);
    assert_code(&out, 1);
    let report = json(&out);
    assert_eq!(outcome(&report), "DENY", "{report:#}");
    assert_eq!(
        findings_of(&report, "policy-approval-expired").len(),
        2,
        "{report:#}"
    );
}

#[test]
fn malformed_pr_declaration_is_a_finding_naming_the_body() {
    let repo = minor_removal_repo();
    let body_dir = tempfile::tempdir().expect("tempdir");
    let body = body_dir.path().join("body.md");
    fs::write(&body, "Intro\nContract Impact: MAYBE\n").expect("write body");
    let out = check_base(
        repo.path(),
        &["--pr-body", body.to_str().expect("utf-8 path")],
    );
    let report = json(&out);
    let f = findings_of(&report, "policy-pr-declaration-malformed");
    assert_eq!(f.len(), 1, "{report:#}");
    assert_eq!(f[0]["location"]["line"], 2, "{:#}", f[0]);
    assert!(
        f[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("MAYBE")),
        "{:#}",
        f[0]
    );
}

/// A head where the voice contract no longer parses and another contract loses a required
/// field: the second must still be classified.
fn unparsable_head_repo() -> tempfile::TempDir {
    let repo = example_repo();
    let root = repo.path();
    write(
        root,
        VOICE_V1,
        "contract:\n  name: \"MMOS → CreatorOS Voice Integration\n  version: [\n",
    );
    let etl = root.join(format!("{CONTRACTS}/etl-mmos-v1.0.0.yaml"));
    let text = fs::read_to_string(&etl).expect("etl contract");
    let line = "      - mind.name: \"Display name of the mind\"\n";
    assert!(text.contains(line), "the example's ETL contract changed");
    fs::write(&etl, text.replacen(line, "", 1)).expect("write");
    commit_all(root, "break one contract, change another");
    repo
}

#[test]
fn a_contract_unparsable_at_head_is_a_finding_and_the_run_continues() {
    let repo = unparsable_head_repo();
    let out = check_base(repo.path(), &[]);
    assert_code(&out, 1);
    let report = json(&out);
    let parse: Vec<&Value> = findings_of(&report, "registry-parse-error")
        .into_iter()
        .filter(|f| f["location"]["path"] == VOICE_V1)
        .collect();
    assert!(!parse.is_empty(), "{report:#}");
    assert!(
        parse
            .iter()
            .any(|f| f["location"]["line"].as_u64().is_some_and(|l| l >= 2)),
        "no parse finding carries the position: {parse:#?}"
    );
    // The other contract's change was still classified.
    let removed = findings_of(&report, "required-removed");
    assert!(
        removed.iter().any(|f| f["message"]
            .as_str()
            .is_some_and(|m| m.contains("mind.name"))),
        "{report:#}"
    );
    assert_eq!(outcome(&report), "DENY");
}

#[test]
fn a_contract_unparsable_at_head_is_reported_once_and_not_as_removed() {
    let repo = unparsable_head_repo();
    let report = json(&check_base(repo.path(), &[]));
    let parse: Vec<&Value> = findings_of(&report, "registry-parse-error")
        .into_iter()
        .filter(|f| f["location"]["path"] == VOICE_V1)
        .collect();
    assert_eq!(parse.len(), 1, "{parse:#?}");
    assert!(parse[0]["location"]["line"].as_u64() >= Some(2));
    assert!(
        findings_of(&report, "contract-removed").is_empty(),
        "{report:#}"
    );
}

/// Issue 5's acceptance case: a migration dropping a column that a database contract's
/// consumer reads is BREAKING, names that consumer, and makes the change system-level.
#[test]
fn dropping_a_column_a_consumer_reads_is_breaking_for_that_consumer() {
    let repo = example_repo();
    let root = repo.path();
    write(
        root,
        "db/migrations/20260101-000000-drop-openness.sql",
        "-- Pack: SuperAgentes\nALTER TABLE big_five_profiles DROP COLUMN openness;\n",
    );
    commit_all(root, "drop big_five_profiles.openness");
    let out = check_base(root, &[]);
    let report = json(&out);
    let breaking: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            f["class"] == "BREAKING"
                && f["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("openness"))
        })
        .collect();
    assert!(!breaking.is_empty(), "{report:#}");
    let impacted: Vec<String> = breaking
        .iter()
        .flat_map(|f| f["impacted"].as_array().into_iter().flatten())
        .filter_map(|v| v.as_str().map(str::to_lowercase))
        .collect();
    assert!(
        impacted.iter().any(|p| p.contains("innerlens")),
        "the pack whose database contract reads big_five_profiles.openness is named: {impacted:?}"
    );
    assert_eq!(outcome(&report), "DENY", "{report:#}");
    assert_eq!(
        report["decision"]["epic_class"], "system-level",
        "{report:#}"
    );
    assert_code(&out, 1);
}

/// A GitHub token, assembled at run time so no file of this repository holds one.
fn planted_token() -> String {
    format!("ghp_{}", "Zq8Xw7Vu6Ts5Rq4Po3Nm2Lk1Ji0Hg9Fe8Dc")
}

#[test]
fn a_committed_secret_is_denied_never_printed_and_approvable_by_fingerprint() {
    let repo = example_repo();
    let root = repo.path();
    let token = planted_token();
    write(
        root,
        "expansion-packs/etl/deploy.env",
        format!("# deployment settings\nREGION=eu-west-1\nGITHUB_TOKEN={token}\n"),
    );
    commit_all(root, "deploy settings");

    let out = check_base(root, &[]);
    assert_code(&out, 1);
    assert!(!stdout(&out).contains(&token[4..]), "the token is printed");
    assert!(!stderr(&out).contains(&token[4..]), "the token is printed");
    let report = json(&out);
    assert_eq!(outcome(&report), "DENY", "{report:#}");
    let found = findings_of(&report, "secret-committed");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(
        found[0]["location"]["path"],
        "expansion-packs/etl/deploy.env"
    );
    assert_eq!(found[0]["location"]["line"], 3);
    for format in ["human", "markdown", "github", "sarif", "junit", "html"] {
        let out = check_base(root, &["--format", format]);
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains(&token[4..]),
            "{format} prints the token"
        );
    }

    // The allow-list is the approvals file: a justified approval by an architect.
    let print = fingerprint(&report, "secret-committed");
    write(
        root,
        "accord-approvals.toml",
        approval(&print, "system-architect", "2099-12-31"),
    );
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "--amend", "--no-edit"]);
    let report = json(&check_base(root, &[]));
    assert_ne!(outcome(&report), "DENY", "{report:#}");

    // The same secret in a later change to the file is not reported again.
    write(
        root,
        "expansion-packs/etl/deploy.env",
        format!("# deployment settings\nREGION=eu-west-2\nGITHUB_TOKEN={token}\n"),
    );
    commit_all(root, "move region");
    let report = json(&check_base(root, &[]));
    assert!(
        findings_of(&report, "secret-committed").is_empty(),
        "{report:#}"
    );
}

/// The approve commands of the Markdown report's "Approving instead of fixing" table.
fn approve_commands(markdown: &str) -> Vec<(String, String)> {
    markdown
        .lines()
        .filter(|l| l.contains("`accord approve "))
        .map(|line| {
            let cells: Vec<&str> = line
                .split('|')
                .map(|c| c.trim().trim_matches('`'))
                .collect();
            (cells[1].to_string(), cells[3].to_string())
        })
        .collect()
}

#[test]
fn accord_approve_on_fingerprints_from_the_markdown_report_lifts_the_denial_on_record() {
    let repo = minor_removal_repo();
    let root = repo.path();
    let out = accord()
        .current_dir(root)
        .args([
            "check", "--base", "HEAD~1", "--head", "HEAD", "--format", "markdown",
        ])
        .output()
        .expect("runs");
    assert_code(&out, 1);
    let markdown = stdout(&out);
    assert!(markdown.contains("Decision: DENY"), "{markdown}");
    let commands = approve_commands(&markdown);
    assert!(!commands.is_empty(), "{markdown}");
    let human = stdout(
        &accord()
            .current_dir(root)
            .args(["check", "--base", "HEAD~1", "--head", "HEAD"])
            .output()
            .expect("runs"),
    );
    for (fingerprint, command) in &commands {
        assert_eq!(fingerprint.len(), 16, "{markdown}");
        assert!(
            human.contains(command.as_str()),
            "human output lacks `{command}`:\n{human}"
        );
        // The command as printed, with the placeholders filled in.
        let args: Vec<&str> = command
            .split_whitespace()
            .skip(1)
            .map(|a| match a {
                "\"WHY\"" => "consumers migrate in the same release",
                "NAME" => "mmos-creator-os-owner",
                other => other,
            })
            .collect();
        let out = accord()
            .current_dir(root)
            .args(&args)
            .output()
            .expect("runs");
        assert_code(&out, 0);
    }
    let approvals = fs::read_to_string(root.join("accord-approvals.toml")).expect("written");
    assert_eq!(approvals.matches("[approvals.").count(), commands.len());
    // Approving twice is refused, naming the existing entry.
    let (fingerprint, _) = &commands[0];
    let again = accord()
        .current_dir(root)
        .args(["approve", fingerprint, "-j", "again", "--approver", "x"])
        .output()
        .expect("runs");
    assert_code(&again, 2);
    assert!(
        stderr(&again).contains("approved already"),
        "{}",
        stderr(&again)
    );

    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "--amend", "--no-edit"]);
    let out = check_base(root, &["--record", "--ledger", ".accord/ledger.db"]);
    let report = json(&out);
    assert_ne!(outcome(&report), "DENY", "{report:#}");
    let records: Vec<_> = fs::read_dir(root.join("decisions"))
        .expect("decisions dir")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(records.len(), 1, "{records:?}");
    let record: Value =
        serde_json::from_str(&fs::read_to_string(&records[0]).expect("read")).expect("JSON");
    assert_ne!(record["decision"]["outcome"], "DENY");
    let recorded = record.to_string();
    for (fingerprint, _) in &commands {
        assert!(recorded.contains(fingerprint.as_str()), "{record:#}");
    }
    assert!(
        recorded.contains("consumers migrate in the same release"),
        "{record:#}"
    );
}

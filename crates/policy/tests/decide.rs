//! `decide`: seed 003 §5 defaults, policy overrides, approvals and the PR declaration.

mod common;

use accord_model::{Bump, Class, EpicClass, Finding, Level, Location, Outcome};
use accord_policy::{
    Approval, Approvals, ChangeEvidence, Condition, Policy, PrBody, decide, parse_date,
};
use accord_vcs::FileStatus::{Added, Modified};
use common::*;

/// The default policy without review routing: these tests are about what each class of
/// change needs; who must review it is tested in `tests/review.rs`.
fn class_policy() -> Policy {
    Policy {
        review: accord_policy::ReviewMode::Off,
        ..Policy::default()
    }
}

fn conditions(result: &accord_policy::PolicyResult) -> Vec<(String, bool)> {
    result
        .decision
        .required_actions
        .iter()
        .map(|a| (a.condition.clone(), a.blocking))
        .collect()
}

fn fully_evidenced() -> ChangeEvidence {
    let mut contract = voice_contract("1.0.0", "2.0.0", Bump::Major);
    contract.migration_plan = true;
    evidence(
        &[
            ("contracts/mmos-creator-os-v2.0.0.yaml", Added),
            ("packs/mmos/src/export.rs", Modified),
            ("packs/creator-os/src/import.rs", Modified),
            ("packs/creator-os/tests/import_test.rs", Modified),
        ],
        vec![contract],
    )
}

#[test]
fn breaking_removal_with_only_a_minor_bump_is_denied_with_every_missing_condition() {
    let evidence = evidence(
        &[("contracts/mmos-creator-os-v1.1.0.yaml", Added)],
        vec![voice_contract("1.0.0", "1.1.0", Bump::Minor)],
    );
    let result = decide(
        &[section_removed()],
        &evidence,
        &class_policy(),
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(result.decision.outcome, Outcome::Deny);
    assert_eq!(
        conditions(&result),
        vec![
            ("migration_plan".to_string(), true),
            ("consumers_updated".to_string(), true),
            ("tests_updated".to_string(), true),
            ("registry_bumped".to_string(), true),
        ]
    );
    let bump = &result.decision.required_actions[3];
    assert!(bump.action.contains("at least major"), "{}", bump.action);
    assert!(bump.action.contains("1.0.0 → 1.1.0"), "{}", bump.action);
    assert_eq!(bump.findings, vec![section_removed().fingerprint]);
    assert!(result.decision.reasons[0].contains("contract-required-section-removed"));
    assert!(result.decision.reasons[0].contains(CONTRACT));
    assert_eq!(result.decision.impacted_consumers, vec!["creator-os"]);
    assert_eq!(result.decision.epic_class, EpicClass::Integration);
}

#[test]
fn breaking_change_with_every_condition_evidenced_is_approved() {
    let result = decide(
        &[section_removed()],
        &fully_evidenced(),
        &class_policy(),
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(
        result.decision.outcome,
        Outcome::Approve,
        "{:?}",
        result.decision
    );
    assert!(result.decision.required_actions.is_empty());
    assert!(result.policy_findings.is_empty());
}

#[test]
fn policy_can_make_a_missing_migration_plan_a_condition_instead_of_a_denial() {
    let mut evidence = fully_evidenced();
    evidence.contracts[0].migration_plan = false;
    let mut policy = class_policy();
    policy
        .breaking
        .blocking
        .retain(|c| *c != Condition::MigrationPlan);
    let result = decide(
        &[section_removed()],
        &evidence,
        &policy,
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(result.decision.outcome, Outcome::ApproveWithConditions);
    assert_eq!(
        conditions(&result),
        vec![("migration_plan".to_string(), false)]
    );
    // The default policy denies the same change.
    let denied = decide(
        &[section_removed()],
        &evidence,
        &class_policy(),
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(denied.decision.outcome, Outcome::Deny);
}

#[test]
fn safe_addition_with_a_minor_bump_is_approved() {
    let evidence = evidence(
        &[("contracts/mmos-creator-os-v1.1.0.yaml", Added)],
        vec![voice_contract("1.0.0", "1.1.0", Bump::Minor)],
    );
    let result = decide(
        &[optional_added()],
        &evidence,
        &class_policy(),
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(result.decision.outcome, Outcome::Approve);
    assert!(
        result.decision.reasons[0].contains("highest class SAFE"),
        "{:?}",
        result.decision.reasons
    );
}

#[test]
fn risky_change_is_approved_on_condition_of_tests_and_review_notes() {
    let mut evidence = evidence(
        &[("contracts/mmos-creator-os-v1.1.0.yaml", Added)],
        vec![voice_contract("1.0.0", "1.1.0", Bump::Minor)],
    );
    let result = decide(
        &[format_changed()],
        &evidence,
        &class_policy(),
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(result.decision.outcome, Outcome::ApproveWithConditions);
    assert_eq!(
        conditions(&result),
        vec![
            ("tests_updated".to_string(), false),
            ("review_notes".to_string(), false)
        ]
    );

    evidence.tests_touched.insert("mmos".to_string());
    evidence.pr = Some(PrBody {
        path: "PR.md".to_string(),
        text: "Contract Impact: RISKY\n\n## Review notes\nChecked CreatorOS parser tolerates reordering.\n".to_string(),
    });
    let result = decide(
        &[format_changed()],
        &evidence,
        &class_policy(),
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(
        result.decision.outcome,
        Outcome::Approve,
        "{:?}",
        result.decision
    );
}

#[test]
fn a_rule_override_changes_class_and_thus_the_outcome() {
    let evidence = evidence(
        &[("contracts/mmos-creator-os-v1.1.0.yaml", Added)],
        vec![voice_contract("1.0.0", "1.1.0", Bump::Minor)],
    );
    let mut policy = class_policy();
    policy.rules.insert(
        "contract-required-section-removed".to_string(),
        accord_policy::RuleOverride {
            class: Some(Class::Safe),
            level: None,
        },
    );
    let result = decide(
        &[section_removed()],
        &evidence,
        &policy,
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(result.decision.outcome, Outcome::Approve);
    let mut findings = vec![section_removed()];
    policy.apply(&mut findings);
    assert_eq!(
        (findings[0].class, findings[0].level),
        (Class::Safe, Level::Note)
    );
}

#[test]
fn an_error_level_violation_blocks_until_fixed_and_a_warning_does_not() {
    let violation = Finding::new(
        "conformance-missing-section",
        Class::Breaking,
        Bump::None,
        "artifact lacks `Cognitive Patterns`",
    )
    .at(Location::new("packs/mmos/out/naval.md", 1, 1));
    let evidence = evidence(&[("packs/mmos/out/naval.md", Modified)], vec![]);
    let result = decide(
        std::slice::from_ref(&violation),
        &evidence,
        &class_policy(),
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(result.decision.outcome, Outcome::Deny);
    assert_eq!(
        conditions(&result),
        vec![("resolve_finding".to_string(), true)]
    );
    assert_eq!(result.decision.epic_class, EpicClass::PackLevel);

    let mut policy = class_policy();
    policy.levels.insert(Class::Breaking, Level::Warning);
    let result = decide(
        &[violation],
        &evidence,
        &policy,
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(result.decision.outcome, Outcome::Approve);
}

fn approval(fingerprint: &str, approver: &str, expires: &str, conditions: &[&str]) -> Approvals {
    Approvals {
        path: "accord-approvals.toml".to_string(),
        entries: vec![Approval {
            fingerprint: fingerprint.to_string(),
            justification: "CreatorOS migrates in the same release".to_string(),
            approver: approver.to_string(),
            expires: parse_date(expires).expect("date"),
            conditions: conditions.iter().map(|c| c.to_string()).collect(),
            location: Location::new("accord-approvals.toml", 1, 1),
        }],
    }
}

fn minor_bump_evidence() -> ChangeEvidence {
    evidence(
        &[("contracts/mmos-creator-os-v1.1.0.yaml", Added)],
        vec![voice_contract("1.0.0", "1.1.0", Bump::Minor)],
    )
}

#[test]
fn an_integration_owners_approval_waives_the_conditions_and_adds_its_own() {
    let fp = section_removed().fingerprint;
    let approvals = approval(&fp, "ivan", "2026-12-31", &["Announce in #expansion-packs"]);
    let result = decide(
        &[section_removed()],
        &minor_bump_evidence(),
        &class_policy(),
        &approvals,
        &manifest(),
        today(),
    );
    assert_eq!(
        result.decision.outcome,
        Outcome::ApproveWithConditions,
        "{:?}",
        result.decision
    );
    assert_eq!(
        conditions(&result),
        vec![("approval_condition".to_string(), false)]
    );
    assert_eq!(result.approvals_applied.len(), 1);
    assert_eq!(result.approvals_applied[0].approver, "ivan");
    assert!(
        result.approvals_applied[0]
            .role
            .contains("integration owner")
    );
    assert!(result.policy_findings.is_empty());

    let plain = approval(&fp, "@Ivan", "2026-12-31", &[]);
    let result = decide(
        &[section_removed()],
        &minor_bump_evidence(),
        &class_policy(),
        &plain,
        &manifest(),
        today(),
    );
    assert_eq!(result.decision.outcome, Outcome::Approve);
}

#[test]
fn an_approval_by_someone_without_the_role_is_a_finding_and_does_not_apply() {
    let fp = section_removed().fingerprint;
    // dora owns the database, not this integration; the change is not system-level so the
    // architect is not entitled either.
    for who in ["dora", "ada", "mallory"] {
        let result = decide(
            &[section_removed()],
            &minor_bump_evidence(),
            &class_policy(),
            &approval(&fp, who, "2026-12-31", &[]),
            &manifest(),
            today(),
        );
        assert_eq!(result.decision.outcome, Outcome::Deny, "{who}");
        assert_eq!(result.policy_findings.len(), 1, "{who}");
        assert_eq!(
            result.policy_findings[0].rule,
            "policy-approval-unauthorized"
        );
        assert!(
            result.policy_findings[0]
                .message
                .contains("integration owner of"),
            "{}",
            result.policy_findings[0].message
        );
        assert!(result.approvals_applied.is_empty());
    }
}

#[test]
fn an_expired_approval_is_a_finding_and_does_not_apply() {
    let fp = section_removed().fingerprint;
    let result = decide(
        &[section_removed()],
        &minor_bump_evidence(),
        &class_policy(),
        &approval(&fp, "ivan", "2026-05-31", &[]),
        &manifest(),
        today(),
    );
    assert_eq!(result.decision.outcome, Outcome::Deny);
    assert_eq!(result.policy_findings[0].rule, "policy-approval-expired");
    assert!(result.policy_findings[0].message.contains("2026-05-31"));
    // The last day still counts.
    let result = decide(
        &[section_removed()],
        &minor_bump_evidence(),
        &class_policy(),
        &approval(&fp, "ivan", "2026-06-01", &[]),
        &manifest(),
        today(),
    );
    assert_eq!(result.decision.outcome, Outcome::Approve);
}

#[test]
fn approvals_for_unknown_fingerprints_and_unneeded_approvals_are_findings() {
    let result = decide(
        &[section_removed()],
        &fully_evidenced(),
        &class_policy(),
        &approval("00000000deadbeef", "ivan", "2026-12-31", &[]),
        &manifest(),
        today(),
    );
    assert_eq!(
        result.policy_findings[0].rule,
        "policy-approval-unknown-fingerprint"
    );
    assert_eq!(
        result.policy_findings[0].location.path,
        "accord-approvals.toml"
    );
    assert_eq!(
        result.decision.outcome,
        Outcome::Approve,
        "a RISKY warning does not block"
    );

    let fp = section_removed().fingerprint;
    let result = decide(
        &[section_removed()],
        &fully_evidenced(),
        &class_policy(),
        &approval(&fp, "ivan", "2026-12-31", &[]),
        &manifest(),
        today(),
    );
    assert_eq!(result.policy_findings[0].rule, "policy-approval-unused");
    assert!(result.approvals_applied.is_empty());
}

#[test]
fn schema_findings_need_a_database_owner_and_system_level_changes_accept_an_architect() {
    let drop = Finding::new(
        "migration-drop-column",
        Class::Breaking,
        Bump::None,
        "drops column minds.openness",
    )
    .at(Location::new(
        "db/migrations/20260101-000000-drop.sql",
        3,
        1,
    ));
    let mut evidence = evidence(&[("db/migrations/20260101-000000-drop.sql", Added)], vec![]);
    evidence.detect_schema_change(&["db/migrations"]);
    let fp = drop.fingerprint.clone();
    let by = |who: &str| {
        decide(
            std::slice::from_ref(&drop),
            &evidence,
            &class_policy(),
            &approval(&fp, who, "2026-12-31", &[]),
            &manifest(),
            today(),
        )
    };
    let owner = by("dora");
    assert_eq!(
        owner.decision.outcome,
        Outcome::Approve,
        "{:?}",
        owner.decision
    );
    assert_eq!(owner.approvals_applied[0].role, "database owner");
    assert_eq!(owner.decision.epic_class, EpicClass::SystemLevel);
    let architect = by("ada");
    assert_eq!(
        architect.decision.outcome,
        Outcome::Approve,
        "architects decide system-level changes"
    );
    assert_eq!(architect.approvals_applied[0].role, "architect");
    let other = by("ivan");
    assert_eq!(other.decision.outcome, Outcome::Deny);
    assert!(other.policy_findings[0].message.contains("database owner"));
}

#[test]
fn a_declaration_lower_than_detected_is_a_finding_with_the_detected_class() {
    let mut evidence = minor_bump_evidence();
    evidence.pr = Some(PrBody {
        path: "pr.md".to_string(),
        text: "## Summary\nsmall tweak\n\n**Contract Impact:** SAFE\n".to_string(),
    });
    let fp = section_removed().fingerprint;
    // Approve the change itself so only the declaration stands in the way.
    let approvals = approval(&fp, "ivan", "2026-12-31", &[]);
    let result = decide(
        &[section_removed()],
        &evidence,
        &class_policy(),
        &approvals,
        &manifest(),
        today(),
    );
    let too_low = &result.policy_findings[0];
    assert_eq!(too_low.rule, "policy-pr-declaration-too-low");
    assert_eq!(too_low.class, Class::Breaking);
    assert_eq!(
        (too_low.location.path.as_str(), too_low.location.line),
        ("pr.md", 4)
    );
    assert!(
        too_low
            .message
            .contains("declares Contract Impact SAFE but Accord detected BREAKING")
    );
    assert_eq!(result.decision.outcome, Outcome::Deny);

    evidence.pr = Some(PrBody {
        path: "pr.md".to_string(),
        text: "Contract Impact: BREAKING\n".to_string(),
    });
    let result = decide(
        &[section_removed()],
        &evidence,
        &class_policy(),
        &approvals,
        &manifest(),
        today(),
    );
    assert!(result.policy_findings.is_empty());
    assert_eq!(result.decision.outcome, Outcome::Approve);
}

#[test]
fn nothing_changed_is_approved_with_no_epic() {
    let result = decide(
        &[],
        &ChangeEvidence::default(),
        &class_policy(),
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(result.decision.outcome, Outcome::Approve);
    assert_eq!(result.decision.epic_class, EpicClass::None);
    assert_eq!(
        result.decision.reasons,
        vec!["no contract change and no violation found"]
    );
}

#[test]
fn a_stale_traceability_entry_lands_in_the_decision_as_a_review_to_do() {
    let evidence = evidence(&[("runtime/tests/dispatch.rs", Modified)], vec![]);
    let finding = Finding::new(
        "trace-entry-stale",
        Class::Risky,
        Bump::None,
        "requirement `REQ-EVT-1` is older than its tests",
    )
    .at(Location::new("docs/traceability_matrix.json", 14, 13))
    .with_logical_path("traceability/REQ-EVT-1");
    let result = decide(
        std::slice::from_ref(&finding),
        &evidence,
        &Policy::default(),
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(result.decision.outcome, Outcome::ApproveWithConditions);
    assert_eq!(
        conditions(&result),
        [(accord_policy::TRACEABILITY_REVIEWED.to_string(), false)]
    );
    assert_eq!(
        result.decision.required_actions[0].findings,
        std::slice::from_ref(&finding.fingerprint)
    );
}

fn dependency_added() -> Finding {
    Finding::new(
        "dependency-added",
        Class::Risky,
        Bump::None,
        "dependency added: crates.io:smallvec 1.6.1 (MIT OR Apache-2.0)",
    )
    .at(Location::new("runtime/Cargo.toml", 11, 1))
    .with_contract("dependency crates.io:smallvec")
    .with_logical_path("1.6.1")
}

#[test]
fn a_dependency_addition_needs_an_audit_that_an_architects_approval_satisfies() {
    let evidence = evidence(&[("runtime/Cargo.toml", Modified)], vec![]);
    let finding = dependency_added();
    let result = decide(
        std::slice::from_ref(&finding),
        &evidence,
        &Policy::default(),
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(result.decision.outcome, Outcome::ApproveWithConditions);
    assert_eq!(
        conditions(&result),
        [(accord_policy::DEPENDENCY_AUDITED.to_string(), false)]
    );
    assert!(
        result.decision.required_actions[0]
            .action
            .contains("Audit dependency crates.io:smallvec"),
        "{:?}",
        result.decision.required_actions
    );
    let approved = decide(
        std::slice::from_ref(&finding),
        &evidence,
        &Policy::default(),
        &approval(&finding.fingerprint, "ada", "2099-01-01", &[]),
        &manifest(),
        today(),
    );
    assert_eq!(
        approved.decision.outcome,
        Outcome::Approve,
        "{:?}",
        approved.decision
    );
}

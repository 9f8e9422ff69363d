//! Review routing: which roles a change needs (seed 000 "Decision Authority") and what
//! satisfies them.

mod common;

use accord_model::{Bump, Outcome, RequiredReviewer};
use accord_policy::{
    Approval, Approvals, Policy, PrBody, REVIEW_REQUIRED, ReviewMode, decide, parse_date,
    reviewed_by,
};
use accord_vcs::FileStatus::{Added, Modified};
use common::*;

fn roles(reviewers: &[RequiredReviewer]) -> Vec<(&str, Option<&str>)> {
    reviewers
        .iter()
        .map(|r| (r.role.as_str(), r.reviewed_by.as_deref()))
        .collect()
}

fn pr(text: &str) -> Option<PrBody> {
    Some(PrBody {
        path: "PR.md".to_string(),
        text: text.to_string(),
    })
}

fn schema_change() -> accord_policy::ChangeEvidence {
    let mut e = evidence(
        &[("db/migrations/20251027-143000-add-x.sql", Added)],
        vec![],
    );
    e.detect_schema_change(&["db/migrations"]);
    e
}

#[test]
fn a_safe_migration_without_findings_still_needs_the_database_owner() {
    let e = schema_change();
    let result = decide(
        &[],
        &e,
        &Policy::default(),
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(
        roles(&result.decision.required_reviewers),
        [("database owner", None)]
    );
    assert_eq!(result.decision.outcome, Outcome::ApproveWithConditions);
    let action = &result.decision.required_actions[0];
    assert_eq!(action.condition, REVIEW_REQUIRED);
    assert!(action.action.contains("@dora"), "{}", action.action);
    assert!(!action.blocking);
}

#[test]
fn a_reviewed_by_line_from_the_role_holder_satisfies_the_route_and_anyone_else_does_not() {
    let mut e = schema_change();
    e.pr = pr("## Summary\n\n- Reviewed-by: @mallory\n");
    let other = decide(
        &[],
        &e,
        &Policy::default(),
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(other.decision.outcome, Outcome::ApproveWithConditions);

    e.pr = pr("## Summary\n\n**Reviewed-by:** @Dora, @mallory\n");
    let result = decide(
        &[],
        &e,
        &Policy::default(),
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(
        roles(&result.decision.required_reviewers),
        [("database owner", Some("Dora"))]
    );
    assert_eq!(result.decision.outcome, Outcome::Approve);
}

#[test]
fn policy_deny_makes_a_missing_review_block_and_off_only_lists_it() {
    let e = schema_change();
    let deny = Policy {
        review: ReviewMode::Deny,
        ..Policy::default()
    };
    let result = decide(&[], &e, &deny, &Approvals::none(), &manifest(), today());
    assert_eq!(result.decision.outcome, Outcome::Deny);
    let off = Policy {
        review: ReviewMode::Off,
        ..Policy::default()
    };
    let result = decide(&[], &e, &off, &Approvals::none(), &manifest(), today());
    assert_eq!(result.decision.outcome, Outcome::Approve);
    assert_eq!(result.decision.required_reviewers.len(), 1);
}

#[test]
fn a_contract_change_across_packs_routes_to_architect_integration_owner_and_both_maintainers() {
    let mut m = manifest();
    m.packs[1].maintainers = vec!["max".to_string()];
    m.packs[2].maintainers = vec!["cora".to_string()];
    let e = evidence(
        &[
            ("contracts/mmos-creator-os-v1.1.0.yaml", Added),
            ("packs/mmos/src/export.rs", Modified),
            ("packs/creator-os/src/import.rs", Modified),
        ],
        vec![voice_contract("1.0.0", "1.1.0", Bump::Minor)],
    );
    let approvals = Approvals {
        path: "accord-approvals.toml".to_string(),
        entries: vec![Approval {
            fingerprint: "0123456789abcdef".to_string(),
            justification: "reviewed".to_string(),
            approver: "ivan".to_string(),
            expires: parse_date("2099-01-01").expect("date"),
            conditions: vec![],
            location: Default::default(),
        }],
    };
    let mut e2 = e.clone();
    e2.pr = pr("Reviewed-by: ada, max\n");
    let result = decide(&[], &e2, &Policy::default(), &approvals, &m, today());
    assert_eq!(
        roles(&result.decision.required_reviewers),
        [
            ("architect", Some("ada")),
            (
                "integration owner of `MMOS → CreatorOS Voice Integration`",
                Some("ivan")
            ),
            ("maintainer of pack `creator-os`", None),
            ("maintainer of pack `mmos`", Some("max")),
        ]
    );
    let open: Vec<_> = result
        .decision
        .required_actions
        .iter()
        .filter(|a| a.condition == REVIEW_REQUIRED)
        .collect();
    assert_eq!(open.len(), 1);
    assert!(open[0].action.contains("@cora"), "{}", open[0].action);
}

#[test]
fn a_role_nobody_holds_escalates_to_the_architect() {
    let mut m = manifest();
    m.roles.database_owners.clear();
    let mut e = schema_change();
    e.pr = pr("Reviewed-by: ada\n");
    let result = decide(&[], &e, &Policy::default(), &Approvals::none(), &m, today());
    assert_eq!(
        roles(&result.decision.required_reviewers),
        [("database owner", Some("ada"))]
    );
}

#[test]
fn an_architecture_change_needs_the_architect() {
    let mut e = evidence(&[("accord.toml", Modified)], vec![]);
    e.architecture_change = Some("the manifest adds pack(s) fragments".to_string());
    let result = decide(
        &[],
        &e,
        &Policy::default(),
        &Approvals::none(),
        &manifest(),
        today(),
    );
    assert_eq!(
        roles(&result.decision.required_reviewers),
        [("architect", None)]
    );
    assert!(
        result.decision.required_reviewers[0]
            .reason
            .contains("adds pack(s) fragments")
    );
}

#[test]
fn reviewed_by_reads_trailers_bullets_and_bold_and_ignores_other_lines() {
    assert_eq!(
        reviewed_by(
            "Reviewed-by: Ada <ada@example.com>\n- reviewed by: @bo, @cy\nNot reviewed-by: x\n"
        ),
        ["Ada", "bo", "cy"]
    );
    // A full name is one reviewer; handles separated by spaces are several.
    assert_eq!(
        reviewed_by("Reviewed-by: Ana Silva <ana@example.com>, Bo Li\nReviewed-by: @dan @eve\n"),
        ["Ana Silva", "Bo Li", "dan", "eve"]
    );
    assert!(reviewed_by("Contract Impact: SAFE\n").is_empty());
}

/// The PR body is the author's: a `Reviewed-by:` line there is a declaration, reported as
/// such, and `[policy] review_evidence = "approvals"` does not accept it at all.
#[test]
fn a_reviewed_by_line_is_declared_not_approved_and_approvals_only_policy_ignores_it() {
    use accord_model::ReviewEvidence;
    use accord_policy::ReviewEvidenceMode;
    let mut e = schema_change();
    e.pr = pr("Reviewed-by: @dora\n");
    let declared = decide(
        &[],
        &e,
        &Policy::default(),
        &Approvals::none(),
        &manifest(),
        today(),
    );
    let r = &declared.decision.required_reviewers[0];
    assert_eq!(r.evidence, Some(ReviewEvidence::PrBody));
    assert!(
        declared
            .decision
            .reasons
            .iter()
            .any(|s| s.starts_with("declared in PR body by dora as database owner")),
        "{:?}",
        declared.decision.reasons
    );

    let strict = Policy {
        review_evidence: ReviewEvidenceMode::Approvals,
        ..Policy::default()
    };
    let ignored = decide(&[], &e, &strict, &Approvals::none(), &manifest(), today());
    assert_eq!(ignored.decision.required_reviewers[0].reviewed_by, None);
    assert_eq!(ignored.decision.outcome, Outcome::ApproveWithConditions);
    assert!(
        ignored.decision.required_actions[0]
            .action
            .contains("does not count")
    );

    let approved = Approvals {
        path: "accord-approvals.toml".to_string(),
        entries: vec![Approval {
            fingerprint: "0123456789abcdef".to_string(),
            justification: "reviewed".to_string(),
            approver: "dora".to_string(),
            expires: parse_date("2099-01-01").expect("date"),
            conditions: vec![],
            location: Default::default(),
        }],
    };
    let result = decide(&[], &e, &strict, &approved, &manifest(), today());
    let r = &result.decision.required_reviewers[0];
    assert_eq!(
        (r.reviewed_by.as_deref(), r.evidence),
        (Some("dora"), Some(ReviewEvidence::Approval))
    );
    assert_eq!(result.decision.outcome, Outcome::Approve);
}

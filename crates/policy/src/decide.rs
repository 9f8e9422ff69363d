//! Findings + evidence + policy + approvals → the decision.

use crate::approvals::{Approval, Approvals, format_date};
use crate::evidence::{ChangeEvidence, ContractEvidence};
use crate::pr::check_pr_declaration;
use crate::rules::{
    POLICY_APPROVAL_EXPIRED, POLICY_APPROVAL_UNAUTHORIZED, POLICY_APPROVAL_UNKNOWN_FINGERPRINT,
    POLICY_APPROVAL_UNUSED,
};
use crate::{Condition, Policy, ReviewMode, classify_epic};
use accord_model::manifest::{Manifest, is_database};
use accord_model::{Bump, Class, Decision, EpicClass, Finding, Level, Outcome, RequiredAction};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::Date;

/// The `condition` key of the action a blocking violation needs.
pub const RESOLVE_FINDING: &str = "resolve_finding";
/// The `condition` key of the action a dependency addition needs (seed 002: "dependency
/// additions must pass an audit").
pub const DEPENDENCY_AUDITED: &str = "dependency_audited";
/// The `condition` key of the actions an approval attaches.
pub const APPROVAL_CONDITION: &str = "approval_condition";
/// Required-action condition of a finding that may merge only once documented: met by an
/// approval, whose justification is the documentation.
pub const JUSTIFY_CONDITION: &str = "document_justification";
/// Rules whose findings (below level error) need a documented justification rather than a
/// fix — seed 002: a regression within the margin "must be documented". Named here, like
/// the rule prefixes of `is_schema_finding`, because policy does not depend on rule crates.
const JUSTIFY_RULES: &[&str] = &["gate-regression-justify"];
/// TestSmith's finding for an API change that touches none of its pack's tests: a blocking
/// `tests_updated` action whatever the class policy requires (issue 14 §5).
const PROVIDER_TESTS_UNTOUCHED: &str = "provider-tests-untouched";

/// Required-action condition of a traceability warning (a stale entry, an untraced test):
/// someone re-reads the matrix against the tests. Non-blocking, like an audit.
pub const TRACEABILITY_REVIEWED: &str = "traceability_reviewed";

/// An approval that took effect, as recorded in the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedApproval {
    /// Fingerprint of the approved finding.
    pub fingerprint: String,
    /// Rule of the approved finding.
    pub rule: String,
    /// Who approved.
    pub approver: String,
    /// The role that entitled them (`integration owner of …`, `database owner`, `architect`).
    pub role: String,
    /// Why.
    pub justification: String,
    /// Last day it counts (`YYYY-MM-DD`).
    pub expires: String,
    /// Conditions it attached.
    #[serde(default)]
    pub conditions: Vec<String>,
}

/// What [`decide`] concludes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyResult {
    /// The decision object of the report.
    pub decision: Decision,
    /// Findings about the approvals and the pull request declaration, policy applied.
    pub policy_findings: Vec<Finding>,
    /// Approvals that took effect.
    pub approvals_applied: Vec<AppliedApproval>,
}

struct Need {
    condition: String,
    action: String,
    blocking: bool,
}

pub(crate) fn norm_person(name: &str) -> String {
    name.trim().trim_start_matches('@').to_lowercase()
}

pub(crate) fn holds(list: &[String], approver: &str) -> bool {
    list.iter().any(|p| norm_person(p) == norm_person(approver))
}

/// Judges one change set. `findings` are the rule engines' findings (policy is applied to a
/// copy here; call [`Policy::apply`] on the originals to report them the same way).
///
/// A finding on a contract listed in `evidence.contracts` is a *change*: it must meet the
/// conditions policy sets for its class, each evidenced by the change or waived by an
/// approval. Any other finding is a *violation*: at level `error` it blocks until fixed or
/// approved. Outcome: DENY when a blocking action remains, APPROVE_WITH_CONDITIONS when only
/// non-blocking ones remain, APPROVE otherwise.
pub fn decide(
    findings: &[Finding],
    evidence: &ChangeEvidence,
    policy: &Policy,
    approvals: &Approvals,
    manifest: &Manifest,
    today: Date,
) -> PolicyResult {
    let mut findings = findings.to_vec();
    policy.apply(&mut findings);
    let (epic_class, epic_reason) = classify_epic(evidence, manifest);

    let is_change = |f: &Finding| {
        f.contract
            .as_deref()
            .is_some_and(|c| evidence.contract(c).is_some())
    };
    let detected = findings
        .iter()
        .filter(|f| is_change(f))
        .map(|f| f.class)
        .max();
    let mut policy_findings = Vec::new();
    if let Some(pr) = &evidence.pr {
        policy_findings.extend(check_pr_declaration(pr, detected));
    }
    policy.apply(&mut policy_findings);

    // Needs of every finding the decision looks at: the rules' findings, then the PR's.
    let judged: Vec<Finding> = findings.iter().chain(&policy_findings).cloned().collect();
    let mut needs: Vec<Vec<Need>> = judged
        .iter()
        .map(|f| needs_of(f, is_change(f), evidence, policy, manifest))
        .collect();

    let mut applied = Vec::new();
    let mut approval_findings = Vec::new();
    let mut extra: Vec<(usize, Need)> = Vec::new();
    for approval in &approvals.entries {
        let targets: Vec<usize> = judged
            .iter()
            .enumerate()
            .filter(|(_, f)| f.fingerprint == approval.fingerprint)
            .map(|(i, _)| i)
            .collect();
        let Some(&first) = targets.first() else {
            approval_findings.push(approval_finding(
                &POLICY_APPROVAL_UNKNOWN_FINGERPRINT,
                approval,
                format!(
                    "approval `{}` matches no finding of this change",
                    approval.fingerprint
                ),
                "delete the entry, or copy the fingerprint exactly from the report",
            ));
            continue;
        };
        let target = &judged[first];
        if approval.expires < today {
            approval_findings.push(approval_finding(
                &POLICY_APPROVAL_EXPIRED,
                approval,
                format!(
                    "approval of `{}` by {} expired on {}",
                    target.rule,
                    approval.approver,
                    format_date(approval.expires)
                ),
                "fix the finding, or have the approver renew the entry",
            ));
            continue;
        }
        let role = match authority(&approval.approver, target, evidence, manifest, epic_class) {
            Ok(role) => role,
            Err(needed) => {
                approval_findings.push(approval_finding(
                    &POLICY_APPROVAL_UNAUTHORIZED,
                    approval,
                    format!(
                        "{} approved `{}` but is not {needed}",
                        approval.approver, target.rule
                    ),
                    format!("ask {needed} to approve it"),
                ));
                continue;
            }
        };
        if targets.iter().all(|&i| needs[i].is_empty()) {
            approval_findings.push(approval_finding(
                &POLICY_APPROVAL_UNUSED,
                approval,
                format!(
                    "approval of `{}` is not needed: the finding meets every condition policy sets",
                    target.rule
                ),
                "delete the entry",
            ));
            continue;
        }
        for &i in &targets {
            needs[i].clear();
        }
        for condition in &approval.conditions {
            extra.push((
                first,
                Need {
                    condition: APPROVAL_CONDITION.to_string(),
                    action: format!(
                        "{condition} (condition of {}'s approval)",
                        approval.approver
                    ),
                    blocking: false,
                },
            ));
        }
        applied.push(AppliedApproval {
            fingerprint: approval.fingerprint.clone(),
            rule: target.rule.clone(),
            approver: approval.approver.clone(),
            role,
            justification: approval.justification.clone(),
            expires: format_date(approval.expires),
            conditions: approval.conditions.clone(),
        });
    }
    policy.apply(&mut approval_findings);
    let mut all_judged = judged.clone();
    for f in &approval_findings {
        needs.push(needs_of(f, false, evidence, policy, manifest));
        all_judged.push(f.clone());
    }
    for (i, need) in extra {
        if let Some(list) = needs.get_mut(i) {
            list.push(need);
        }
    }
    policy_findings.extend(approval_findings);

    let mut actions: Vec<RequiredAction> = Vec::new();
    for (finding, list) in all_judged.iter().zip(&needs) {
        for need in list {
            match actions
                .iter_mut()
                .find(|a| a.condition == need.condition && a.action == need.action)
            {
                Some(action) => {
                    action.blocking |= need.blocking;
                    if !action.findings.contains(&finding.fingerprint) {
                        action.findings.push(finding.fingerprint.clone());
                    }
                }
                None => actions.push(RequiredAction {
                    condition: need.condition.clone(),
                    action: need.action.clone(),
                    findings: vec![finding.fingerprint.clone()],
                    blocking: need.blocking,
                }),
            }
        }
    }
    let required_reviewers = crate::review::route_reviewers(
        evidence,
        manifest,
        approvals,
        today,
        policy.review_evidence,
    );
    if policy.review != ReviewMode::Off {
        for reviewer in required_reviewers
            .iter()
            .filter(|r| r.reviewed_by.is_none())
        {
            actions.push(RequiredAction {
                condition: crate::review::REVIEW_REQUIRED.to_string(),
                action: crate::review::review_action(reviewer, policy.review_evidence),
                findings: Vec::new(),
                blocking: policy.review == ReviewMode::Deny,
            });
        }
    }
    // Blocking first, so the first action listed is the one that denies.
    actions.sort_by_key(|a| !a.blocking);

    let outcome = if actions.iter().any(|a| a.blocking) {
        Outcome::Deny
    } else if actions.is_empty() {
        Outcome::Approve
    } else {
        Outcome::ApproveWithConditions
    };

    let mut reasons = Vec::new();
    let mut gated: Vec<(bool, String)> = Vec::new();
    for (finding, list) in all_judged.iter().zip(&needs) {
        if list.is_empty() {
            continue;
        }
        let blocking = list.iter().any(|n| n.blocking);
        let conditions: BTreeSet<&str> = list.iter().map(|n| n.condition.as_str()).collect();
        let subject = finding
            .contract
            .as_deref()
            .map(|c| format!(" on `{c}`"))
            .unwrap_or_default();
        gated.push((
            blocking,
            format!(
                "{} `{}`{subject}: {} — {} {}",
                finding.class,
                finding.rule,
                finding.message,
                if blocking { "unmet:" } else { "conditions:" },
                conditions.into_iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    gated.sort_by_key(|(blocking, _)| !blocking);
    reasons.extend(gated.into_iter().map(|(_, r)| r));
    for a in &applied {
        reasons.push(format!(
            "`{}` ({}) approved by {} as {} until {}: {}",
            a.rule, a.fingerprint, a.approver, a.role, a.expires, a.justification
        ));
    }
    if reasons.is_empty() {
        let changes = findings.iter().filter(|f| is_change(f)).count();
        reasons.push(if findings.is_empty() {
            "no contract change and no violation found".to_string()
        } else if changes > 0 {
            format!(
                "{changes} contract change(s), highest class {}: every condition policy sets is met",
                detected.map_or("SAFE", Class::as_str)
            )
        } else {
            "no finding requires an action".to_string()
        });
    }

    for r in &required_reviewers {
        match &r.reviewed_by {
            Some(who) => reasons.push(format!(
                "{} by {who} as {} ({})",
                r.evidence
                    .map_or("reviewed", accord_model::ReviewEvidence::describe),
                r.role,
                r.reason
            )),
            None if policy.review != ReviewMode::Off => {
                reasons.push(format!("needs a review by the {} ({})", r.role, r.reason))
            }
            None => {}
        }
    }
    let mut impacted: BTreeSet<String> = BTreeSet::new();
    for f in &findings {
        impacted.extend(f.impacted.iter().cloned());
        impacted.extend(f.impacted_indirect.iter().cloned());
    }

    PolicyResult {
        decision: Decision {
            outcome,
            reasons,
            required_actions: actions,
            impacted_consumers: impacted.into_iter().collect(),
            epic_class,
            epic_reason,
            required_reviewers,
        },
        policy_findings,
        approvals_applied: applied,
    }
}

fn approval_finding(
    rule: &'static accord_model::RuleMeta,
    approval: &Approval,
    message: String,
    help: impl Into<String>,
) -> Finding {
    Finding::of(rule, message)
        .with_logical_path(format!("approvals.{}", approval.fingerprint))
        .at(approval.location.clone())
        .with_help(help)
}

/// The canonical manifest names of `names`, with unknown names kept as written.
fn packs_named<'a>(
    manifest: &Manifest,
    names: impl IntoIterator<Item = &'a String>,
) -> Vec<String> {
    names
        .into_iter()
        .filter(|n| !is_database(n))
        .map(|n| {
            manifest
                .pack(n)
                .map_or_else(|| n.clone(), |p| p.name.clone())
        })
        .collect()
}

fn needs_of(
    finding: &Finding,
    is_change: bool,
    evidence: &ChangeEvidence,
    policy: &Policy,
    manifest: &Manifest,
) -> Vec<Need> {
    if finding.rule == PROVIDER_TESTS_UNTOUCHED {
        let tests: Vec<String> = finding
            .related
            .iter()
            .filter(|r| r.message.starts_with("test that uses"))
            .map(|r| format!("{}:{}", r.location.path, r.location.line))
            .collect();
        let evidence = if tests.is_empty() {
            String::new()
        } else {
            format!(" (tests using them: {})", tests.join(", "))
        };
        return vec![Need {
            condition: Condition::TestsUpdated.as_str().to_string(),
            action: format!(
                "Update the tests in this change: {}{evidence}",
                finding.message
            ),
            blocking: true,
        }];
    }
    if finding.rule == "dependency-added" && finding.level != Level::Error {
        let subject = finding.contract.as_deref().unwrap_or("dependency");
        return vec![Need {
            condition: DEPENDENCY_AUDITED.to_string(),
            action: format!(
                "Audit {subject} (license, advisories, maintenance, unsafe code) and note it in the review"
            ),
            blocking: false,
        }];
    }
    if !is_change {
        if finding.level != Level::Error && JUSTIFY_RULES.contains(&finding.rule.as_str()) {
            return vec![Need {
                condition: JUSTIFY_CONDITION.to_string(),
                action: format!(
                    "Document `{}` with a justification (an approval of fingerprint {} in the approvals file): {}",
                    finding.rule, finding.fingerprint, finding.message
                ),
                blocking: false,
            }];
        }
        if finding.level == Level::Warning && finding.rule.starts_with("trace-") {
            return vec![Need {
                condition: TRACEABILITY_REVIEWED.to_string(),
                action: format!(
                    "Review the traceability matrix against the tests and commit it: {}",
                    finding.message
                ),
                blocking: false,
            }];
        }
        return if finding.level == Level::Error {
            vec![Need {
                condition: RESOLVE_FINDING.to_string(),
                action: format!(
                    "Fix or get an approval for `{}`: {}",
                    finding.rule, finding.message
                ),
                blocking: true,
            }]
        } else {
            Vec::new()
        };
    }
    let Some(contract) = finding
        .contract
        .as_deref()
        .and_then(|c| evidence.contract(c))
    else {
        return Vec::new();
    };
    let class_policy = policy.for_class(finding.class);
    let mut out = Vec::new();
    for &condition in &class_policy.requires {
        if let Some(action) = unmet(condition, finding, contract, evidence, manifest) {
            out.push(Need {
                condition: condition.as_str().to_string(),
                action,
                blocking: class_policy.blocking.contains(&condition),
            });
        }
    }
    out
}

/// `None` when the change shows `condition` met; otherwise what to do about it.
fn unmet(
    condition: Condition,
    finding: &Finding,
    contract: &ContractEvidence,
    evidence: &ChangeEvidence,
    manifest: &Manifest,
) -> Option<String> {
    let name = &contract.name;
    match condition {
        Condition::TestsUpdated => {
            let parties = packs_named(
                manifest,
                std::iter::once(&contract.provider).chain(&contract.consumers),
            );
            let known: Vec<&String> = parties
                .iter()
                .filter(|p| manifest.pack(p).is_some())
                .collect();
            let met = if known.is_empty() {
                !evidence.tests_touched.is_empty()
            } else {
                known.iter().any(|p| evidence.tests_touched.contains(*p))
            };
            (!met).then(|| {
                format!(
                    "Add or update tests of {} for `{name}` (files matching the packs' `tests` globs)",
                    if parties.is_empty() { "the packs".to_string() } else { parties.join(" or ") }
                )
            })
        }
        Condition::ReviewNotes => (!evidence.review_notes()).then(|| {
            "Add review notes to the pull request body (a `Review notes` section)".to_string()
        }),
        Condition::MigrationPlan if contract.code_contract_missing => Some(format!(
            "Add a code contract for pack `{}` to the registry (`interface.type: code`, its consumers and a `migration_plan`): `{name}` has none to hold the plan",
            contract.provider
        )),
        Condition::MigrationPlan => (!contract.migration_plan)
            .then(|| format!("Add a `migration_plan` for consumers to contract `{name}`")),
        Condition::ConsumersUpdated => {
            let consumers = if finding.impacted.is_empty() {
                &contract.consumers
            } else {
                &finding.impacted
            };
            let missing: Vec<String> = packs_named(manifest, consumers)
                .into_iter()
                .filter(|p| !evidence.packs_touched.contains(p))
                .collect();
            (!missing.is_empty()).then(|| {
                let sites: Vec<String> = contract
                    .usages
                    .iter()
                    .filter(|u| missing.contains(&u.consumer))
                    .flat_map(|u| {
                        let at = |l: &accord_model::Location| format!("{}:{}", l.path, l.line);
                        if u.site.uses.is_empty() {
                            vec![at(&u.site.location)]
                        } else {
                            u.site.uses.iter().map(|r| at(&r.location)).collect()
                        }
                    })
                    .collect();
                let uses = if sites.is_empty() {
                    String::new()
                } else {
                    format!(" (uses: {})", sites.join(", "))
                };
                format!(
                    "Update the impacted consumer(s) {} of `{name}` in this change{uses}",
                    missing.join(", ")
                )
            })
        }
        Condition::RegistryBumped => {
            let needed = finding.required_bump.max(Bump::Patch);
            let met = contract.added || contract.removed || contract.bump >= needed;
            (!met).then(|| {
                format!(
                    "Bump the version of contract `{name}` by at least {needed} (now {} → {})",
                    contract.old_version.as_deref().unwrap_or("?"),
                    contract.new_version.as_deref().unwrap_or("?"),
                )
            })
        }
        Condition::DeprecationPlan => (contract.deprecation_applies && !contract.deprecation_plan)
            .then(|| {
                format!(
                    "Give contract `{name}` a deprecation plan (`deprecation.replaced_by`, `sunset` or `window`) before removing or retiring it"
                )
            }),
    }
}

fn is_schema_finding(finding: &Finding, evidence: &ChangeEvidence) -> bool {
    let group = evidence.rule_groups.get(&finding.rule).map(String::as_str);
    // Not `schema-*`: those are JSON Schema compatibility rules of contracts.
    matches!(group, Some("migration" | "sql" | "database"))
        || ["migration-", "database-", "sql-"]
            .iter()
            .any(|p| finding.rule.starts_with(p))
        || finding
            .contract
            .as_deref()
            .and_then(|c| evidence.contract(c))
            .is_some_and(ContractEvidence::is_database)
}

/// The integration owners `[roles.integration_owners]` names for `contract`: keyed by its
/// name, its `provider-consumer` pair, or its file stem with or without the version.
pub(crate) fn integration_owners(
    contract: &str,
    evidence: &ChangeEvidence,
    manifest: &Manifest,
) -> Vec<String> {
    match evidence.contract(contract) {
        Some(ce) => {
            manifest
                .roles
                .integration_owners_of(contract, &ce.provider, &ce.consumers, &ce.path)
        }
        None => manifest.roles.integration_owners_of(contract, "", &[], ""),
    }
}

/// Whether `approver` may allow `finding` outside a change set (`accord check` without a
/// base, where approvals allow-list findings by fingerprint): the same role the decision
/// asks for, so an approvals entry naming anyone cannot hide what a decision would block.
/// `Err` names the role needed.
pub fn may_approve_in_tree(
    approver: &str,
    finding: &Finding,
    manifest: &Manifest,
) -> Result<String, String> {
    authority(
        approver,
        finding,
        &ChangeEvidence::default(),
        manifest,
        EpicClass::None,
    )
}

/// `Ok(role held)` when `approver` may approve `finding`; `Err(role needed)` otherwise.
fn authority(
    approver: &str,
    finding: &Finding,
    evidence: &ChangeEvidence,
    manifest: &Manifest,
    epic: EpicClass,
) -> Result<String, String> {
    let roles = &manifest.roles;
    let (needed, holders): (String, Vec<String>) = if is_schema_finding(finding, evidence) {
        (
            "a database owner".to_string(),
            roles.database_owners.clone(),
        )
    } else if let Some(contract) = finding.contract.as_deref() {
        let holders = integration_owners(contract, evidence, manifest);
        (format!("an integration owner of `{contract}`"), holders)
    } else {
        ("an architect".to_string(), roles.architects.clone())
    };
    if holds(&holders, approver) {
        return Ok(needed
            .trim_start_matches("a ")
            .trim_start_matches("an ")
            .to_string());
    }
    // Architects decide cross-pack matters (seed 000 "Decision Authority"), and are the
    // escalation point when nobody holds the role.
    if (epic == EpicClass::SystemLevel || holders.is_empty()) && holds(&roles.architects, approver)
    {
        return Ok("architect".to_string());
    }
    Err(if epic == EpicClass::SystemLevel {
        format!("{needed} or an architect (system-level change)")
    } else {
        needed
    })
}

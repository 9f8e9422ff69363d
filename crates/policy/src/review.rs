//! Review routing (seed 000 "Decision Authority", "Database Governance"): which roles must
//! review a change because of what it touches, and whether someone holding the role did.
//!
//! - the **architect** for a system-level change: a pack or pipeline added or removed, a new
//!   integration, or two or more packs touched at once;
//! - the **database owner** for every schema change, SAFE migrations included, and for every
//!   change of a database contract;
//! - the **integration owner** of each other contract that changed;
//! - the **maintainers** of each pack whose files changed.
//!
//! A review is an approval in the approvals file (any entry, not expired) or, unless
//! `[policy] review_evidence = "approvals"`, a `Reviewed-by:` line in the pull request body
//! by a person holding the role. The PR body is written by the change's author, so such a
//! line is a declaration, not proof: the decision says which it was (`evidence`), and an
//! approval wins over a declaration. A role nobody holds can be reviewed by an architect,
//! the seed's escalation point.

use crate::approvals::Approvals;
use crate::decide::{holds, integration_owners, norm_person};
use crate::evidence::ChangeEvidence;
use crate::policy::ReviewEvidenceMode;
use accord_model::manifest::Manifest;
use accord_model::{RequiredReviewer, ReviewEvidence};
use time::Date;

/// The `condition` key of the action an unmet review adds.
pub const REVIEW_REQUIRED: &str = "review_required";

/// The roles `evidence` calls for, in the order architect, database owner, integration
/// owners, maintainers, each with who reviewed as it (if anyone).
pub fn route_reviewers(
    evidence: &ChangeEvidence,
    manifest: &Manifest,
    approvals: &Approvals,
    today: Date,
    accept: ReviewEvidenceMode,
) -> Vec<RequiredReviewer> {
    // Approvals first, so a reviewer who both approved and was declared counts as approved.
    let mut reviewers: Vec<(String, ReviewEvidence)> = approvals
        .entries
        .iter()
        .filter(|a| a.expires >= today)
        .map(|a| (a.approver.clone(), ReviewEvidence::Approval))
        .collect();
    if let Some(pr) = &evidence.pr
        && accept == ReviewEvidenceMode::PrOrApprovals
    {
        reviewers.extend(
            crate::pr::reviewed_by(&pr.text)
                .into_iter()
                .map(|r| (r, ReviewEvidence::PrBody)),
        );
    }
    let roles = &manifest.roles;
    let mut out = Vec::new();
    let mut push = |role: String, reason: String, candidates: Vec<String>| {
        // A role nobody holds escalates to the architects.
        let entitled = if candidates.is_empty() {
            &roles.architects
        } else {
            &candidates
        };
        let found = reviewers.iter().find(|(r, _)| holds(entitled, r));
        out.push(RequiredReviewer {
            role,
            reason,
            candidates,
            reviewed_by: found.map(|(r, _)| r.clone()),
            evidence: found.map(|(_, e)| *e),
        });
    };

    let mut system = Vec::new();
    if let Some(why) = &evidence.architecture_change {
        system.push(why.clone());
    }
    let added: Vec<String> = evidence
        .contracts
        .iter()
        .filter(|c| c.added && !c.is_database())
        .map(|c| format!("`{}`", c.name))
        .collect();
    if !added.is_empty() {
        system.push(format!("new integration {}", added.join(", ")));
    }
    if evidence.packs_touched.len() >= 2 {
        let packs: Vec<&str> = evidence.packs_touched.iter().map(String::as_str).collect();
        system.push(format!(
            "touches {} packs ({})",
            packs.len(),
            packs.join(", ")
        ));
    }
    if !system.is_empty() {
        push(
            "architect".to_string(),
            format!("system-level change: {}", system.join("; ")),
            roles.architects.clone(),
        );
    }

    let mut schema = Vec::new();
    if let Some(why) = &evidence.schema_change {
        schema.push(why.clone());
    }
    for c in evidence.contracts.iter().filter(|c| c.is_database()) {
        schema.push(format!("database contract `{}` changed", c.name));
    }
    if !schema.is_empty() {
        push(
            "database owner".to_string(),
            format!("schema change: {}", schema.join("; ")),
            roles.database_owners.clone(),
        );
    }

    for c in evidence.contracts.iter().filter(|c| !c.is_database()) {
        let what = if c.added {
            "added"
        } else if c.removed {
            "removed"
        } else {
            "changed"
        };
        push(
            format!("integration owner of `{}`", c.name),
            format!("contract `{}` {what}", c.path),
            integration_owners(&c.name, evidence, manifest),
        );
    }

    for name in &evidence.packs_touched {
        let Some(pack) = manifest.pack(name) else {
            continue;
        };
        push(
            format!("maintainer of pack `{}`", pack.name),
            format!("files of pack `{}` changed", pack.name),
            pack.maintainers.clone(),
        );
    }
    out
}

/// The sentence of the required action an unmet review adds.
pub fn review_action(reviewer: &RequiredReviewer, accept: ReviewEvidenceMode) -> String {
    let who = if reviewer.candidates.is_empty() {
        "nobody holds this role in accord.toml; an architect may review instead".to_string()
    } else {
        reviewer
            .candidates
            .iter()
            .map(|c| format!("@{}", norm_person(c)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "Get a review from the {} ({who}) — {}; record it as an approval{}",
        reviewer.role,
        reviewer.reason,
        if accept == ReviewEvidenceMode::PrOrApprovals {
            " or a `Reviewed-by:` line in the pull request body"
        } else {
            " (`[policy] review_evidence = \"approvals\"`: a `Reviewed-by:` line does not count)"
        }
    )
}

//! Policy decisions (seed 003 §2.2): the verdict on a change set.

use serde::{Deserialize, Serialize};
use std::fmt;

/// APPROVE, DENY or APPROVE_WITH_CONDITIONS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Outcome {
    /// Nothing stands in the way.
    Approve,
    /// May merge once the required actions are done.
    ApproveWithConditions,
    /// Must not merge.
    Deny,
}

impl Outcome {
    /// The upper-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Approve => "APPROVE",
            Outcome::ApproveWithConditions => "APPROVE_WITH_CONDITIONS",
            Outcome::Deny => "DENY",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Seed 000's epic classification of a change set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EpicClass {
    /// Nothing governed changed.
    None,
    /// Entirely within one pack.
    PackLevel,
    /// Modifies an existing integration.
    Integration,
    /// New integration across packs, a database schema change, or an architectural change.
    SystemLevel,
}

/// An action the change still needs before it may merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredAction {
    /// Stable key of the condition (`migration_plan`, `consumers_updated`, `tests_updated`,
    /// `registry_bumped`, `deprecation_plan`, `review_notes`, …).
    pub condition: String,
    /// What to do, in a sentence.
    pub action: String,
    /// Fingerprints of the findings that need it.
    #[serde(default)]
    pub findings: Vec<String>,
    /// True when leaving it undone denies the change (policy decides).
    pub blocking: bool,
}

/// The decision object of a report (`decision` in the JSON report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The verdict.
    pub outcome: Outcome,
    /// Human-readable reasons, most important first.
    pub reasons: Vec<String>,
    /// What is left to do.
    pub required_actions: Vec<RequiredAction>,
    /// Packs hit by the change, directly or downstream.
    pub impacted_consumers: Vec<String>,
    /// Seed 000's epic class of the change set.
    pub epic_class: EpicClass,
    /// Why the change set got that epic class.
    #[serde(default)]
    pub epic_reason: String,
    /// Reviewers the change needs by role (seed 000 "Decision Authority"), met or not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_reviewers: Vec<RequiredReviewer>,
}

/// A role that must review the change, because of what the change touches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredReviewer {
    /// `architect`, `database owner`, `integration owner of …`, `maintainer of pack …`.
    pub role: String,
    /// What in the change calls for this role.
    pub reason: String,
    /// People who hold the role (from `[roles]` and the packs' `maintainers`).
    #[serde(default)]
    pub candidates: Vec<String>,
    /// Who reviewed as this role (an approval or a `Reviewed-by:` line), if anyone did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<String>,
    /// What `reviewed_by` rests on: an approval, or only the author's own PR body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<ReviewEvidence>,
}

/// Where a review was found. A `Reviewed-by:` line is written by the pull request's author,
/// so it is a declaration, not proof that the reviewer approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewEvidence {
    /// An entry of the approvals file (or a platform approval recorded there).
    Approval,
    /// A `Reviewed-by:` line in the pull request body: declared by the author.
    PrBody,
}

impl ReviewEvidence {
    /// How reports say it.
    pub fn describe(self) -> &'static str {
        match self {
            ReviewEvidence::Approval => "approved",
            ReviewEvidence::PrBody => "declared in PR body",
        }
    }
}

//! Policy decisions on contract changes (seed 003 §2.2, §5).

use crate::classify::{Severity, SignatureChange};

/// The verdict of a policy decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Merge.
    Approve,
    /// Merge once the listed actions are done.
    ApproveWithConditions,
    /// Do not merge.
    Deny,
}

/// Something the author must do before or after merging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredAction {
    /// What to do.
    pub action: String,
    /// True when the change cannot merge until it is done.
    pub blocking: bool,
}

/// A policy decision record.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct Decision {
    /// Stable identifier, `dec-<hash>`.
    pub id: String,
    /// The verdict.
    pub outcome: Outcome,
    /// Human-readable reasons.
    pub reasons: Vec<String>,
    /// The changes judged.
    pub changes: Vec<SignatureChange>,
    /// Packs that call the changed symbols.
    pub impacted: Vec<String>,
    /// What remains to do.
    pub actions: Vec<RequiredAction>,
}

/// Something that can veto a change, such as SecuritySentry or TestSmith.
pub trait Gate {
    /// The gate's name in decision reasons.
    fn name(&self) -> &str;

    /// Actions this gate requires for `change`; empty when it has no objection.
    fn review(&self, change: &SignatureChange) -> Vec<RequiredAction>;

    /// True when the gate also looks at SAFE changes.
    fn reviews_safe(&self) -> bool {
        false
    }
}

/// Decides on `changes` under the default policy: SAFE approves, RISKY needs tests and
/// review notes, BREAKING is denied without a migration plan.
///
/// # Side effects
///
/// None: the caller records the decision.
pub fn decide(changes: Vec<SignatureChange>, tests_touched: bool, gates: &[&dyn Gate]) -> Decision {
    let worst = changes.iter().map(|c| c.severity).max().unwrap_or(Severity::Safe);
    let mut actions: Vec<RequiredAction> =
        changes.iter().flat_map(|c| gates.iter().flat_map(move |g| g.review(c))).collect();
    if worst >= Severity::Risky && !tests_touched {
        actions.push(RequiredAction { action: "add or update tests".to_string(), blocking: worst == Severity::Breaking });
    }
    let outcome = if actions.iter().any(|a| a.blocking) {
        Outcome::Deny
    } else if actions.is_empty() {
        Outcome::Approve
    } else {
        Outcome::ApproveWithConditions
    };
    Decision { id: format!("dec-{}", changes.len()), outcome, reasons: Vec::new(), changes, impacted: Vec::new(), actions }
}

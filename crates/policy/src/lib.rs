//! Findings + evidence + policy + approvals → a decision, recorded in a tamper-evident ledger.
//!
//! Rules only classify; this crate decides (seed 003 §5). The CLI gathers [`ChangeEvidence`]
//! (changed files mapped to packs with [`PackMap`], one [`ContractEvidence`] per changed
//! contract, the pull request body), parses `[policy]` with [`Policy::parse`] and the approvals
//! file with [`Approvals::parse`], then calls [`decide`]. The result can be written as a
//! [`DecisionRecord`] and appended to a [`Ledger`].
//!
//! ```
//! use accord_model::{Finding, Location, Outcome, Class, Bump};
//! use accord_model::manifest::Manifest;
//! use accord_policy::{decide, Approvals, ChangeEvidence, ContractEvidence, Policy};
//!
//! let finding = Finding::new("section-removed", Class::Breaking, Bump::Major, "required section `Style` removed")
//!     .with_contract("A → B")
//!     .at(Location::file("contracts/a-b-v1.1.0.yaml"));
//! let mut evidence = ChangeEvidence::default();
//! evidence.contracts.push(ContractEvidence {
//!     name: "A → B".into(),
//!     provider: "A".into(),
//!     consumers: vec!["B".into()],
//!     old_version: Some("1.0.0".into()),
//!     new_version: Some("1.1.0".into()),
//!     bump: Bump::Minor,
//!     ..ContractEvidence::default()
//! });
//! let today = time::macros::date!(2026 - 01 - 01);
//! let result = decide(&[finding], &evidence, &Policy::default(), &Approvals::none(), &Manifest::default(), today);
//! assert_eq!(result.decision.outcome, Outcome::Deny);
//! assert!(result.decision.required_actions.iter().any(|a| a.condition == "registry_bumped"));
//! ```

mod approvals;
mod decide;
mod epic;
mod error;
mod evidence;
pub mod ledger;
mod policy;
mod pr;
pub mod record;
mod review;
pub mod rules;
pub mod secrets;

pub use approvals::{
    AppendError, Approval, Approvals, NewApproval, append_approval, format_date, parse_date,
};
pub use decide::{
    APPROVAL_CONDITION, AppliedApproval, DEPENDENCY_AUDITED, JUSTIFY_CONDITION, PolicyResult,
    RESOLVE_FINDING, TRACEABILITY_REVIEWED, decide, may_approve_in_tree,
};
pub use epic::classify_epic;
pub use error::{ConfigError, ConfigErrors};
pub use evidence::{ChangeEvidence, ContractEvidence, PackMap, PrBody, architecture_change};
pub use ledger::{
    Ledger, LedgerAnchor, LedgerConfigError, LedgerEntry, LedgerError, LedgerProblem,
    LedgerSettings, LedgerTarget, Origin, ProblemKind, RecordAnchor, RecordingError, StoreState,
    Verification,
};
pub use policy::{ClassPolicy, Condition, Policy, ReviewEvidenceMode, ReviewMode, RuleOverride};
pub use pr::{
    PrDeclaration, check_pr_declaration, has_review_notes, parse_pr_declaration, reviewed_by,
};
pub use record::{
    DecisionRecord, Difference, RecordAnchors, RecordContext, RecordError, Revision,
    decision_schema, decision_schema_text, verify_decision,
};
pub use review::{REVIEW_REQUIRED, review_action, route_reviewers};
pub use rules::rules;

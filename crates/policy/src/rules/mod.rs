//! The policy crate's own findings: approvals, pull request declarations and the change
//! set's evidence (secrets). One file per rule; the file name is the rule id with underscores.

use accord_model::RuleMeta;

mod policy_approval_expired;
mod policy_approval_unauthorized;
mod policy_approval_unknown_fingerprint;
mod policy_approval_unused;
mod policy_pr_declaration_malformed;
mod policy_pr_declaration_missing;
mod policy_pr_declaration_too_low;
mod secret_committed;
mod secret_suspected;

pub use policy_approval_expired::POLICY_APPROVAL_EXPIRED;
pub use policy_approval_unauthorized::POLICY_APPROVAL_UNAUTHORIZED;
pub use policy_approval_unknown_fingerprint::POLICY_APPROVAL_UNKNOWN_FINGERPRINT;
pub use policy_approval_unused::POLICY_APPROVAL_UNUSED;
pub use policy_pr_declaration_malformed::POLICY_PR_DECLARATION_MALFORMED;
pub use policy_pr_declaration_missing::POLICY_PR_DECLARATION_MISSING;
pub use policy_pr_declaration_too_low::POLICY_PR_DECLARATION_TOO_LOW;
pub use secret_committed::SECRET_COMMITTED;
pub use secret_suspected::SECRET_SUSPECTED;

static RULES: [&RuleMeta; 9] = [
    &POLICY_APPROVAL_EXPIRED,
    &POLICY_APPROVAL_UNAUTHORIZED,
    &POLICY_APPROVAL_UNKNOWN_FINGERPRINT,
    &POLICY_APPROVAL_UNUSED,
    &POLICY_PR_DECLARATION_MALFORMED,
    &POLICY_PR_DECLARATION_MISSING,
    &POLICY_PR_DECLARATION_TOO_LOW,
    &SECRET_COMMITTED,
    &SECRET_SUSPECTED,
];

/// Every rule of the policy crate.
pub fn rules() -> &'static [&'static RuleMeta] {
    &RULES
}

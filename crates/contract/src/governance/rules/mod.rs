//! Governance rules, one file per rule.

pub mod governance_codeowners_stale;
pub mod governance_doc_stale;
pub mod governance_duty_unmet;
pub mod governance_epic_unknown;

/// Every governance rule, in catalogue order.
pub fn rules() -> &'static [&'static accord_model::RuleMeta] {
    static RULES: &[&accord_model::RuleMeta] = &[
        &governance_codeowners_stale::GOVERNANCE_CODEOWNERS_STALE,
        &governance_doc_stale::GOVERNANCE_DOC_STALE,
        &governance_duty_unmet::GOVERNANCE_DUTY_UNMET,
        &governance_epic_unknown::GOVERNANCE_EPIC_UNKNOWN,
    ];
    RULES
}

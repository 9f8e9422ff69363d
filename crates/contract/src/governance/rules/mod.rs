//! Governance rules, one file per rule.

pub mod governance_codeowners_stale;
pub mod governance_doc_stale;
pub mod governance_duty_unmet;
pub mod governance_epic_unknown;
pub mod governance_pack_lifecycle;
pub mod governance_pack_removed_early;

/// Every governance rule, in catalogue order.
pub fn rules() -> &'static [&'static accord_model::RuleMeta] {
    static RULES: &[&accord_model::RuleMeta] = &[
        &governance_codeowners_stale::GOVERNANCE_CODEOWNERS_STALE,
        &governance_doc_stale::GOVERNANCE_DOC_STALE,
        &governance_duty_unmet::GOVERNANCE_DUTY_UNMET,
        &governance_epic_unknown::GOVERNANCE_EPIC_UNKNOWN,
        &governance_pack_lifecycle::GOVERNANCE_PACK_LIFECYCLE,
        &governance_pack_removed_early::GOVERNANCE_PACK_REMOVED_EARLY,
    ];
    RULES
}

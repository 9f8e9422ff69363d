//! Governance rules, one file per rule.

pub mod governance_adr_duplicate;
pub mod governance_codeowners_stale;
pub mod governance_doc_field_invalid;
pub mod governance_doc_file_name;
pub mod governance_doc_placeholder;
pub mod governance_doc_section_missing;
pub mod governance_doc_stale;
pub mod governance_duty_unmet;
pub mod governance_epic_unknown;
pub mod governance_pack_lifecycle;
pub mod governance_pack_removed_early;

/// Every governance rule, in catalogue order.
pub fn rules() -> &'static [&'static accord_model::RuleMeta] {
    static RULES: &[&accord_model::RuleMeta] = &[
        &governance_adr_duplicate::GOVERNANCE_ADR_DUPLICATE,
        &governance_codeowners_stale::GOVERNANCE_CODEOWNERS_STALE,
        &governance_doc_field_invalid::GOVERNANCE_DOC_FIELD_INVALID,
        &governance_doc_file_name::GOVERNANCE_DOC_FILE_NAME,
        &governance_doc_placeholder::GOVERNANCE_DOC_PLACEHOLDER,
        &governance_doc_section_missing::GOVERNANCE_DOC_SECTION_MISSING,
        &governance_doc_stale::GOVERNANCE_DOC_STALE,
        &governance_duty_unmet::GOVERNANCE_DUTY_UNMET,
        &governance_epic_unknown::GOVERNANCE_EPIC_UNKNOWN,
        &governance_pack_lifecycle::GOVERNANCE_PACK_LIFECYCLE,
        &governance_pack_removed_early::GOVERNANCE_PACK_REMOVED_EARLY,
    ];
    RULES
}

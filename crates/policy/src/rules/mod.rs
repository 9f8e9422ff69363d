//! The policy crate's own findings: approvals and pull request declarations. One file per
//! rule; the file name is the rule id with underscores.

use accord_model::RuleMeta;

mod policy_approval_expired;
mod policy_approval_unauthorized;
mod policy_approval_unknown_fingerprint;
mod policy_approval_unused;
mod policy_pr_declaration_malformed;
mod policy_pr_declaration_missing;
mod policy_pr_declaration_too_low;

pub use policy_approval_expired::POLICY_APPROVAL_EXPIRED;
pub use policy_approval_unauthorized::POLICY_APPROVAL_UNAUTHORIZED;
pub use policy_approval_unknown_fingerprint::POLICY_APPROVAL_UNKNOWN_FINGERPRINT;
pub use policy_approval_unused::POLICY_APPROVAL_UNUSED;
pub use policy_pr_declaration_malformed::POLICY_PR_DECLARATION_MALFORMED;
pub use policy_pr_declaration_missing::POLICY_PR_DECLARATION_MISSING;
pub use policy_pr_declaration_too_low::POLICY_PR_DECLARATION_TOO_LOW;

static RULES: [&RuleMeta; 7] = [
    &POLICY_APPROVAL_EXPIRED,
    &POLICY_APPROVAL_UNAUTHORIZED,
    &POLICY_APPROVAL_UNKNOWN_FINGERPRINT,
    &POLICY_APPROVAL_UNUSED,
    &POLICY_PR_DECLARATION_MALFORMED,
    &POLICY_PR_DECLARATION_MISSING,
    &POLICY_PR_DECLARATION_TOO_LOW,
];

/// Every rule of the policy crate.
pub fn rules() -> &'static [&'static RuleMeta] {
    &RULES
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_rule_file_is_registered_under_its_own_name() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let files: BTreeSet<String> = std::fs::read_dir(dir)
            .expect("src/rules exists")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rs") && n != "mod.rs")
            .map(|n| n.trim_end_matches(".rs").replace('_', "-"))
            .collect();
        let ids: BTreeSet<String> = rules().iter().map(|r| r.id.to_string()).collect();
        assert_eq!(files, ids);
        assert_eq!(ids.len(), rules().len(), "rule ids are unique");
    }

    #[test]
    fn every_rule_documents_the_four_sections() {
        for rule in rules() {
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## How to fix",
            ] {
                assert!(rule.docs.contains(section), "{} lacks {section}", rule.id);
            }
            assert_eq!(rule.group, "policy", "{}", rule.id);
        }
    }
}

//! One file per conformance rule: its documentation, its wording, its check and its tests.

pub(crate) mod conformance_binary_file;
pub(crate) mod conformance_empty_file;
pub(crate) mod conformance_encoding;
pub(crate) mod conformance_file_too_large;
pub(crate) mod conformance_location_escapes;
pub(crate) mod conformance_missing_entry;
pub(crate) mod conformance_missing_field;
pub(crate) mod conformance_missing_section;
pub(crate) mod conformance_no_artifacts;
pub(crate) mod conformance_parse_error;
pub(crate) mod conformance_schema_violation;
pub(crate) mod conformance_section_level;

use accord_model::RuleMeta;

/// Every conformance rule, in catalogue order.
pub(crate) static ALL: &[&RuleMeta] = &[
    &conformance_no_artifacts::CONFORMANCE_NO_ARTIFACTS,
    &conformance_location_escapes::CONFORMANCE_LOCATION_ESCAPES,
    &conformance_file_too_large::CONFORMANCE_FILE_TOO_LARGE,
    &conformance_empty_file::CONFORMANCE_EMPTY_FILE,
    &conformance_binary_file::CONFORMANCE_BINARY_FILE,
    &conformance_encoding::CONFORMANCE_ENCODING,
    &conformance_parse_error::CONFORMANCE_PARSE_ERROR,
    &conformance_missing_section::CONFORMANCE_MISSING_SECTION,
    &conformance_section_level::CONFORMANCE_SECTION_LEVEL,
    &conformance_missing_field::CONFORMANCE_MISSING_FIELD,
    &conformance_schema_violation::CONFORMANCE_SCHEMA_VIOLATION,
    &conformance_missing_entry::CONFORMANCE_MISSING_ENTRY,
];

#[cfg(test)]
mod tests {
    use super::ALL;
    use std::collections::BTreeSet;

    #[test]
    fn every_rule_file_is_registered_under_its_own_name() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/conformance/rules");
        let files: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".rs") && n != "mod.rs")
            .map(|n| n.trim_end_matches(".rs").replace('_', "-"))
            .collect();
        let ids: BTreeSet<String> = ALL.iter().map(|r| r.id.to_string()).collect();
        assert_eq!(files, ids, "rule files and registered ids differ");
        assert_eq!(ids.len(), ALL.len(), "duplicate rule ids");
        let source = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
        for id in &ids {
            assert!(
                source.contains(&format!("mod {};", id.replace('-', "_"))),
                "{id} not declared"
            );
        }
    }

    #[test]
    fn every_rule_is_documented_in_the_house_sections() {
        for rule in ALL {
            assert_eq!(rule.group, "conformance", "{}", rule.id);
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## How to fix",
            ] {
                assert!(rule.docs.contains(section), "{} lacks `{section}`", rule.id);
            }
            assert!(!rule.summary.is_empty());
        }
    }
}

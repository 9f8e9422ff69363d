//! One file per conformance rule: its documentation, its wording, its check and its tests.

pub(crate) mod conformance_binary_file;
pub(crate) mod conformance_empty_file;
pub(crate) mod conformance_encoding;
pub(crate) mod conformance_example_invalid;
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
    &conformance_example_invalid::CONFORMANCE_EXAMPLE_INVALID,
];

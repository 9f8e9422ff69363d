//! The engine's own findings: the architecture of the pack graph (boundaries, cycles,
//! pipeline direction, consumers seen in code), TestSmith's (tests required and referenced)
//! and SecuritySentry's (capabilities, sensitive data, prompt-injection exposure). One file
//! per rule; the file name is the rule
//! id with underscores.

use accord_model::RuleMeta;

mod capability_undeclared;
mod capability_unused;
mod cli_flag_deprecated;
mod cli_flag_removed;
mod consumer_declared_unused;
mod consumer_undeclared_use;
mod optional_dependency_unguarded;
mod pack_boundary_dependency;
mod pack_boundary_import;
mod pack_cycle;
mod pii_in_file_name;
mod pipeline_backwards;
mod prompt_injection_flow;
mod provider_tests_untouched;
mod sensitive_field_in_output;
mod test_file_unparsed;
mod test_reference_missing;
mod test_reference_stale;

pub use capability_undeclared::CAPABILITY_UNDECLARED;
pub use capability_unused::CAPABILITY_UNUSED;
pub use cli_flag_deprecated::CLI_FLAG_DEPRECATED;
pub use cli_flag_removed::CLI_FLAG_REMOVED;
pub use consumer_declared_unused::CONSUMER_DECLARED_UNUSED;
pub use consumer_undeclared_use::CONSUMER_UNDECLARED_USE;
pub use optional_dependency_unguarded::OPTIONAL_DEPENDENCY_UNGUARDED;
pub use pack_boundary_dependency::PACK_BOUNDARY_DEPENDENCY;
pub use pack_boundary_import::PACK_BOUNDARY_IMPORT;
pub use pack_cycle::PACK_CYCLE;
pub use pii_in_file_name::PII_IN_FILE_NAME;
pub use pipeline_backwards::PIPELINE_BACKWARDS;
pub use prompt_injection_flow::PROMPT_INJECTION_FLOW;
pub use provider_tests_untouched::PROVIDER_TESTS_UNTOUCHED;
pub use sensitive_field_in_output::SENSITIVE_FIELD_IN_OUTPUT;
pub use test_file_unparsed::TEST_FILE_UNPARSED;
pub use test_reference_missing::TEST_REFERENCE_MISSING;
pub use test_reference_stale::TEST_REFERENCE_STALE;

static RULES: [&RuleMeta; 18] = [
    &CAPABILITY_UNDECLARED,
    &CAPABILITY_UNUSED,
    &CLI_FLAG_DEPRECATED,
    &CLI_FLAG_REMOVED,
    &CONSUMER_DECLARED_UNUSED,
    &CONSUMER_UNDECLARED_USE,
    &OPTIONAL_DEPENDENCY_UNGUARDED,
    &PACK_BOUNDARY_DEPENDENCY,
    &PACK_BOUNDARY_IMPORT,
    &PACK_CYCLE,
    &PII_IN_FILE_NAME,
    &PIPELINE_BACKWARDS,
    &PROVIDER_TESTS_UNTOUCHED,
    &TEST_FILE_UNPARSED,
    &TEST_REFERENCE_MISSING,
    &TEST_REFERENCE_STALE,
    &PROMPT_INJECTION_FLOW,
    &SENSITIVE_FIELD_IN_OUTPUT,
];

/// Every rule of the engine.
pub fn rules() -> &'static [&'static RuleMeta] {
    &RULES
}

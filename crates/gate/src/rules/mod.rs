//! The gate crate's findings (metric gates, changelog duties, release tags, traceability). One file per rule; the file name is the rule id with underscores.

use accord_model::RuleMeta;

mod changelog_entry_missing;
mod cli_flag_removal_before_deprecation_window;
mod deprecation_history_unreadable;
mod gate_error;
mod gate_failed;
mod gate_regression;
mod gate_regression_justify;
mod gate_warning;
mod release_tag_mismatch;
mod removal_before_deprecation_window;
mod trace_entry_stale;
mod trace_history_unreadable;
mod trace_requirement_untested;
mod trace_test_missing;
mod trace_test_unclassified;
mod trace_test_untraced;

pub use changelog_entry_missing::CHANGELOG_ENTRY_MISSING;
pub use cli_flag_removal_before_deprecation_window::CLI_FLAG_REMOVAL_BEFORE_DEPRECATION_WINDOW;
pub use deprecation_history_unreadable::DEPRECATION_HISTORY_UNREADABLE;
pub use gate_error::GATE_ERROR;
pub use gate_failed::GATE_FAILED;
pub use gate_regression::GATE_REGRESSION;
pub use gate_regression_justify::GATE_REGRESSION_JUSTIFY;
pub use gate_warning::GATE_WARNING;
pub use release_tag_mismatch::RELEASE_TAG_MISMATCH;
pub use removal_before_deprecation_window::REMOVAL_BEFORE_DEPRECATION_WINDOW;
pub use trace_entry_stale::TRACE_ENTRY_STALE;
pub use trace_history_unreadable::TRACE_HISTORY_UNREADABLE;
pub use trace_requirement_untested::TRACE_REQUIREMENT_UNTESTED;
pub use trace_test_missing::TRACE_TEST_MISSING;
pub use trace_test_unclassified::TRACE_TEST_UNCLASSIFIED;
pub use trace_test_untraced::TRACE_TEST_UNTRACED;

static RULES: [&RuleMeta; 16] = [
    &CHANGELOG_ENTRY_MISSING,
    &CLI_FLAG_REMOVAL_BEFORE_DEPRECATION_WINDOW,
    &DEPRECATION_HISTORY_UNREADABLE,
    &GATE_ERROR,
    &GATE_FAILED,
    &GATE_REGRESSION,
    &GATE_REGRESSION_JUSTIFY,
    &GATE_WARNING,
    &RELEASE_TAG_MISMATCH,
    &REMOVAL_BEFORE_DEPRECATION_WINDOW,
    &TRACE_ENTRY_STALE,
    &TRACE_HISTORY_UNREADABLE,
    &TRACE_REQUIREMENT_UNTESTED,
    &TRACE_TEST_MISSING,
    &TRACE_TEST_UNCLASSIFIED,
    &TRACE_TEST_UNTRACED,
];

/// Every rule of the gate crate.
pub fn rules() -> &'static [&'static RuleMeta] {
    &RULES
}

//! The gate crate's findings. One file per rule; the file name is the rule id with underscores.

use accord_model::RuleMeta;

mod gate_error;
mod gate_failed;
mod gate_regression;
mod gate_regression_justify;
mod gate_warning;

pub use gate_error::GATE_ERROR;
pub use gate_failed::GATE_FAILED;
pub use gate_regression::GATE_REGRESSION;
pub use gate_regression_justify::GATE_REGRESSION_JUSTIFY;
pub use gate_warning::GATE_WARNING;

static RULES: [&RuleMeta; 5] = [
    &GATE_ERROR,
    &GATE_FAILED,
    &GATE_REGRESSION,
    &GATE_REGRESSION_JUSTIFY,
    &GATE_WARNING,
];

/// Every rule of the gate crate.
pub fn rules() -> &'static [&'static RuleMeta] {
    &RULES
}

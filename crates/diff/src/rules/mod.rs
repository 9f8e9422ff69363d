//! Every rule of this crate, one file each; the file name is the rule id.

use crate::engine::Cx;
use accord_model::{Finding, RuleMeta};

pub(crate) mod contract_added;
pub(crate) mod contract_deprecated;
pub(crate) mod contract_removed;
pub(crate) mod deprecation_window_open;
pub(crate) mod description_changed;
pub(crate) mod element_renamed;
pub(crate) mod encoding_changed;
pub(crate) mod field_type_changed;
pub(crate) mod format_changed;
pub(crate) mod guarantee_added;
pub(crate) mod guarantee_removed;
pub(crate) mod location_changed;
pub(crate) mod major_without_history;
pub(crate) mod optional_added;
pub(crate) mod optional_became_required;
pub(crate) mod optional_removed;
pub(crate) mod project_version_bump_insufficient;
pub(crate) mod required_added;
pub(crate) mod required_became_optional;
pub(crate) mod required_removed;
pub(crate) mod retired_while_consumed;
pub(crate) mod retired_without_deprecation;
pub(crate) mod schema_annotation_changed;
pub(crate) mod schema_bounds_incompatible;
pub(crate) mod schema_change_compatible;
pub(crate) mod schema_change_unchecked;
pub(crate) mod schema_composition_incompatible;
pub(crate) mod schema_default_changed;
pub(crate) mod schema_enum_incompatible;
pub(crate) mod schema_pattern_incompatible;
pub(crate) mod schema_property_added;
pub(crate) mod schema_property_incompatible;
pub(crate) mod schema_required_incompatible;
pub(crate) mod schema_type_incompatible;
pub(crate) mod schema_uncomparable;
pub(crate) mod section_level_changed;
pub(crate) mod status_transition_backwards;
pub(crate) mod version_bump_insufficient;

/// The rules that compare two versions of one contract, in reporting order. The semver
/// rules are not here: they run last, over these rules' findings.
pub(crate) const CHANGED_CHECKS: &[fn(&Cx<'_>, &mut Vec<Finding>)] = &[
    required_removed::check,
    element_renamed::check,
    required_added::check,
    optional_became_required::check,
    required_became_optional::check,
    optional_removed::check,
    optional_added::check,
    field_type_changed::check,
    section_level_changed::check,
    format_changed::check,
    location_changed::check,
    encoding_changed::check,
    description_changed::check,
    guarantee_removed::check,
    guarantee_added::check,
    status_transition_backwards::check,
    contract_deprecated::check,
    retired_without_deprecation::check,
    retired_while_consumed::check,
    deprecation_window_open::check,
];

static RULES: &[&RuleMeta] = &[
    // contract-change
    &required_removed::REQUIRED_REMOVED,
    &element_renamed::ELEMENT_RENAMED,
    &required_added::REQUIRED_ADDED,
    &optional_became_required::OPTIONAL_BECAME_REQUIRED,
    &required_became_optional::REQUIRED_BECAME_OPTIONAL,
    &optional_removed::OPTIONAL_REMOVED,
    &optional_added::OPTIONAL_ADDED,
    &field_type_changed::FIELD_TYPE_CHANGED,
    &section_level_changed::SECTION_LEVEL_CHANGED,
    &format_changed::FORMAT_CHANGED,
    &location_changed::LOCATION_CHANGED,
    &encoding_changed::ENCODING_CHANGED,
    &description_changed::DESCRIPTION_CHANGED,
    &guarantee_removed::GUARANTEE_REMOVED,
    &guarantee_added::GUARANTEE_ADDED,
    &status_transition_backwards::STATUS_TRANSITION_BACKWARDS,
    &contract_deprecated::CONTRACT_DEPRECATED,
    &retired_without_deprecation::RETIRED_WITHOUT_DEPRECATION,
    &retired_while_consumed::RETIRED_WHILE_CONSUMED,
    &deprecation_window_open::DEPRECATION_WINDOW_OPEN,
    &contract_removed::CONTRACT_REMOVED,
    &contract_added::CONTRACT_ADDED,
    &version_bump_insufficient::VERSION_BUMP_INSUFFICIENT,
    &major_without_history::MAJOR_WITHOUT_HISTORY,
    &project_version_bump_insufficient::PROJECT_VERSION_BUMP_INSUFFICIENT,
    // schema-change
    &schema_type_incompatible::SCHEMA_TYPE_INCOMPATIBLE,
    &schema_enum_incompatible::SCHEMA_ENUM_INCOMPATIBLE,
    &schema_bounds_incompatible::SCHEMA_BOUNDS_INCOMPATIBLE,
    &schema_pattern_incompatible::SCHEMA_PATTERN_INCOMPATIBLE,
    &schema_required_incompatible::SCHEMA_REQUIRED_INCOMPATIBLE,
    &schema_property_incompatible::SCHEMA_PROPERTY_INCOMPATIBLE,
    &schema_composition_incompatible::SCHEMA_COMPOSITION_INCOMPATIBLE,
    &schema_uncomparable::SCHEMA_UNCOMPARABLE,
    &schema_property_added::SCHEMA_PROPERTY_ADDED,
    &schema_change_compatible::SCHEMA_CHANGE_COMPATIBLE,
    &schema_change_unchecked::SCHEMA_CHANGE_UNCHECKED,
    &schema_annotation_changed::SCHEMA_ANNOTATION_CHANGED,
    &schema_default_changed::SCHEMA_DEFAULT_CHANGED,
];

/// Every rule of this crate (groups `contract-change` and `schema-change`).
pub fn rules() -> &'static [&'static RuleMeta] {
    RULES
}

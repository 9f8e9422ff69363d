//! Every rule of this crate, one file each; the file name is the rule id.

use crate::context::DiffContext;
use crate::engine::Cx;
use accord_model::contract::Contract;
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
pub(crate) mod schema_dependencies_incompatible;
pub(crate) mod schema_enum_incompatible;
pub(crate) mod schema_items_incompatible;
pub(crate) mod schema_pattern_incompatible;
pub(crate) mod schema_property_added;
pub(crate) mod schema_property_incompatible;
pub(crate) mod schema_required_incompatible;
pub(crate) mod schema_type_incompatible;
pub(crate) mod schema_uncomparable;
pub(crate) mod section_level_changed;
pub(crate) mod status_transition_backwards;
pub(crate) mod version_bump_insufficient;

/// When a rule runs, and with what it is given.
#[derive(Clone, Copy)]
pub(crate) enum Run {
    /// On two versions of one contract, in table order.
    Changed(fn(&Cx<'_>, &mut Vec<Finding>)),
    /// On two versions of one contract, after every `Changed` rule, over their findings
    /// (the semver rules compare the declared version with what the changes require).
    Semver(fn(&Cx<'_>, &mut Vec<Finding>)),
    /// On a contract new in the registry.
    Added(fn(&Contract, &DiffContext, &mut Vec<Finding>)),
    /// On a contract gone from the registry.
    Removed(fn(&Contract, &DiffContext, &mut Vec<Finding>)),
    /// Reported by the JSON Schema comparison (`crate::schema`), which walks both schemas
    /// once for all of them.
    Schema,
    /// Reported across the whole change, not per contract (`check_project_version`).
    Project,
}

/// One rule: what it declares and when it runs. The one registry of this crate.
pub(crate) struct ContractRule {
    pub(crate) meta: &'static RuleMeta,
    pub(crate) runs: &'static [Run],
}

/// The checks of `RULES` that run at one stage, in table order.
pub(crate) fn stage<F: Copy>(pick: impl Fn(Run) -> Option<F>) -> impl Iterator<Item = F> {
    RULES
        .iter()
        .flat_map(|rule| rule.runs.iter().copied())
        .filter_map(pick)
}

/// Every rule of this crate, in reporting order.
pub(crate) static RULES: &[ContractRule] = &[
    ContractRule {
        meta: &required_removed::REQUIRED_REMOVED,
        runs: &[Run::Changed(required_removed::check)],
    },
    ContractRule {
        meta: &element_renamed::ELEMENT_RENAMED,
        runs: &[Run::Changed(element_renamed::check)],
    },
    ContractRule {
        meta: &required_added::REQUIRED_ADDED,
        runs: &[Run::Changed(required_added::check)],
    },
    ContractRule {
        meta: &optional_became_required::OPTIONAL_BECAME_REQUIRED,
        runs: &[Run::Changed(optional_became_required::check)],
    },
    ContractRule {
        meta: &required_became_optional::REQUIRED_BECAME_OPTIONAL,
        runs: &[Run::Changed(required_became_optional::check)],
    },
    ContractRule {
        meta: &optional_removed::OPTIONAL_REMOVED,
        runs: &[Run::Changed(optional_removed::check)],
    },
    ContractRule {
        meta: &optional_added::OPTIONAL_ADDED,
        runs: &[Run::Changed(optional_added::check)],
    },
    ContractRule {
        meta: &field_type_changed::FIELD_TYPE_CHANGED,
        runs: &[Run::Changed(field_type_changed::check)],
    },
    ContractRule {
        meta: &section_level_changed::SECTION_LEVEL_CHANGED,
        runs: &[Run::Changed(section_level_changed::check)],
    },
    ContractRule {
        meta: &format_changed::FORMAT_CHANGED,
        runs: &[Run::Changed(format_changed::check)],
    },
    ContractRule {
        meta: &location_changed::LOCATION_CHANGED,
        runs: &[Run::Changed(location_changed::check)],
    },
    ContractRule {
        meta: &encoding_changed::ENCODING_CHANGED,
        runs: &[Run::Changed(encoding_changed::check)],
    },
    ContractRule {
        meta: &description_changed::DESCRIPTION_CHANGED,
        runs: &[Run::Changed(description_changed::check)],
    },
    ContractRule {
        meta: &guarantee_removed::GUARANTEE_REMOVED,
        runs: &[Run::Changed(guarantee_removed::check)],
    },
    ContractRule {
        meta: &guarantee_added::GUARANTEE_ADDED,
        runs: &[Run::Changed(guarantee_added::check)],
    },
    ContractRule {
        meta: &status_transition_backwards::STATUS_TRANSITION_BACKWARDS,
        runs: &[Run::Changed(status_transition_backwards::check)],
    },
    ContractRule {
        meta: &contract_deprecated::CONTRACT_DEPRECATED,
        runs: &[Run::Changed(contract_deprecated::check)],
    },
    ContractRule {
        meta: &retired_without_deprecation::RETIRED_WITHOUT_DEPRECATION,
        runs: &[Run::Changed(retired_without_deprecation::check)],
    },
    ContractRule {
        meta: &retired_while_consumed::RETIRED_WHILE_CONSUMED,
        runs: &[Run::Changed(retired_while_consumed::check)],
    },
    ContractRule {
        meta: &deprecation_window_open::DEPRECATION_WINDOW_OPEN,
        runs: &[
            Run::Changed(deprecation_window_open::check),
            Run::Removed(deprecation_window_open::check_removed),
        ],
    },
    ContractRule {
        meta: &contract_removed::CONTRACT_REMOVED,
        runs: &[Run::Removed(contract_removed::check)],
    },
    ContractRule {
        meta: &contract_added::CONTRACT_ADDED,
        runs: &[Run::Added(contract_added::check)],
    },
    ContractRule {
        meta: &version_bump_insufficient::VERSION_BUMP_INSUFFICIENT,
        runs: &[Run::Semver(version_bump_insufficient::check)],
    },
    ContractRule {
        meta: &major_without_history::MAJOR_WITHOUT_HISTORY,
        runs: &[Run::Semver(major_without_history::check)],
    },
    ContractRule {
        meta: &project_version_bump_insufficient::PROJECT_VERSION_BUMP_INSUFFICIENT,
        runs: &[Run::Project],
    },
    ContractRule {
        meta: &schema_type_incompatible::SCHEMA_TYPE_INCOMPATIBLE,
        runs: &[Run::Schema],
    },
    ContractRule {
        meta: &schema_enum_incompatible::SCHEMA_ENUM_INCOMPATIBLE,
        runs: &[Run::Schema],
    },
    ContractRule {
        meta: &schema_bounds_incompatible::SCHEMA_BOUNDS_INCOMPATIBLE,
        runs: &[Run::Schema],
    },
    ContractRule {
        meta: &schema_pattern_incompatible::SCHEMA_PATTERN_INCOMPATIBLE,
        runs: &[Run::Schema],
    },
    ContractRule {
        meta: &schema_required_incompatible::SCHEMA_REQUIRED_INCOMPATIBLE,
        runs: &[Run::Schema],
    },
    ContractRule {
        meta: &schema_property_incompatible::SCHEMA_PROPERTY_INCOMPATIBLE,
        runs: &[Run::Schema],
    },
    ContractRule {
        meta: &schema_items_incompatible::SCHEMA_ITEMS_INCOMPATIBLE,
        runs: &[Run::Schema],
    },
    ContractRule {
        meta: &schema_dependencies_incompatible::SCHEMA_DEPENDENCIES_INCOMPATIBLE,
        runs: &[Run::Schema],
    },
    ContractRule {
        meta: &schema_composition_incompatible::SCHEMA_COMPOSITION_INCOMPATIBLE,
        runs: &[Run::Schema],
    },
    ContractRule {
        meta: &schema_uncomparable::SCHEMA_UNCOMPARABLE,
        runs: &[Run::Schema],
    },
    ContractRule {
        meta: &schema_property_added::SCHEMA_PROPERTY_ADDED,
        runs: &[Run::Schema],
    },
    ContractRule {
        meta: &schema_change_compatible::SCHEMA_CHANGE_COMPATIBLE,
        runs: &[Run::Schema],
    },
    ContractRule {
        meta: &schema_change_unchecked::SCHEMA_CHANGE_UNCHECKED,
        runs: &[Run::Schema],
    },
    ContractRule {
        meta: &schema_annotation_changed::SCHEMA_ANNOTATION_CHANGED,
        runs: &[Run::Schema],
    },
    ContractRule {
        meta: &schema_default_changed::SCHEMA_DEFAULT_CHANGED,
        runs: &[Run::Schema],
    },
];

/// Every rule of this crate (groups `contract-change` and `schema-change`).
pub fn rules() -> &'static [&'static RuleMeta] {
    static METAS: std::sync::OnceLock<Vec<&'static RuleMeta>> = std::sync::OnceLock::new();
    METAS.get_or_init(|| RULES.iter().map(|r| r.meta).collect())
}

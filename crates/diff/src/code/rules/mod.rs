//! Every code change rule, one per file, and the registry that lists them.
// Nested `if let`s mirror the rule prose (pair, then condition); let-chains would hide the
// two steps in one line.
#![allow(clippy::collapsible_if)]

pub mod annotation_changed;
pub mod async_changed;
pub mod cargo_feature_removed;
pub mod constant_value_changed;
pub mod default_changed;
pub mod deprecation_added;
pub mod doc_changed;
pub mod doc_hidden_added;
pub mod enum_variant_added;
pub mod errors_changed;
pub mod export_condition_removed;
pub mod export_symbol_changed;
pub mod exports_map_added;
pub mod extern_abi_changed;
pub mod generic_added;
pub mod generic_params_changed;
pub mod interface_member_added;
pub mod lifetime_params_changed;
pub mod must_use_added;
pub mod non_exhaustive_added;
pub mod optional_param_added;
pub mod param_absorbed_by_variadic;
pub mod param_kind_changed;
pub mod param_now_optional;
pub mod param_now_required;
pub mod param_removed;
pub mod param_reordered;
pub mod param_type_changed;
pub mod param_type_widened;
pub mod partial_ord_field_order_changed;
pub mod positional_param_inserted;
pub mod property_now_required;
pub mod repr_changed;
pub mod required_param_added;
pub mod return_type_changed;
pub mod return_type_narrowed;
pub mod side_effects_changed;
pub mod static_now_mut;
pub mod struct_field_added;
pub mod struct_kind_changed;
pub mod symbol_added;
pub mod symbol_kind_changed;
pub mod symbol_removed;
pub mod symbol_removed_unverified;
pub mod symbol_renamed;
pub mod target_feature_added;
pub mod trait_impl_removed;
pub mod trait_item_added;
pub mod trait_no_longer_dyn_compatible;
pub mod type_alias_widened;
pub mod type_changed;
pub mod type_path_changed;
pub mod type_rewritten;
pub mod unsafe_added;
pub mod variadic_removed;
pub mod visibility_reduced;

use super::CodeRule;
use accord_model::RuleMeta;

/// The shared imports of rule files.
mod prelude {
    pub(crate) use crate::code::{Cx, TypeChange, align, finding};
    pub(crate) use accord_model::surface::{Language, ParamKind, Symbol, SymbolKind};
    pub(crate) use accord_model::{Finding, declare_rule};

    /// True when `s` carries the attribute `name` exactly.
    pub(crate) fn has(s: &Symbol, name: &str) -> bool {
        s.attributes.iter().any(|a| a == name)
    }

    /// `keyword-only`, `positional-only`, … for messages.
    pub(crate) fn kind(k: ParamKind) -> &'static str {
        match k {
            ParamKind::Receiver => "receiver",
            ParamKind::Positional => "positional-only",
            ParamKind::PositionalOrKeyword => "positional-or-keyword",
            ParamKind::Keyword => "keyword-only",
            ParamKind::Variadic => "*args",
            ParamKind::VariadicKeyword => "**kwargs",
        }
    }

    /// A finding about a Cargo feature, located at the package's Cargo.toml.
    pub(crate) fn feature_finding(cx: &Cx<'_>, detail: &str, message: String) -> Finding {
        Finding::of(
            &super::cargo_feature_removed::CARGO_FEATURE_REMOVED,
            message,
        )
        .at(accord_model::Location::file("Cargo.toml"))
        .with_logical_path(format!("{}/features/{detail}", cx.new.package))
    }
}

/// Every rule with its check, in reporting order.
pub(crate) static RULES: &[CodeRule] = &[
    CodeRule {
        meta: &symbol_removed::SYMBOL_REMOVED,
        check: symbol_removed::check,
    },
    CodeRule {
        meta: &symbol_renamed::SYMBOL_RENAMED,
        check: symbol_renamed::check,
    },
    CodeRule {
        meta: &symbol_added::SYMBOL_ADDED,
        check: symbol_added::check,
    },
    CodeRule {
        meta: &visibility_reduced::VISIBILITY_REDUCED,
        check: visibility_reduced::check,
    },
    CodeRule {
        meta: &required_param_added::REQUIRED_PARAM_ADDED,
        check: required_param_added::check,
    },
    CodeRule {
        meta: &optional_param_added::OPTIONAL_PARAM_ADDED,
        check: optional_param_added::check,
    },
    CodeRule {
        meta: &param_removed::PARAM_REMOVED,
        check: param_removed::check,
    },
    CodeRule {
        meta: &variadic_removed::VARIADIC_REMOVED,
        check: variadic_removed::check,
    },
    CodeRule {
        meta: &param_absorbed_by_variadic::PARAM_ABSORBED_BY_VARIADIC,
        check: param_absorbed_by_variadic::check,
    },
    CodeRule {
        meta: &positional_param_inserted::POSITIONAL_PARAM_INSERTED,
        check: positional_param_inserted::check,
    },
    CodeRule {
        meta: &symbol_kind_changed::SYMBOL_KIND_CHANGED,
        check: symbol_kind_changed::check,
    },
    CodeRule {
        meta: &constant_value_changed::CONSTANT_VALUE_CHANGED,
        check: constant_value_changed::check,
    },
    CodeRule {
        meta: &param_now_required::PARAM_NOW_REQUIRED,
        check: param_now_required::check,
    },
    CodeRule {
        meta: &param_now_optional::PARAM_NOW_OPTIONAL,
        check: param_now_optional::check,
    },
    CodeRule {
        meta: &default_changed::DEFAULT_CHANGED,
        check: default_changed::check,
    },
    CodeRule {
        meta: &param_type_changed::PARAM_TYPE_CHANGED,
        check: param_type_changed::check,
    },
    CodeRule {
        meta: &param_type_widened::PARAM_TYPE_WIDENED,
        check: param_type_widened::check,
    },
    CodeRule {
        meta: &param_kind_changed::PARAM_KIND_CHANGED,
        check: param_kind_changed::check,
    },
    CodeRule {
        meta: &param_reordered::PARAM_REORDERED,
        check: param_reordered::check,
    },
    CodeRule {
        meta: &return_type_changed::RETURN_TYPE_CHANGED,
        check: return_type_changed::check,
    },
    CodeRule {
        meta: &return_type_narrowed::RETURN_TYPE_NARROWED,
        check: return_type_narrowed::check,
    },
    CodeRule {
        meta: &type_changed::TYPE_CHANGED,
        check: type_changed::check,
    },
    CodeRule {
        meta: &type_rewritten::TYPE_REWRITTEN,
        check: type_rewritten::check,
    },
    CodeRule {
        meta: &async_changed::ASYNC_CHANGED,
        check: async_changed::check,
    },
    CodeRule {
        meta: &generic_added::GENERIC_ADDED,
        check: generic_added::check,
    },
    CodeRule {
        meta: &enum_variant_added::ENUM_VARIANT_ADDED,
        check: enum_variant_added::check,
    },
    CodeRule {
        meta: &struct_field_added::STRUCT_FIELD_ADDED,
        check: struct_field_added::check,
    },
    CodeRule {
        meta: &trait_item_added::TRAIT_ITEM_ADDED,
        check: trait_item_added::check,
    },
    CodeRule {
        meta: &interface_member_added::INTERFACE_MEMBER_ADDED,
        check: interface_member_added::check,
    },
    CodeRule {
        meta: &property_now_required::PROPERTY_NOW_REQUIRED,
        check: property_now_required::check,
    },
    CodeRule {
        meta: &non_exhaustive_added::NON_EXHAUSTIVE_ADDED,
        check: non_exhaustive_added::check,
    },
    CodeRule {
        meta: &must_use_added::MUST_USE_ADDED,
        check: must_use_added::check,
    },
    CodeRule {
        meta: &doc_hidden_added::DOC_HIDDEN_ADDED,
        check: doc_hidden_added::check,
    },
    CodeRule {
        meta: &deprecation_added::DEPRECATION_ADDED,
        check: deprecation_added::check,
    },
    CodeRule {
        meta: &errors_changed::ERRORS_CHANGED,
        check: errors_changed::check,
    },
    CodeRule {
        meta: &side_effects_changed::SIDE_EFFECTS_CHANGED,
        check: side_effects_changed::check,
    },
    CodeRule {
        meta: &doc_changed::DOC_CHANGED,
        check: doc_changed::check,
    },
    CodeRule {
        meta: &cargo_feature_removed::CARGO_FEATURE_REMOVED,
        check: cargo_feature_removed::check,
    },
    CodeRule {
        meta: &unsafe_added::UNSAFE_ADDED,
        check: unsafe_added::check,
    },
    CodeRule {
        meta: &repr_changed::REPR_CHANGED,
        check: repr_changed::check,
    },
    CodeRule {
        meta: &target_feature_added::TARGET_FEATURE_ADDED,
        check: target_feature_added::check,
    },
    CodeRule {
        meta: &extern_abi_changed::EXTERN_ABI_CHANGED,
        check: extern_abi_changed::check,
    },
    CodeRule {
        meta: &export_symbol_changed::EXPORT_SYMBOL_CHANGED,
        check: export_symbol_changed::check,
    },
    CodeRule {
        meta: &trait_impl_removed::TRAIT_IMPL_REMOVED,
        check: trait_impl_removed::check,
    },
    CodeRule {
        meta: &generic_params_changed::GENERIC_PARAMS_CHANGED,
        check: generic_params_changed::check,
    },
    CodeRule {
        meta: &struct_kind_changed::STRUCT_KIND_CHANGED,
        check: struct_kind_changed::check,
    },
    CodeRule {
        meta: &static_now_mut::STATIC_NOW_MUT,
        check: static_now_mut::check,
    },
    CodeRule {
        meta: &trait_no_longer_dyn_compatible::TRAIT_NO_LONGER_DYN_COMPATIBLE,
        check: trait_no_longer_dyn_compatible::check,
    },
    CodeRule {
        meta: &type_path_changed::TYPE_PATH_CHANGED,
        check: type_path_changed::check,
    },
    CodeRule {
        meta: &symbol_removed_unverified::SYMBOL_REMOVED_UNVERIFIED,
        check: symbol_removed_unverified::check,
    },
    CodeRule {
        meta: &partial_ord_field_order_changed::PARTIAL_ORD_FIELD_ORDER_CHANGED,
        check: partial_ord_field_order_changed::check,
    },
    CodeRule {
        meta: &lifetime_params_changed::LIFETIME_PARAMS_CHANGED,
        check: lifetime_params_changed::check,
    },
    CodeRule {
        meta: &export_condition_removed::EXPORT_CONDITION_REMOVED,
        check: export_condition_removed::check,
    },
    CodeRule {
        meta: &type_alias_widened::TYPE_ALIAS_WIDENED,
        check: type_alias_widened::check,
    },
    CodeRule {
        meta: &exports_map_added::EXPORTS_MAP_ADDED,
        check: exports_map_added::check,
    },
    CodeRule {
        meta: &annotation_changed::ANNOTATION_CHANGED,
        check: annotation_changed::check,
    },
];

static METAS: [&RuleMeta; 56] = [
    &symbol_removed::SYMBOL_REMOVED,
    &symbol_renamed::SYMBOL_RENAMED,
    &symbol_added::SYMBOL_ADDED,
    &visibility_reduced::VISIBILITY_REDUCED,
    &required_param_added::REQUIRED_PARAM_ADDED,
    &optional_param_added::OPTIONAL_PARAM_ADDED,
    &param_removed::PARAM_REMOVED,
    &variadic_removed::VARIADIC_REMOVED,
    &param_absorbed_by_variadic::PARAM_ABSORBED_BY_VARIADIC,
    &positional_param_inserted::POSITIONAL_PARAM_INSERTED,
    &symbol_kind_changed::SYMBOL_KIND_CHANGED,
    &constant_value_changed::CONSTANT_VALUE_CHANGED,
    &param_now_required::PARAM_NOW_REQUIRED,
    &param_now_optional::PARAM_NOW_OPTIONAL,
    &default_changed::DEFAULT_CHANGED,
    &param_type_changed::PARAM_TYPE_CHANGED,
    &param_type_widened::PARAM_TYPE_WIDENED,
    &param_kind_changed::PARAM_KIND_CHANGED,
    &param_reordered::PARAM_REORDERED,
    &return_type_changed::RETURN_TYPE_CHANGED,
    &return_type_narrowed::RETURN_TYPE_NARROWED,
    &type_changed::TYPE_CHANGED,
    &type_rewritten::TYPE_REWRITTEN,
    &async_changed::ASYNC_CHANGED,
    &generic_added::GENERIC_ADDED,
    &enum_variant_added::ENUM_VARIANT_ADDED,
    &struct_field_added::STRUCT_FIELD_ADDED,
    &trait_item_added::TRAIT_ITEM_ADDED,
    &interface_member_added::INTERFACE_MEMBER_ADDED,
    &property_now_required::PROPERTY_NOW_REQUIRED,
    &non_exhaustive_added::NON_EXHAUSTIVE_ADDED,
    &must_use_added::MUST_USE_ADDED,
    &doc_hidden_added::DOC_HIDDEN_ADDED,
    &deprecation_added::DEPRECATION_ADDED,
    &errors_changed::ERRORS_CHANGED,
    &side_effects_changed::SIDE_EFFECTS_CHANGED,
    &doc_changed::DOC_CHANGED,
    &cargo_feature_removed::CARGO_FEATURE_REMOVED,
    &unsafe_added::UNSAFE_ADDED,
    &repr_changed::REPR_CHANGED,
    &target_feature_added::TARGET_FEATURE_ADDED,
    &extern_abi_changed::EXTERN_ABI_CHANGED,
    &export_symbol_changed::EXPORT_SYMBOL_CHANGED,
    &trait_impl_removed::TRAIT_IMPL_REMOVED,
    &generic_params_changed::GENERIC_PARAMS_CHANGED,
    &struct_kind_changed::STRUCT_KIND_CHANGED,
    &static_now_mut::STATIC_NOW_MUT,
    &trait_no_longer_dyn_compatible::TRAIT_NO_LONGER_DYN_COMPATIBLE,
    &type_path_changed::TYPE_PATH_CHANGED,
    &symbol_removed_unverified::SYMBOL_REMOVED_UNVERIFIED,
    &partial_ord_field_order_changed::PARTIAL_ORD_FIELD_ORDER_CHANGED,
    &lifetime_params_changed::LIFETIME_PARAMS_CHANGED,
    &export_condition_removed::EXPORT_CONDITION_REMOVED,
    &type_alias_widened::TYPE_ALIAS_WIDENED,
    &exports_map_added::EXPORTS_MAP_ADDED,
    &annotation_changed::ANNOTATION_CHANGED,
];

/// Every code change rule's metadata.
pub fn rules() -> &'static [&'static RuleMeta] {
    &METAS
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_rule_file_is_registered_under_its_file_name() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/code/rules");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "mod.rs")
            .map(|n| n.trim_end_matches(".rs").replace('_', "-"))
            .collect();
        files.sort();
        let mut ids: Vec<String> = super::rules().iter().map(|r| r.id.to_string()).collect();
        ids.sort();
        assert_eq!(files, ids);
        let mut dedup = ids.clone();
        dedup.dedup();
        assert_eq!(dedup, ids, "rule ids are unique");
        assert!(super::rules().iter().all(|r| r.group == "code"));
    }

    #[test]
    fn every_rule_documents_the_four_sections() {
        for r in super::rules() {
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## How to fix",
            ] {
                assert!(r.docs.contains(section), "{} lacks {section}", r.id);
            }
        }
    }
}

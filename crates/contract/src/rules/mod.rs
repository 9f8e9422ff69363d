//! Registry lint: one file per rule, each checking the set of contracts against itself
//! and against `accord.toml`. Rules push findings; they never print or fail.

use crate::registry::SourceMap;
use accord_model::contract::Contract;
use accord_model::manifest::{Manifest, Pack, is_database};
use accord_model::{Finding, Location, RuleMeta};

pub mod registry_added_in_newer;
pub mod registry_bad_name;
pub mod registry_deprecated_incomplete;
pub mod registry_duplicate;
pub mod registry_file_name;
pub mod registry_missing_history;
pub mod registry_pack_maintainer_missing;
pub mod registry_parse_error;
pub mod registry_retired_consumed;
pub mod registry_undeclared_pack;
pub mod registry_unknown_interface_type;
pub mod registry_unknown_status;
pub mod registry_version_not_semver;

type Check = fn(&Cx<'_>, &mut Vec<Finding>);

/// One registry rule: what it declares and its check. `registry-parse-error` has none: the
/// loader reports it for files that do not parse, before any rule sees the contracts.
pub(crate) struct RegistryRule {
    meta: &'static RuleMeta,
    check: Option<Check>,
}

/// Every registry rule, in catalogue order: the one registry of this module.
static RULES: &[RegistryRule] = &[
    RegistryRule {
        meta: &registry_parse_error::REGISTRY_PARSE_ERROR,
        check: None,
    },
    RegistryRule {
        meta: &registry_file_name::REGISTRY_FILE_NAME,
        check: Some(registry_file_name::check),
    },
    RegistryRule {
        meta: &registry_version_not_semver::REGISTRY_VERSION_NOT_SEMVER,
        check: Some(registry_version_not_semver::check),
    },
    RegistryRule {
        meta: &registry_unknown_status::REGISTRY_UNKNOWN_STATUS,
        check: Some(registry_unknown_status::check),
    },
    RegistryRule {
        meta: &registry_unknown_interface_type::REGISTRY_UNKNOWN_INTERFACE_TYPE,
        check: Some(registry_unknown_interface_type::check),
    },
    RegistryRule {
        meta: &registry_undeclared_pack::REGISTRY_UNDECLARED_PACK,
        check: Some(registry_undeclared_pack::check),
    },
    RegistryRule {
        meta: &registry_missing_history::REGISTRY_MISSING_HISTORY,
        check: Some(registry_missing_history::check),
    },
    RegistryRule {
        meta: &registry_added_in_newer::REGISTRY_ADDED_IN_NEWER,
        check: Some(registry_added_in_newer::check),
    },
    RegistryRule {
        meta: &registry_duplicate::REGISTRY_DUPLICATE,
        check: Some(registry_duplicate::check),
    },
    RegistryRule {
        meta: &registry_deprecated_incomplete::REGISTRY_DEPRECATED_INCOMPLETE,
        check: Some(registry_deprecated_incomplete::check),
    },
    RegistryRule {
        meta: &registry_retired_consumed::REGISTRY_RETIRED_CONSUMED,
        check: Some(registry_retired_consumed::check),
    },
    RegistryRule {
        meta: &registry_bad_name::REGISTRY_BAD_NAME,
        check: Some(registry_bad_name::check),
    },
    RegistryRule {
        meta: &registry_pack_maintainer_missing::REGISTRY_PACK_MAINTAINER_MISSING,
        check: Some(registry_pack_maintainer_missing::check),
    },
];

/// Every registry rule, in catalogue order.
pub fn rules() -> &'static [&'static RuleMeta] {
    static METAS: std::sync::OnceLock<Vec<&'static RuleMeta>> = std::sync::OnceLock::new();
    METAS.get_or_init(|| RULES.iter().map(|r| r.meta).collect())
}

/// Runs every registry rule over `contracts`. `sources` supplies the texts of the contract
/// files and of the manifest (see [`crate::Registry::sources`]) so findings carry line and
/// column; a path missing from it gets line 0 and its byte span only.
pub fn lint_registry(
    manifest: &Manifest,
    contracts: &[Contract],
    sources: &SourceMap,
) -> Vec<Finding> {
    let cx = Cx {
        manifest,
        contracts,
        sources,
    };
    let mut out = Vec::new();
    for check in RULES.iter().filter_map(|r| r.check) {
        check(&cx, &mut out);
    }
    out.sort_by(|a, b| {
        (
            &a.location.path,
            a.location.line,
            a.location.column,
            &a.rule,
        )
            .cmp(&(
                &b.location.path,
                b.location.line,
                b.location.column,
                &b.rule,
            ))
    });
    out
}

/// What every registry rule sees.
pub(crate) struct Cx<'a> {
    pub manifest: &'a Manifest,
    pub contracts: &'a [Contract],
    pub sources: &'a SourceMap,
}

impl Cx<'_> {
    /// Location of the node at `pointer` in `contract` (or its nearest ancestor).
    pub fn loc(&self, contract: &Contract, pointer: &str) -> Location {
        self.sources
            .location(&contract.path, contract.span_of(pointer))
    }

    /// A finding of `rule` about `contract`, at `pointer`.
    pub fn finding(
        &self,
        rule: &RuleMeta,
        contract: &Contract,
        pointer: &str,
        logical_path: &str,
        message: String,
    ) -> Finding {
        let name = if contract.name.trim().is_empty() {
            contract.path.clone()
        } else {
            contract.name.clone()
        };
        Finding::of(rule, message)
            .at(self.loc(contract, pointer))
            .with_contract(name)
            .with_logical_path(logical_path)
    }

    /// Where `pack` is declared in accord.toml.
    pub fn pack_loc(&self, pack: &Pack) -> Location {
        self.sources.location(&self.manifest.path, pack.span)
    }

    /// Where `[packs]` begins in accord.toml (its first pack), or the whole manifest.
    pub fn packs_loc(&self) -> Location {
        match self.manifest.packs.first() {
            Some(pack) => self.pack_loc(pack),
            None => Location::file(self.manifest.path.clone()),
        }
    }

    /// Names of declared packs, for help texts.
    pub fn pack_names(&self) -> String {
        let names: Vec<&str> = self
            .manifest
            .packs
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    }

    /// The declared pack `name` is probably a typo of, as the manifest spells it (key,
    /// `display_name` or alias), compared ignoring case and punctuation.
    pub fn guess_pack(&self, name: &str) -> Option<String> {
        let spellings: Vec<(String, &str)> = self
            .manifest
            .packs
            .iter()
            .flat_map(|p| {
                std::iter::once(p.name.as_str())
                    .chain(std::iter::once(p.display_name.as_str()))
                    .chain(p.aliases.iter().map(String::as_str))
            })
            .map(|written| {
                (
                    accord_model::manifest::normalize_pack_name(written),
                    written,
                )
            })
            .collect();
        let normalized: Vec<&str> = spellings.iter().map(|(n, _)| n.as_str()).collect();
        let guess = crate::did_you_mean(
            &accord_model::manifest::normalize_pack_name(name),
            &normalized,
        )?;
        // Among the spellings of that pack, the one closest to what was written.
        let same: Vec<&str> = spellings
            .iter()
            .filter(|(n, _)| n == guess)
            .map(|(_, written)| *written)
            .collect();
        crate::did_you_mean(name, &same)
            .or_else(|| same.first().copied())
            .map(str::to_string)
    }

    /// The slug a party takes in a contract file name: the pack key, or `db`.
    pub fn slug(&self, party: &str) -> String {
        if is_database(party) {
            return "db".to_string();
        }
        match self.manifest.pack(party) {
            Some(pack) => pack.name.clone(),
            None => kebab(party),
        }
    }
}

/// Pointer of the `index`-th consumer, whichever spelling the file used.
pub(crate) fn consumer_pointer(contract: &Contract, index: usize) -> String {
    for key in ["consumer", "consumers"] {
        match contract.raw.pointer(&format!("/contract/{key}")) {
            Some(serde_json::Value::Array(_)) => return format!("/contract/{key}/{index}"),
            Some(v) if !v.is_null() => return format!("/contract/{key}"),
            _ => {}
        }
    }
    "/contract".to_string()
}

/// `Creator OS` → `creator-os`; `CreatorOS` → `creatoros`.
pub(crate) fn kebab(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// Lints `files` (path, YAML) under the manifest `toml`.
    pub fn lint(toml: &str, files: &[(&str, &str)]) -> Vec<Finding> {
        let manifest = crate::parse_manifest("accord.toml", toml).expect("test manifest parses");
        let mut sources = SourceMap::new();
        sources.insert("accord.toml", toml);
        let contracts: Vec<Contract> = files
            .iter()
            .map(|(p, t)| {
                sources.insert(*p, *t);
                crate::parse_contract(p, t).expect("test contract parses")
            })
            .collect();
        lint_registry(&manifest, &contracts, &sources)
    }

    /// Ids of the findings of `rule` only.
    pub fn of(rule: &str, findings: &[Finding]) -> Vec<Finding> {
        findings
            .iter()
            .filter(|f| f.rule == rule)
            .cloned()
            .collect()
    }

    pub const PACKS: &str =
        "[packs.mmos]\ndisplay_name = \"MMOS\"\n[packs.creator-os]\ndisplay_name = \"CreatorOS\"\n";

    /// A clean contract with `extra` lines appended under `contract:` and fields replaced.
    pub fn contract(
        name: &str,
        version: &str,
        status: &str,
        provider: &str,
        consumer: &str,
    ) -> String {
        format!(
            "contract:\n  name: \"{name}\"\n  version: \"{version}\"\n  status: {status}\n  provider: {provider}\n  consumer: {consumer}\n  interface:\n    type: file\n    location: out/{{slug}}.md\n  breaking_changes_history:\n    - version: \"{version}\"\n"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_snapshot() {
        let lines: Vec<String> = rules()
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} {}",
                    r.id,
                    r.class.as_str(),
                    r.bump.as_str(),
                    r.summary
                )
            })
            .collect();
        insta::assert_snapshot!(lines.join("\n"));
    }

    #[test]
    fn kebab_slugs() {
        assert_eq!(kebab("Creator OS"), "creator-os");
        assert_eq!(kebab(" ETL Data Collector "), "etl-data-collector");
    }
}

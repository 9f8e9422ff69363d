//! Seed 000's governance as files Accord writes and checks: `[governance]` of `accord.toml`,
//! the CODEOWNERS file generated from the roles and packs, and the generated documents (the
//! registry table, the dependency graph in Mermaid). A committed copy that differs from a
//! fresh generation is a finding, so the documents never drift from the manifest and the
//! registry.
//!
//! ```toml
//! [governance]
//! codeowners = ".github/CODEOWNERS"        # default; "" turns it off
//! codeowners_format = "github"             # or "gitlab" (sections)
//! registry_table = "docs/expansion-packs/registry.md"
//! dependency_graph = "docs/expansion-packs/dependency-graph.md"
//! guides_dir = "docs/expansion-packs/guides"          # defaults as seed 000
//! proposals_dir = "docs/expansion-packs/proposals"
//! epics_dir = "docs/expansion-packs/epics"
//! integration_tests = "tests/integration"
//! adrs_dir = "docs/expansion-packs/decisions"         # document contracts (see [`documents`]);
//! stories_dir = "docs/expansion-packs/stories"        # "" turns their validation off
//! ```
//!
//! The duties (see [`duties`]) and the `-- Epic:` check apply once the manifest has a
//! `[governance]` section; CODEOWNERS is checked whenever the file exists.

mod codeowners;
mod docs;
pub mod documents;
pub mod duties;
pub mod lifecycle;
pub mod rules;

pub use codeowners::render_codeowners;
pub use docs::{registry_rows, render_dependency_graph, render_registry_table};

use crate::manifest::ManifestError;
use crate::{Diagnostic, did_you_mean};
use accord_model::contract::Contract;
use accord_model::manifest::Manifest;
use accord_model::{Finding, Location};
use std::path::Path;

/// The `CODEOWNERS` dialect to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CodeownersFormat {
    /// GitHub: rules only, last match wins.
    #[default]
    Github,
    /// GitLab: the same rules grouped under `[Section]` headers.
    Gitlab,
}

/// `[governance]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GovernanceConfig {
    /// Where `accord codeowners` writes; `None` when turned off.
    pub codeowners: Option<String>,
    /// True when `codeowners` was written in the manifest (a missing file is then a finding).
    pub codeowners_explicit: bool,
    /// Dialect of the CODEOWNERS file.
    pub codeowners_format: CodeownersFormat,
    /// Generated registry table, if configured.
    pub registry_table: Option<String>,
    /// Generated Mermaid dependency graph, if configured.
    pub dependency_graph: Option<String>,
    /// True when the manifest has a `[governance]` section: duties and epic references apply.
    pub enabled: bool,
    /// Integration guides.
    pub guides_dir: String,
    /// Epic proposals.
    pub proposals_dir: String,
    /// Epic documents.
    pub epics_dir: String,
    /// Where cross-pack integration tests live.
    pub integration_tests: String,
    /// The duties; the seed's when `[[governance.duties]]` is absent.
    pub duties: Vec<duties::Duty>,
    /// Architecture Decision Records (seed 000 "Decision Records"); empty when not validated.
    pub adrs_dir: String,
    /// Cross-pack stories (the seed names no place; the example's); empty when not validated.
    pub stories_dir: String,
}

impl Default for GovernanceConfig {
    fn default() -> Self {
        GovernanceConfig {
            codeowners: Some(".github/CODEOWNERS".to_string()),
            codeowners_explicit: false,
            codeowners_format: CodeownersFormat::Github,
            registry_table: None,
            dependency_graph: None,
            enabled: false,
            guides_dir: "docs/expansion-packs/guides".to_string(),
            proposals_dir: "docs/expansion-packs/proposals".to_string(),
            epics_dir: "docs/expansion-packs/epics".to_string(),
            integration_tests: "tests/integration".to_string(),
            duties: Vec::new(),
            adrs_dir: "docs/expansion-packs/decisions".to_string(),
            stories_dir: "docs/expansion-packs/stories".to_string(),
        }
    }
}

const KEYS: &[&str] = &[
    "codeowners",
    "codeowners_format",
    "registry_table",
    "dependency_graph",
    "guides_dir",
    "proposals_dir",
    "epics_dir",
    "integration_tests",
    "duties",
    "deprecation_notice_months",
    "adrs_dir",
    "stories_dir",
];

impl GovernanceConfig {
    /// Reads `[governance]` of `manifest`; `source` is the text of `accord.toml`, for the
    /// line and column of errors.
    pub fn parse(manifest: &Manifest, source: &str) -> Result<GovernanceConfig, ManifestError> {
        let mut config = GovernanceConfig::default();
        let Some(section) = manifest.sections.get("governance") else {
            return Ok(config);
        };
        config.enabled = true;
        let mut explicit_duties: Option<Vec<duties::Duty>> = None;
        let mut diagnostics = Vec::new();
        let mut error = |pointer: &str, message: String, help: Option<String>| {
            let d = Diagnostic::new(
                &manifest.path,
                source,
                section.span_of(pointer),
                message,
                "here",
            );
            diagnostics.push(match help {
                Some(h) => d.with_help(h),
                None => d,
            });
        };
        if let Some(table) = section.value.as_object() {
            for (key, value) in table {
                let ptr = format!("/{key}");
                let text = value.as_str();
                let path = || -> Result<Option<String>, String> {
                    let Some(s) = text else {
                        return Err(format!("`governance.{key}` must be a string"));
                    };
                    if s.is_empty() {
                        return Ok(None);
                    }
                    if !accord_fs::is_confined(s) {
                        return Err(format!(
                            "`governance.{key}` = `{s}` leaves the repository; give a relative path inside it"
                        ));
                    }
                    Ok(Some(s.to_string()))
                };
                match key.as_str() {
                    "codeowners" => match path() {
                        Ok(p) => {
                            config.codeowners = p;
                            config.codeowners_explicit = true;
                        }
                        Err(m) => error(&ptr, m, None),
                    },
                    "registry_table" => match path() {
                        Ok(p) => config.registry_table = p,
                        Err(m) => error(&ptr, m, None),
                    },
                    "dependency_graph" => match path() {
                        Ok(p) => config.dependency_graph = p,
                        Err(m) => error(&ptr, m, None),
                    },
                    "guides_dir" | "proposals_dir" | "epics_dir" | "integration_tests"
                    | "adrs_dir" | "stories_dir" => match path() {
                        Ok(Some(p)) => {
                            let slot = match key.as_str() {
                                "guides_dir" => &mut config.guides_dir,
                                "proposals_dir" => &mut config.proposals_dir,
                                "epics_dir" => &mut config.epics_dir,
                                "adrs_dir" => &mut config.adrs_dir,
                                "stories_dir" => &mut config.stories_dir,
                                _ => &mut config.integration_tests,
                            };
                            *slot = p.trim_end_matches('/').to_string();
                        }
                        // Projects whose ADRs or stories follow another template turn
                        // their validation off.
                        Ok(None) if key == "adrs_dir" => config.adrs_dir.clear(),
                        Ok(None) if key == "stories_dir" => config.stories_dir.clear(),
                        Ok(None) => error(&ptr, format!("`governance.{key}` is empty"), None),
                        Err(m) => error(&ptr, m, None),
                    },
                    "duties" => {
                        let mut list = Vec::new();
                        for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                            let iptr = format!("{ptr}/{i}");
                            let when = item.get("when").and_then(|v| v.as_str());
                            let requires = item.get("requires").and_then(|v| v.as_str());
                            let help = item.get("help").and_then(|v| v.as_str());
                            if let Some(obj) = item.as_object() {
                                for k in obj.keys() {
                                    if !["when", "requires", "help"].contains(&k.as_str()) {
                                        error(
                                            &format!("{iptr}/{k}"),
                                            format!(
                                                "unknown key `{k}` in a duty; expected when, requires, help"
                                            ),
                                            None,
                                        );
                                    }
                                }
                            }
                            match (when.and_then(duties::DutyWhen::parse), requires) {
                                (Some(when), Some(requires))
                                    if globset::Glob::new(requires).is_ok() =>
                                {
                                    list.push(duties::Duty {
                                        when,
                                        requires: requires.to_string(),
                                        help: help.map(str::to_string),
                                    })
                                }
                                (None, _) => error(
                                    &iptr,
                                    format!(
                                        "duty {i}: `when` must be one of new_integration, contract_change, cross_pack, schema_change, pack_added"
                                    ),
                                    None,
                                ),
                                _ => error(
                                    &iptr,
                                    format!(
                                        "duty {i}: `requires` must be a glob of repository paths"
                                    ),
                                    None,
                                ),
                            }
                        }
                        if !value.is_array() {
                            error(&ptr, "`governance.duties` must be an array of tables (`[[governance.duties]]`)".to_string(), None);
                        }
                        explicit_duties = Some(list);
                    }
                    "deprecation_notice_months" => {
                        if value.as_u64().is_none_or(|n| n > 1200) {
                            error(&ptr, "`governance.deprecation_notice_months` must be a whole number of months".to_string(), None);
                        }
                    }
                    "codeowners_format" => match text {
                        Some("github") => config.codeowners_format = CodeownersFormat::Github,
                        Some("gitlab") => config.codeowners_format = CodeownersFormat::Gitlab,
                        _ => error(
                            &ptr,
                            format!(
                                "`governance.codeowners_format` is {value}; expected \"github\" or \"gitlab\""
                            ),
                            None,
                        ),
                    },
                    other => error(
                        &ptr,
                        format!("unknown key `{other}` in [governance]"),
                        did_you_mean(other, KEYS).map(|k| format!("did you mean `{k}`?")),
                    ),
                }
            }
        }
        config.duties = explicit_duties.unwrap_or_else(|| {
            duties::default_duties(&config.guides_dir, &config.integration_tests)
        });
        if diagnostics.is_empty() {
            Ok(config)
        } else {
            Err(ManifestError {
                path: manifest.path.clone(),
                diagnostics,
            })
        }
    }
}

/// What a generated file is, for messages and rule choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeneratedKind {
    /// CODEOWNERS.
    Codeowners,
    /// The registry table.
    RegistryTable,
    /// The dependency graph.
    DependencyGraph,
}

impl GeneratedKind {
    /// The command that regenerates it.
    pub fn command(self) -> &'static str {
        match self {
            GeneratedKind::Codeowners => "accord codeowners",
            GeneratedKind::RegistryTable | GeneratedKind::DependencyGraph => "accord docs",
        }
    }
}

/// One file Accord generates: where it goes and what it must contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// What it is.
    pub kind: GeneratedKind,
    /// Repository-relative path.
    pub path: String,
    /// The fresh contents.
    pub text: String,
    /// True when a missing file is a finding (the manifest names it).
    pub required: bool,
}

/// Every file `[governance]` asks Accord to generate, freshly rendered from `manifest` and the
/// registry's `contracts`.
pub fn generated_files(
    config: &GovernanceConfig,
    manifest: &Manifest,
    contracts: &[Contract],
) -> Vec<Generated> {
    let mut out = Vec::new();
    if let Some(path) = &config.codeowners {
        out.push(Generated {
            kind: GeneratedKind::Codeowners,
            path: path.clone(),
            text: render_codeowners(manifest, contracts, config.codeowners_format),
            required: config.codeowners_explicit,
        });
    }
    if let Some(path) = &config.registry_table {
        out.push(Generated {
            kind: GeneratedKind::RegistryTable,
            path: path.clone(),
            text: render_registry_table(contracts, path),
            required: true,
        });
    }
    if let Some(path) = &config.dependency_graph {
        out.push(Generated {
            kind: GeneratedKind::DependencyGraph,
            path: path.clone(),
            text: render_dependency_graph(manifest, contracts),
            required: true,
        });
    }
    out
}

/// Compares each generated file with the committed copy under `root`: a copy that differs,
/// or is missing when the manifest names it, is a finding. Reads go through `accord-fs`.
pub fn check_generated(
    root: &Path,
    generated: &[Generated],
) -> Result<Vec<Finding>, accord_fs::FsError> {
    let fs = accord_fs::Root::open(root)?;
    let mut out = Vec::new();
    for g in generated {
        let committed = fs.read_optional(&g.path)?;
        let problem = match committed {
            None if g.required => "is missing".to_string(),
            None => continue,
            Some(bytes) if bytes == g.text.as_bytes() => continue,
            Some(bytes) => match first_difference(&String::from_utf8_lossy(&bytes), &g.text) {
                Some(line) => format!("is stale (differs from a fresh generation at line {line})"),
                None => "is stale".to_string(),
            },
        };
        let rule = match g.kind {
            GeneratedKind::Codeowners => {
                &rules::governance_codeowners_stale::GOVERNANCE_CODEOWNERS_STALE
            }
            _ => &rules::governance_doc_stale::GOVERNANCE_DOC_STALE,
        };
        out.push(
            Finding::of(rule, format!("`{}` {problem}", g.path))
                .at(Location::file(g.path.clone()))
                .with_logical_path(format!("governance.{}", g.path))
                .with_help(format!("run `{}` and commit the result", g.kind.command())),
        );
    }
    Ok(out)
}

fn first_difference(old: &str, new: &str) -> Option<usize> {
    let mut a = old.lines();
    let mut b = new.lines();
    let mut n = 0;
    loop {
        n += 1;
        match (a.next(), b.next()) {
            (None, None) => return None,
            (x, y) if x != y => return Some(n),
            _ => {}
        }
    }
}

/// `[governance]` rules, in catalogue order.
pub fn governance_rules() -> &'static [&'static accord_model::RuleMeta] {
    rules::rules()
}

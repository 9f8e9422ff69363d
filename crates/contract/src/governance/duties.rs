//! Documentation duties (seed 000 "Documentation Requirements", "Integration Testing"): when
//! a change of some kind happens, some other file must change in the same change set, and
//! a migration's `-- Epic:` must name an epic that exists.
//!
//! ```toml
//! [[governance.duties]]
//! when = "new_integration"   # new_integration | contract_change | cross_pack | schema_change | pack_added
//! requires = "docs/expansion-packs/guides/**"
//! help = "write the integration guide"
//! ```
//!
//! `requires` is a glob of repository paths; `{provider}`, `{consumer}`, `{provider_dir}`
//! (the provider pack's directory) and `{pack_dir}` (an added pack's) are filled in per
//! contract or pack. Without `duties`, the seed's three apply: a new integration needs a
//! guide, a pack's contract change updates that pack's README, a cross-pack change needs an
//! integration test. (The dependency graph a contract change must update is generated, and
//! a stale one is already a `governance-doc-stale` finding.)

use super::rules::governance_duty_unmet::GOVERNANCE_DUTY_UNMET;
use super::rules::governance_epic_unknown::GOVERNANCE_EPIC_UNKNOWN;
use accord_model::manifest::Manifest;
use accord_model::{Finding, Location};

/// The kind of change a duty is triggered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DutyWhen {
    /// A contract between packs is added.
    NewIntegration,
    /// A contract between packs is added, changed or removed.
    ContractChange,
    /// Two or more packs, or an integration between packs, change together.
    CrossPack,
    /// A migration is added or edited.
    SchemaChange,
    /// A pack is added to the manifest.
    PackAdded,
}

impl DutyWhen {
    /// Parses the `when` key.
    pub fn parse(text: &str) -> Option<DutyWhen> {
        Some(match text {
            "new_integration" => DutyWhen::NewIntegration,
            "contract_change" => DutyWhen::ContractChange,
            "cross_pack" => DutyWhen::CrossPack,
            "schema_change" => DutyWhen::SchemaChange,
            "pack_added" => DutyWhen::PackAdded,
            _ => return None,
        })
    }

    fn describe(self) -> &'static str {
        match self {
            DutyWhen::NewIntegration => "new integration",
            DutyWhen::ContractChange => "contract change",
            DutyWhen::CrossPack => "cross-pack change",
            DutyWhen::SchemaChange => "schema change",
            DutyWhen::PackAdded => "new pack",
        }
    }
}

/// One duty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duty {
    /// What triggers it.
    pub when: DutyWhen,
    /// Glob of paths of which one must change.
    pub requires: String,
    /// What to tell the author.
    pub help: Option<String>,
}

/// The seed's duties under the configured directories.
pub fn default_duties(guides_dir: &str, integration_tests: &str) -> Vec<Duty> {
    vec![
        Duty {
            when: DutyWhen::NewIntegration,
            requires: format!("{}/**", guides_dir.trim_end_matches('/')),
            help: Some("document the new integration in an integration guide".to_string()),
        },
        Duty {
            when: DutyWhen::ContractChange,
            requires: "{provider_dir}/README.md".to_string(),
            help: Some("update the provider pack's README with the contract change".to_string()),
        },
        Duty {
            when: DutyWhen::CrossPack,
            requires: format!("{}/**", integration_tests.trim_end_matches('/')),
            help: Some("add or update an integration test across the packs".to_string()),
        },
    ]
}

/// A contract the change touched.
#[derive(Debug, Clone, Default)]
pub struct ContractChange {
    /// `contract.name`.
    pub name: String,
    /// The file at head (base when removed).
    pub path: String,
    /// Provider as written.
    pub provider: String,
    /// Consumers as written.
    pub consumers: Vec<String>,
    /// New at head.
    pub added: bool,
    /// Either party is the database.
    pub database: bool,
}

/// What the change did, as the duties read it.
#[derive(Debug, Clone, Default)]
pub struct ChangeFacts {
    /// Every path added, modified or deleted.
    pub changed: Vec<String>,
    /// Contracts added, changed or removed.
    pub contracts: Vec<ContractChange>,
    /// Packs with a changed file.
    pub packs_touched: Vec<String>,
    /// The first migration added or edited, when there is one.
    pub migration: Option<String>,
    /// Packs the manifest adds.
    pub packs_added: Vec<String>,
}

/// The directory of a pack: the literal prefix of its first `paths` glob.
fn pack_dir(manifest: &Manifest, name: &str) -> Option<String> {
    let pack = manifest.pack(name)?;
    let glob = pack.paths.first()?;
    let end = glob.find(['*', '?', '[', '{']).unwrap_or(glob.len());
    let dir = glob[..end].trim_end_matches('/');
    (!dir.is_empty()).then(|| dir.to_string())
}

fn met(changed: &[String], pattern: &str) -> bool {
    let Ok(glob) = globset::Glob::new(pattern) else {
        return false;
    };
    let m = glob.compile_matcher();
    changed.iter().any(|p| m.is_match(p))
}

/// One occurrence of a duty's trigger: what it is about, where to report it, and the
/// placeholder values of `requires`.
struct Case {
    subject: String,
    at: String,
    subs: Vec<(&'static str, String)>,
}

/// Findings for every duty the change leaves undone.
pub fn check_duties(duties: &[Duty], manifest: &Manifest, facts: &ChangeFacts) -> Vec<Finding> {
    let mut out = Vec::new();
    let integrations: Vec<&ContractChange> =
        facts.contracts.iter().filter(|c| !c.database).collect();
    for duty in duties {
        let mut cases: Vec<Case> = Vec::new();
        match duty.when {
            DutyWhen::NewIntegration | DutyWhen::ContractChange => {
                for c in integrations
                    .iter()
                    .filter(|c| c.added || duty.when == DutyWhen::ContractChange)
                {
                    let mut subs = vec![
                        ("{provider}", c.provider.clone()),
                        (
                            "{consumer}",
                            c.consumers.first().cloned().unwrap_or_default(),
                        ),
                    ];
                    if duty.requires.contains("{provider_dir}") {
                        let Some(dir) = pack_dir(manifest, &c.provider) else {
                            continue;
                        };
                        subs.push(("{provider_dir}", dir));
                    }
                    cases.push(Case {
                        subject: format!("`{}`", c.name),
                        at: c.path.clone(),
                        subs,
                    });
                }
            }
            DutyWhen::CrossPack => {
                let cross = facts.packs_touched.len() >= 2 || !integrations.is_empty();
                if cross {
                    let at = integrations
                        .first()
                        .map(|c| c.path.clone())
                        .or_else(|| facts.changed.first().cloned())
                        .unwrap_or_default();
                    let what = if facts.packs_touched.len() >= 2 {
                        format!("touching {}", facts.packs_touched.join(", "))
                    } else {
                        format!("on integration `{}`", integrations[0].name)
                    };
                    cases.push(Case {
                        subject: what,
                        at,
                        subs: Vec::new(),
                    });
                }
            }
            DutyWhen::SchemaChange => {
                if let Some(m) = &facts.migration {
                    cases.push(Case {
                        subject: format!("`{m}`"),
                        at: m.clone(),
                        subs: Vec::new(),
                    });
                }
            }
            DutyWhen::PackAdded => {
                for p in &facts.packs_added {
                    let Some(dir) = pack_dir(manifest, p) else {
                        continue;
                    };
                    cases.push(Case {
                        subject: format!("pack `{p}`"),
                        at: manifest.path.clone(),
                        subs: vec![("{pack_dir}", dir)],
                    });
                }
            }
        }
        for Case { subject, at, subs } in cases {
            let mut pattern = duty.requires.clone();
            for (k, v) in &subs {
                pattern = pattern.replace(k, v);
            }
            if met(&facts.changed, &pattern) {
                continue;
            }
            out.push(
                Finding::of(
                    &GOVERNANCE_DUTY_UNMET,
                    format!(
                        "{} {subject} needs a change to `{pattern}` in the same change set",
                        duty.when.describe()
                    ),
                )
                .at(Location::file(at))
                .with_logical_path(format!("governance.duties.{pattern}"))
                .with_help(
                    duty.help
                        .clone()
                        .unwrap_or_else(|| format!("add or update a file matching `{pattern}`")),
                ),
            );
        }
    }
    out
}

/// A `-- Epic:` reference resolves when a Markdown file in one of `dirs` is named after it:
/// its stem equals the reference, or one starts with the other followed by `-`
/// (`EPIC-005` and `EPIC-005-voice-fidelity-boost`).
pub fn epic_exists(reference: &str, documents: &[String]) -> bool {
    let r = reference.trim().to_ascii_lowercase();
    if r.is_empty() {
        return false;
    }
    documents.iter().any(|path| {
        let name = path.rsplit('/').next().unwrap_or(path);
        let Some(stem) = name.strip_suffix(".md") else {
            return false;
        };
        let stem = stem.to_ascii_lowercase();
        stem == r || stem.starts_with(&format!("{r}-")) || r.starts_with(&format!("{stem}-"))
            // Proposals are dated: `20251027-voice-fidelity-boost` for `EPIC-005-voice-fidelity-boost`.
            || epic_slug(&r).is_some_and(|slug| proposal_slug(&stem) == Some(slug))
    })
}

fn epic_slug(reference: &str) -> Option<&str> {
    let rest = reference.strip_prefix("epic-")?;
    let (_, slug) = rest.split_once('-')?;
    (!slug.is_empty()).then_some(slug)
}

fn proposal_slug(stem: &str) -> Option<&str> {
    let (date, slug) = stem.split_once('-')?;
    let slug = slug.strip_prefix("epic-").unwrap_or(slug);
    (date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) && !slug.is_empty())
        .then_some(slug)
}

/// A finding for a migration whose `-- Epic:` names no epic document.
pub fn epic_unknown(at: Location, reference: &str, dirs: &[String]) -> Finding {
    Finding::of(
        &GOVERNANCE_EPIC_UNKNOWN,
        format!(
            "`-- Epic: {reference}` names no epic document in {}",
            dirs.iter()
                .map(|d| format!("`{d}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    )
    .at(at)
    .with_logical_path(format!("header.epic[{reference}]"))
    .with_help(
        "write the epic proposal first (`docs/expansion-packs/proposals/YYYYMMDD-epic-name.md`), or fix the reference",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        crate::parse_manifest(
            "accord.toml",
            "[packs.mmos]\ndisplay_name = \"MMOS\"\npaths = [\"expansion-packs/mmos/**\"]\n[packs.creator-os]\ndisplay_name = \"CreatorOS\"\npaths = [\"expansion-packs/creator-os/**\"]\n",
        )
        .expect("manifest")
    }

    fn new_integration(changed: &[&str]) -> ChangeFacts {
        ChangeFacts {
            changed: changed.iter().map(|s| s.to_string()).collect(),
            contracts: vec![ContractChange {
                name: "MMOS → CreatorOS".to_string(),
                path: "contracts/mmos-creator-os-v1.0.0.yaml".to_string(),
                provider: "MMOS".to_string(),
                consumers: vec!["CreatorOS".to_string()],
                added: true,
                database: false,
            }],
            packs_touched: vec!["creator-os".to_string(), "mmos".to_string()],
            ..ChangeFacts::default()
        }
    }

    #[test]
    fn a_new_integration_without_guide_readme_or_integration_test_fails_each_duty() {
        let duties = default_duties("docs/guides", "tests/integration");
        let bad = new_integration(&["contracts/mmos-creator-os-v1.0.0.yaml"]);
        let f = check_duties(&duties, &manifest(), &bad);
        let messages: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "new integration `MMOS → CreatorOS` needs a change to `docs/guides/**` in the same change set",
                "contract change `MMOS → CreatorOS` needs a change to `expansion-packs/mmos/README.md` in the same change set",
                "cross-pack change touching creator-os, mmos needs a change to `tests/integration/**` in the same change set",
            ]
        );
        assert_eq!(f[0].location.path, "contracts/mmos-creator-os-v1.0.0.yaml");

        let good = new_integration(&[
            "contracts/mmos-creator-os-v1.0.0.yaml",
            "docs/guides/mmos-creator-os.md",
            "expansion-packs/mmos/README.md",
            "tests/integration/mmos-creator-os.test.js",
        ]);
        assert!(check_duties(&duties, &manifest(), &good).is_empty());
    }

    #[test]
    fn database_contracts_and_single_pack_changes_need_no_guide_or_integration_test() {
        let duties = default_duties("docs/guides", "tests/integration");
        let mut facts = new_integration(&["expansion-packs/mmos/src/x.rs"]);
        facts.contracts[0].database = true;
        facts.packs_touched = vec!["mmos".to_string()];
        assert!(check_duties(&duties, &manifest(), &facts).is_empty());
    }

    #[test]
    fn epic_references_resolve_by_id_full_name_or_dated_proposal() {
        let docs = [
            "docs/epics/EPIC-001-unified-database.md".to_string(),
            "docs/proposals/20251020-epic-voice-fidelity-boost.md".to_string(),
        ];
        assert!(epic_exists("EPIC-001-unified-database", &docs));
        assert!(epic_exists("EPIC-001", &docs));
        assert!(epic_exists("EPIC-005-voice-fidelity-boost", &docs));
        assert!(!epic_exists("EPIC-007-ghost", &docs));
        assert!(!epic_exists("", &docs));
    }
}

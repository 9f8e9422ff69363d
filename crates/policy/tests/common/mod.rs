//! Shared fixtures: a manifest in the shape of seed 000 (ETL → MMOS → CreatorOS).
#![allow(dead_code)]

use accord_model::manifest::{Manifest, Pack};
use accord_model::{Bump, Class, Finding, Location};
use accord_policy::{ChangeEvidence, ContractEvidence, PackMap};
use accord_vcs::{ChangedFile, FileStatus};

pub const CONTRACT: &str = "MMOS → CreatorOS Voice Integration";

pub fn pack(name: &str, display: &str) -> Pack {
    Pack {
        name: name.to_string(),
        display_name: display.to_string(),
        paths: vec![format!("packs/{name}/**")],
        tests: vec![
            format!("packs/{name}/tests/**"),
            format!("tests/integration/{name}-*"),
        ],
        ..Pack::default()
    }
}

pub fn manifest() -> Manifest {
    let mut m = Manifest {
        path: "accord.toml".to_string(),
        packs: vec![
            pack("etl", "ETL"),
            pack("mmos", "MMOS"),
            pack("creator-os", "CreatorOS"),
        ],
        ..Manifest::default()
    };
    m.roles.architects = vec!["ada".to_string()];
    m.roles.database_owners = vec!["dora".to_string()];
    m.roles
        .integration_owners
        .insert("mmos-creator-os".to_string(), vec!["@ivan".to_string()]);
    m.pipelines.insert(
        "voice".to_string(),
        vec![
            "etl".to_string(),
            "mmos".to_string(),
            "creator-os".to_string(),
        ],
    );
    m
}

pub fn changed(files: &[(&str, FileStatus)]) -> Vec<ChangedFile> {
    files
        .iter()
        .map(|(p, s)| ChangedFile::new(*p, *s))
        .collect()
}

pub fn evidence(files: &[(&str, FileStatus)], contracts: Vec<ContractEvidence>) -> ChangeEvidence {
    let packs = PackMap::new(&manifest(), "").expect("globs compile");
    let mut e = ChangeEvidence::new(&packs, changed(files));
    e.contracts = contracts;
    e
}

pub fn voice_contract(old: &str, new: &str, bump: Bump) -> ContractEvidence {
    ContractEvidence {
        name: CONTRACT.to_string(),
        path: format!("contracts/mmos-creator-os-v{new}.yaml"),
        provider: "MMOS".to_string(),
        consumers: vec!["CreatorOS".to_string()],
        old_version: Some(old.to_string()),
        new_version: Some(new.to_string()),
        bump,
        ..ContractEvidence::default()
    }
}

pub fn section_removed() -> Finding {
    Finding::new(
        "contract-required-section-removed",
        Class::Breaking,
        Bump::Major,
        "required section `Communication Style` was removed",
    )
    .with_contract(CONTRACT)
    .with_logical_path("interface.required_sections[Communication Style]")
    .at(Location::new(
        "contracts/mmos-creator-os-v1.1.0.yaml",
        12,
        7,
    ))
    .with_impacted(["creator-os"])
}

pub fn optional_added() -> Finding {
    Finding::new(
        "contract-optional-section-added",
        Class::Safe,
        Bump::Minor,
        "optional section `Big Five Profile` was added",
    )
    .with_contract(CONTRACT)
    .with_logical_path("interface.optional_sections[Big Five Profile]")
    .at(Location::new(
        "contracts/mmos-creator-os-v1.1.0.yaml",
        20,
        7,
    ))
    .with_impacted(["creator-os"])
}

pub fn format_changed() -> Finding {
    Finding::new(
        "contract-format-changed",
        Class::Risky,
        Bump::Minor,
        "section order changed",
    )
    .with_contract(CONTRACT)
    .with_logical_path("interface.format")
    .at(Location::new("contracts/mmos-creator-os-v1.1.0.yaml", 5, 3))
    .with_impacted(["creator-os"])
}

pub fn today() -> time::Date {
    time::macros::date!(2026 - 06 - 01)
}

/// A complete decision record; `n` varies the base commit so every `n` has its own id, and
/// `finding` replaces the judged findings when given.
pub fn sample_record(n: usize, finding: Option<Finding>) -> accord_policy::DecisionRecord {
    use accord_policy::record::{inputs_digest, policy_digest};
    use accord_policy::{Approvals, DecisionRecord, Policy, RecordContext, Revision, decide};
    let evidence = evidence(
        &[("contracts/mmos-creator-os-v1.1.0.yaml", FileStatus::Added)],
        vec![voice_contract("1.0.0", "1.1.0", Bump::Minor)],
    );
    let policy = Policy::default();
    let findings = finding.map_or_else(|| vec![section_removed(), optional_added()], |f| vec![f]);
    let result = decide(
        &findings,
        &evidence,
        &policy,
        &Approvals::none(),
        &manifest(),
        today(),
    );
    DecisionRecord::new(
        &result,
        findings,
        RecordContext {
            base: Revision {
                rev: "main".into(),
                commit: Some(format!("{n:040}")),
            },
            head: Revision {
                rev: "working tree".into(),
                commit: None,
            },
            tool_version: "0.1.0".into(),
            policy_digest: policy_digest(&policy),
            inputs_digest: inputs_digest([("accord.toml", b"x".as_slice())]),
            timestamp: "2026-06-01T10:00:00Z".into(),
        },
    )
}

//! Realistic findings shared by the integration tests: an Expansion Packs change with a
//! removed section, a whole-file conformance finding, unicode paths and text that every
//! format has to escape.
#![allow(dead_code)]

use accord_model::{
    Bump, Class, Decision, EpicClass, Finding, Level, Location, Outcome, RequiredAction, RuleMeta,
    RuleSet, Span,
};
use std::collections::BTreeMap;

accord_model::declare_rule! {
    /// Reports a required section that a new contract version no longer lists.
    ///
    /// ## Why is this bad?
    /// Consumers read that section; they break when it disappears.
    ///
    /// ## How to fix
    /// Keep the section, or release a new MAJOR version with a migration plan.
    pub static SECTION_REMOVED = {
        id: "contract-required-section-removed",
        group: "contract-change",
        class: Breaking,
        bump: Major,
        summary: "a required section was removed",
    }
}

accord_model::declare_rule! {
    /// Reports an optional field added to a contract.
    ///
    /// ## Why is this bad?
    /// It is not: consumers may ignore it. It still needs a MINOR bump.
    pub static OPTIONAL_ADDED = {
        id: "contract-optional-field-added",
        group: "contract-change",
        class: Safe,
        bump: Minor,
        summary: "an optional field was added",
    }
}

accord_model::declare_rule! {
    /// Reports an artifact without a section its contract requires.
    ///
    /// ## Why is this bad?
    /// Consumers expect the section and fail to parse the artifact.
    pub static MISSING_SECTION = {
        id: "conformance-missing-section",
        group: "conformance",
        class: Breaking,
        bump: None,
        summary: "an artifact lacks a required section",
    }
}

accord_model::declare_rule! {
    /// Reports a `status` that is not a lifecycle state.
    ///
    /// ## Example
    /// `status: gold`
    pub static BAD_STATUS = {
        id: "registry-bad-status",
        group: "registry",
        class: Breaking,
        bump: None,
        summary: "status is not a lifecycle state",
    }
}

pub static RULES: [&RuleMeta; 4] = [
    &SECTION_REMOVED,
    &OPTIONAL_ADDED,
    &MISSING_SECTION,
    &BAD_STATUS,
];

pub fn rules() -> RuleSet {
    RuleSet::new(&[&RULES])
}

pub const CONTRACT: &str = "docs/expansion-packs/contracts/mmos-creator-os-v2.0.0.yaml";
pub const OLD_CONTRACT: &str = "docs/expansion-packs/contracts/mmos-creator-os-v1.1.0.yaml";
pub const ARTIFACT: &str = "outputs/minds/joão/system_prompts/generalista.md";
pub const ODD_PATH: &str = "contracts/odd, name:1.yaml";

pub const CONTRACT_TEXT: &str = "\
contract:
  name: MMOS → CreatorOS Voice Integration
  version: 2.0.0
  status: stable
  provider: mmos
  consumer: creator-os
  interface:
    type: file
    format: Markdown
    required_sections:
      - Identity
      - Voice & Tone
    optional_fields:
      - émotion
";

pub const OLD_CONTRACT_TEXT: &str = "\
contract:
  name: MMOS → CreatorOS Voice Integration
  version: 1.1.0
  interface:
    required_sections:
      - Identity
      - Voice & Tone
      - Cognitive Patterns
";

pub fn sources() -> BTreeMap<String, String> {
    BTreeMap::from([
        (CONTRACT.to_string(), CONTRACT_TEXT.to_string()),
        (OLD_CONTRACT.to_string(), OLD_CONTRACT_TEXT.to_string()),
        (
            ARTIFACT.to_string(),
            "# João\n\n## Identity\n\nPoeta.\n".to_string(),
        ),
    ])
}

fn span_of(text: &str, needle: &str) -> Span {
    let start = text.find(needle).unwrap_or(0);
    Span::new(start, start + needle.len())
}

pub fn findings() -> Vec<Finding> {
    let name = "MMOS → CreatorOS Voice Integration";
    let removed_old = span_of(OLD_CONTRACT_TEXT, "Cognitive Patterns");
    let sections = span_of(CONTRACT_TEXT, "required_sections");
    let emotion_line = 14;

    let removed = Finding::of(
        &SECTION_REMOVED,
        "required section `Cognitive Patterns` was removed",
    )
    .at(Location::from_span(CONTRACT, CONTRACT_TEXT, sections))
    .related(
        Location::from_span(OLD_CONTRACT, OLD_CONTRACT_TEXT, removed_old),
        "it was required in v1.1.0",
    )
    .with_contract(name)
    .with_logical_path("interface.required_sections[Cognitive Patterns]")
    .with_help("keep the section, or bump to 2.0.0 with a migration plan for `creator-os`")
    .with_impacted(["creator-os"]);
    let mut removed = removed;
    removed.impacted_indirect = vec!["innerlens".to_string()];

    let added = Finding::of(&OPTIONAL_ADDED, "optional field `émotion` was added")
        .at(Location::new(CONTRACT, emotion_line, 9))
        .with_contract(name)
        .with_logical_path("interface.optional_fields[émotion]")
        .with_impacted(["creator-os"]);

    let missing = Finding::of(
        &MISSING_SECTION,
        "required section `Voice & Tone` (Markdown heading level 2) is missing",
    )
    .at(Location::file(ARTIFACT))
    .related(
        Location::from_span(
            CONTRACT,
            CONTRACT_TEXT,
            span_of(CONTRACT_TEXT, "- Voice & Tone"),
        ),
        "required by contract MMOS → CreatorOS Voice Integration v2.0.0",
    )
    .with_contract(name)
    .with_logical_path("sections[Voice & Tone]")
    .with_help("add a `## Voice & Tone` heading");

    let odd = Finding::of(
        &BAD_STATUS,
        "status `gold|silver` is not one of draft, experimental, stable <deprecated> & retired: 100% \"wrong\"\nsee `accord explain registry-bad-status`",
    )
    .at(Location::new(ODD_PATH, 4, 11))
    .with_help("use one of: draft | experimental | stable\u{7}");

    let mut custom = Finding::new(
        "custom-policy-check",
        Class::Risky,
        Bump::Patch,
        "pack `etl` writes `minds` without owning it",
    )
    .at(Location::new("packs/etl/writer.py", 12, 0));
    custom.level = Level::Warning;

    vec![odd, added, missing, custom, removed]
}

pub fn decision(findings: &[Finding]) -> Decision {
    let breaking: Vec<String> = findings
        .iter()
        .filter(|f| f.class == Class::Breaking)
        .map(|f| f.fingerprint.clone())
        .collect();
    Decision {
        outcome: Outcome::Deny,
        reasons: vec![
            "BREAKING change to `MMOS → CreatorOS Voice Integration` without a migration plan"
                .to_string(),
            "declared `Contract Impact: SAFE` | detected BREAKING".to_string(),
        ],
        required_actions: vec![
            RequiredAction {
                condition: "migration_plan".to_string(),
                action: "add a `migration_plan` to the contract for creator-os".to_string(),
                findings: breaking,
                blocking: true,
            },
            RequiredAction {
                condition: "review_notes".to_string(),
                action: "write review notes <in the PR body>".to_string(),
                findings: Vec::new(),
                blocking: false,
            },
        ],
        impacted_consumers: vec!["creator-os".to_string(), "innerlens".to_string()],
        epic_class: EpicClass::Integration,
        epic_reason: "modifies the existing mmos → creator-os integration".to_string(),
        required_reviewers: Vec::new(),
    }
}

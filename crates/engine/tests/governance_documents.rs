//! The harness for seed 000's document contracts (ADRs, epic proposals, cross-pack stories):
//! every document rule has a `bad/` and a `clean/` repository under
//! `tests/fixtures/governance-documents/<rule-id>/`, and every fixture goes through the whole
//! `accord check` pipeline. A bad fixture raises its rule at a line, a clean one raises
//! nothing at all (so no rule fires where it should not).

use accord_contract::conformance::ConformanceOptions;
use accord_engine::Workspace;
use std::path::{Path, PathBuf};

const RULES: &[&str] = &[
    "governance-adr-duplicate",
    "governance-doc-field-invalid",
    "governance-doc-file-name",
    "governance-doc-placeholder",
    "governance-doc-section-missing",
];

fn fixture(rule: &str, side: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/governance-documents")
        .join(rule)
        .join(side)
}

fn check(dir: &Path) -> Vec<accord_model::Finding> {
    let ws = Workspace::load(None, Some(dir)).expect("fixture manifest loads");
    accord_engine::check(&ws, &ConformanceOptions::default())
        .expect("fixture checks")
        .findings
}

#[test]
fn every_document_rule_is_in_the_harness() {
    let ids: Vec<&str> = accord_contract::governance::governance_rules()
        .iter()
        .map(|r| r.id)
        .filter(|id| {
            id.starts_with("governance-doc-") && *id != "governance-doc-stale"
                || id.starts_with("governance-adr-")
        })
        .collect();
    assert_eq!(ids, RULES);
}

#[test]
fn bad_fixtures_raise_their_rule_at_a_line_and_clean_ones_nothing() {
    let mut seen = Vec::new();
    for rule in RULES {
        let bad = check(&fixture(rule, "bad"));
        let own: Vec<_> = bad.iter().filter(|f| f.rule == *rule).collect();
        assert!(
            !own.is_empty(),
            "{rule}/bad raised {:?}",
            bad.iter().map(|f| &f.rule).collect::<Vec<_>>()
        );
        for f in &bad {
            assert!(f.location.line > 0, "{}: no line: {f:?}", f.rule);
            assert!(f.help.is_some(), "{}: no help", f.rule);
        }
        for f in &own {
            seen.push(format!(
                "{rule} {}:{} {}",
                f.location.path, f.location.line, f.message
            ));
        }
        let clean = check(&fixture(rule, "clean"));
        assert!(clean.is_empty(), "{rule}/clean raised {clean:#?}");
    }
    // The wording and place of each finding, reviewed as one block.
    assert_eq!(
        seen.join("\n"),
        [
            "governance-adr-duplicate docs/expansion-packs/decisions/ADR-001-versioned-contracts.md:1 docs/expansion-packs/decisions/ADR-001-versioned-contracts.md reuses ADR-001, already taken by docs/expansion-packs/decisions/ADR-001-single-database.md",
            "governance-doc-field-invalid docs/expansion-packs/decisions/ADR-002-versioned-contracts.md:3 ADR-002-versioned-contracts.md: `**Status:** Approved` is not one of Proposed, Accepted, Superseded",
            "governance-doc-field-invalid docs/expansion-packs/stories/STORY-001-personality-enhanced-prompts.md:4 STORY-001-personality-enhanced-prompts.md: `**Packs:** MMOS, CreatorOs2` names `CreatorOs2`, which is no pack of the manifest",
            "governance-doc-field-invalid docs/expansion-packs/stories/STORY-001-personality-enhanced-prompts.md:5 STORY-001-personality-enhanced-prompts.md: `**Epic:** EPIC-009-typo` names no epic document in `docs/expansion-packs/epics` or `docs/expansion-packs/proposals`",
            "governance-doc-file-name docs/expansion-packs/decisions/ADR-2-Versioned_Contracts.md:1 ADR-2-Versioned_Contracts.md: the ADR file name does not follow `ADR-NNN-short-title.md` with the number of its title (ADR-002)",
            "governance-doc-placeholder docs/expansion-packs/decisions/ADR-002-versioned-contracts.md:11 `TODO` is a placeholder left from the template",
            "governance-doc-placeholder db/migrations/20261203-101500-add-voice-cache.sql:1 `-- Epic: TODO: EPIC-NNN-name` is a placeholder left from the template",
            "governance-doc-section-missing docs/expansion-packs/decisions/ADR-002-versioned-contracts.md:13 ADR-002-versioned-contracts.md: the ADR lacks the required section `## Alternatives Considered` (it belongs before `## Consequences`)",
        ]
        .join("\n")
    );
}

#[test]
fn documents_are_not_validated_without_a_governance_section() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = fixture("governance-doc-section-missing", "bad");
    copy(&bad, tmp.path());
    let manifest = std::fs::read_to_string(tmp.path().join("accord.toml")).unwrap();
    let without = manifest.replace("[governance]\ncodeowners = \"\"\n", "");
    assert_ne!(manifest, without);
    std::fs::write(tmp.path().join("accord.toml"), without).unwrap();
    assert!(check(tmp.path()).is_empty());
    // `adrs_dir = ""`: ADRs that follow another template are left alone.
    let off = manifest.replace("[governance]\n", "[governance]\nadrs_dir = \"\"\n");
    std::fs::write(tmp.path().join("accord.toml"), off).unwrap();
    assert!(check(tmp.path()).is_empty());
}

fn copy(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

//! Parsing the user's inputs: `[policy]`, `accord-approvals.toml`, the PR body; and the epic tree.

mod common;

use accord_model::manifest::RawSection;
use accord_model::{Class, EpicClass, Level, Span};
use accord_policy::{
    Approvals, Condition, ContractEvidence, Policy, PrDeclaration, architecture_change,
    classify_epic, has_review_notes, parse_pr_declaration,
};
use accord_vcs::FileStatus::{Added, Modified};
use common::*;
use serde_json::json;

/// A RawSection whose spans point at the first occurrence of each needle in `source`.
fn section(value: serde_json::Value, source: &str, spans: &[(&str, &str)]) -> RawSection {
    let mut raw = RawSection {
        value,
        ..RawSection::default()
    };
    for (pointer, needle) in spans {
        let start = source.find(needle).expect("needle in source");
        raw.spans
            .insert(pointer.to_string(), Span::new(start, start + needle.len()));
    }
    raw
}

#[test]
fn the_default_policy_is_seed_003() {
    let p = Policy::default();
    assert!(p.safe.requires.is_empty());
    assert_eq!(
        p.risky.requires,
        vec![Condition::TestsUpdated, Condition::ReviewNotes]
    );
    assert!(p.risky.blocking.is_empty());
    assert_eq!(p.breaking.requires.len(), 5);
    assert_eq!(p.breaking.blocking, p.breaking.requires);
    assert_eq!(Policy::parse(None, "accord.toml", "").expect("default"), p);
}

#[test]
fn policy_section_overrides_classes_levels_and_rules() {
    let source = "[policy]\nbreaking = { blocking = [\"migration_plan\", \"registry_bumped\"] }\nrisky = { requires = [\"tests_updated\"], blocking = true }\nlevels = { RISKY = \"error\" }\nrules = { contract-format-changed = \"BREAKING\", contract-description-changed = { level = \"warning\" } }\ndecisions_dir = \"services/agents/pm/decisions\"\n";
    let value = json!({
        "breaking": { "blocking": ["migration_plan", "registry_bumped"] },
        "risky": { "requires": ["tests_updated"], "blocking": true },
        "levels": { "RISKY": "error" },
        "rules": { "contract-format-changed": "BREAKING", "contract-description-changed": { "level": "warning" } },
        "decisions_dir": "services/agents/pm/decisions"
    });
    let p =
        Policy::parse(Some(&section(value, source, &[])), "accord.toml", source).expect("valid");
    assert_eq!(
        p.breaking.blocking,
        vec![Condition::MigrationPlan, Condition::RegistryBumped]
    );
    assert_eq!(p.breaking.requires.len(), 5);
    assert_eq!(p.risky.requires, vec![Condition::TestsUpdated]);
    assert_eq!(p.risky.blocking, vec![Condition::TestsUpdated]);
    assert_eq!(p.levels[&Class::Risky], Level::Error);
    assert_eq!(
        p.rules["contract-format-changed"].class,
        Some(Class::Breaking)
    );
    assert_eq!(
        p.rules["contract-description-changed"].level,
        Some(Level::Warning)
    );
    assert_eq!(p.decisions_dir, "services/agents/pm/decisions");
}

#[test]
fn policy_errors_point_at_the_offending_value() {
    let source = "[project]\nname = \"x\"\n\n[policy]\nbreaking = { requires = [\"migration_plan\", \"vibes\"] }\nlevels = { RISKY = \"loud\" }\nsurprise = 1\n";
    let value = json!({
        "breaking": { "requires": ["migration_plan", "vibes"] },
        "levels": { "RISKY": "loud" },
        "surprise": 1
    });
    let raw = section(
        value,
        source,
        &[
            ("", "[policy]"),
            ("/breaking/requires/1", "\"vibes\""),
            ("/levels/RISKY", "\"loud\""),
            ("/surprise", "surprise = 1"),
        ],
    );
    let errors = Policy::parse(Some(&raw), "accord.toml", source)
        .expect_err("invalid")
        .0;
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 3, "{shown:#?}");
    assert!(
        shown[0].starts_with("accord.toml:5:44: unknown condition \"vibes\""),
        "{}",
        shown[0]
    );
    assert!(
        shown[1].starts_with("accord.toml:6:20: invalid level \"loud\""),
        "{}",
        shown[1]
    );
    assert!(
        shown[2].starts_with("accord.toml:7:1: unknown key `policy.surprise`"),
        "{}",
        shown[2]
    );
}

#[test]
fn approvals_file_parses_entries_in_file_order() {
    let source = "# reviewed exceptions\n[approvals.3f2a9c01d4e5b6a7]\njustification = \"consumers migrate in 2.0\"\napprover = \"ivan\"\nexpires = \"2026-12-31\"\nconditions = [\"notify #packs\"]\n\n[approvals.0123456789abcdef]\njustification = \"x\"\napprover = \"dora\"\nexpires = \"2026-07-01\"\n";
    let a = Approvals::parse("accord-approvals.toml", source).expect("valid");
    assert_eq!(a.entries.len(), 2);
    assert_eq!(a.entries[0].fingerprint, "3f2a9c01d4e5b6a7");
    assert_eq!(a.entries[0].conditions, vec!["notify #packs"]);
    assert_eq!(a.entries[0].location.line, 2);
    assert_eq!(
        accord_policy::format_date(a.entries[1].expires),
        "2026-07-01"
    );
    assert!(a.get("0123456789abcdef").is_some());
}

#[test]
fn approvals_file_errors_name_line_and_column() {
    let source = "[approvals.3f2a9c01d4e5b6a7]\napprover = \"ivan\"\nexpires = \"next year\"\n\n[approvals.nothex]\napprover = \"x\"\n";
    let errors = Approvals::parse("accord-approvals.toml", source)
        .expect_err("invalid")
        .0;
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        shown.iter().any(|e| e.starts_with(
            "accord-approvals.toml:1:12: approval `3f2a9c01d4e5b6a7` lacks `justification`"
        )),
        "{shown:#?}"
    );
    assert!(
        shown.iter().any(|e| e
            .starts_with("accord-approvals.toml:3:12: `expires` = \"next year\" is not a date")),
        "{shown:#?}"
    );
    assert!(
        shown
            .iter()
            .any(|e| e
                .starts_with("accord-approvals.toml:5:12: `nothex` is not a finding fingerprint")),
        "{shown:#?}"
    );

    let syntax = Approvals::parse("a.toml", "[approvals.3f2a9c01d4e5b6a7\n")
        .expect_err("syntax")
        .0;
    assert_eq!(syntax[0].location.line, 1, "{}", syntax[0]);
    let bare_date = Approvals::parse(
        "a.toml",
        "[approvals.3f2a9c01d4e5b6a7]\nexpires = 2026-01-01\n",
    )
    .expect_err("bare date")
    .0;
    assert_eq!(bare_date[0].location.line, 2, "{}", bare_date[0]);
}

fn declared(text: &str) -> Option<Option<Class>> {
    match parse_pr_declaration("pr.md", text) {
        PrDeclaration::Declared { impact, .. } => Some(impact),
        _ => None,
    }
}

fn malformed(text: &str) -> String {
    match parse_pr_declaration("pr.md", text) {
        PrDeclaration::Malformed { reason, .. } => reason,
        other => panic!("expected malformed, got {other:?}"),
    }
}

#[test]
fn pr_declaration_accepts_the_usual_markdown_shapes() {
    assert_eq!(
        declared("Contract Impact: BREAKING"),
        Some(Some(Class::Breaking))
    );
    assert_eq!(
        declared("**Contract Impact:** risky"),
        Some(Some(Class::Risky))
    );
    assert_eq!(
        declared("- **Contract Impact**: `SAFE`"),
        Some(Some(Class::Safe))
    );
    assert_eq!(declared("Contract Impact: None"), Some(None));
    assert_eq!(
        declared("Contract Impact: BREAKING (drops `Style`)"),
        Some(Some(Class::Breaking))
    );
    assert_eq!(
        declared(
            "## Contract Impact\n<!-- tick one -->\n- [ ] None\n- [ ] SAFE\n- [x] BREAKING\n- [ ] RISKY\n\n## Tests\n"
        ),
        Some(Some(Class::Breaking))
    );
    assert_eq!(
        declared("### Contract Impact\n\nRISKY\n"),
        Some(Some(Class::Risky))
    );
    assert_eq!(
        parse_pr_declaration("pr.md", "## Summary\nnothing\n"),
        PrDeclaration::Missing
    );
}

#[test]
fn pr_declaration_rejects_ambiguous_answers() {
    assert!(malformed("Contract Impact: None / SAFE / RISKY / BREAKING").contains("several"));
    assert!(malformed("Contract Impact: maybe").contains("not one of"));
    assert!(
        malformed("## Contract Impact\n- [x] SAFE\n- [X] BREAKING\n")
            .contains("2 Contract Impact boxes are ticked")
    );
    assert!(
        malformed("## Contract Impact\n- [ ] SAFE\n- [ ] BREAKING\n")
            .contains("no Contract Impact box is ticked")
    );
    match parse_pr_declaration("pr.md", "intro\n\nContract Impact: ???\n") {
        PrDeclaration::Malformed { location, .. } => {
            assert_eq!((location.line, location.column), (3, 1))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn review_notes_need_content() {
    assert!(has_review_notes(
        "## Review notes\nChecked the CreatorOS parser.\n"
    ));
    assert!(has_review_notes("**Review notes:** consumers verified"));
    assert!(!has_review_notes(
        "## Review notes\n<!-- what did you check? -->\n\n## Tests\nyes\n"
    ));
    assert!(!has_review_notes("## Review notes\nTODO\n"));
    assert!(!has_review_notes("no notes here"));
}

#[test]
fn epic_tree_follows_seed_000() {
    let m = manifest();
    let one = evidence(
        &[("packs/mmos/src/a.rs", Modified), ("README.md", Modified)],
        vec![],
    );
    assert_eq!(classify_epic(&one, &m).0, EpicClass::PackLevel);
    assert!(classify_epic(&one, &m).1.contains("mmos"));

    let two = evidence(
        &[
            ("packs/mmos/src/a.rs", Modified),
            ("packs/etl/src/b.rs", Modified),
        ],
        vec![],
    );
    assert_eq!(classify_epic(&two, &m).0, EpicClass::SystemLevel);

    let modified = evidence(
        &[
            ("packs/mmos/src/a.rs", Modified),
            ("packs/creator-os/src/b.rs", Modified),
        ],
        vec![voice_contract("1.0.0", "1.1.0", accord_model::Bump::Minor)],
    );
    let (class, reason) = classify_epic(&modified, &m);
    assert_eq!(class, EpicClass::Integration);
    assert!(reason.contains("modifies existing integration"), "{reason}");

    let mut new_contract = voice_contract("1.0.0", "1.0.0", accord_model::Bump::None);
    new_contract.added = true;
    new_contract.old_version = None;
    let new = evidence(
        &[("contracts/mmos-creator-os-v1.0.0.yaml", Added)],
        vec![new_contract],
    );
    let (class, reason) = classify_epic(&new, &m);
    assert_eq!(class, EpicClass::SystemLevel);
    assert!(
        reason.contains("creates new integration") && reason.contains("creator-os, mmos"),
        "{reason}"
    );

    let mut schema = evidence(&[("db/migrations/20260101-000000-x.sql", Added)], vec![]);
    schema.detect_schema_change(&["db/migrations/"]);
    let (class, reason) = classify_epic(&schema, &m);
    assert_eq!(class, EpicClass::SystemLevel);
    assert!(reason.contains("database schema change"), "{reason}");

    let none = evidence(&[("README.md", Modified)], vec![]);
    assert_eq!(classify_epic(&none, &m).0, EpicClass::None);

    let mut grown = m.clone();
    grown.packs.push(pack("inner-lens", "InnerLens"));
    let mut arch = evidence(&[("accord.toml", Modified)], vec![]);
    arch.architecture_change = architecture_change(&m, &grown);
    let (class, reason) = classify_epic(&arch, &m);
    assert_eq!(class, EpicClass::SystemLevel);
    assert!(reason.contains("adds pack(s) inner-lens"), "{reason}");
}

#[test]
fn pack_globs_map_paths_and_tests() {
    let mut m = manifest();
    m.packs[0].paths = vec!["packs/etl".to_string()];
    let packs = accord_policy::PackMap::new(&m, "").expect("globs");
    assert_eq!(packs.packs_of("packs/etl/src/x.py"), vec!["etl"]);
    assert_eq!(packs.packs_of("packs/etl-other/x.py"), Vec::<String>::new());
    assert_eq!(
        packs.tests_of("tests/integration/mmos-voice.test.js"),
        vec!["mmos"]
    );
    assert_eq!(
        packs.packs_of("tests/integration/mmos-voice.test.js"),
        vec!["mmos"]
    );

    m.packs[1].paths = vec!["packs/[mmos".to_string()];
    let err = accord_policy::PackMap::new(&m, "").expect_err("bad glob");
    assert!(
        err.to_string()
            .contains("pack `mmos`: invalid glob `packs/[mmos` in `paths`"),
        "{err}"
    );
}

#[test]
fn contract_evidence_reads_bumps_plans_and_deprecations() {
    use accord_model::contract::{Contract, Status};
    let old = Contract {
        name: "A".into(),
        version: "1.2.0".into(),
        status: Some(Status::Stable),
        ..Contract::default()
    };
    let mut new = Contract {
        name: "A".into(),
        version: "2.0.0".into(),
        status: Some(Status::Deprecated),
        ..Contract::default()
    };
    new.migration_plan = Some("consumers read `voice` instead".into());
    let e = ContractEvidence::from_pair(Some(&old), Some(&new));
    assert_eq!(e.bump, accord_model::Bump::Major);
    assert!(e.migration_plan && e.deprecation_applies && !e.deprecation_plan);
    new.deprecation.replaced_by = Some("A v3".into());
    assert!(ContractEvidence::from_pair(Some(&old), Some(&new)).deprecation_plan);
    let removed = ContractEvidence::from_pair(Some(&old), None);
    assert!(removed.removed && removed.deprecation_applies);
    assert_eq!(
        accord_model::version::declared_bump("1.0.0", "1.0.1"),
        accord_model::Bump::Patch
    );
    assert_eq!(
        accord_model::version::declared_bump("2.0.0", "1.0.0"),
        accord_model::Bump::None
    );
}

#[test]
fn consider_usage_is_off_by_default_and_must_be_a_boolean() {
    assert!(!Policy::default().consider_usage);
    let source = "[policy]\nconsider_usage = true\n";
    let p = Policy::parse(
        Some(&section(json!({ "consider_usage": true }), source, &[])),
        "accord.toml",
        source,
    )
    .expect("valid");
    assert!(p.consider_usage);
    let source = "[policy]\nconsider_usage = \"yes\"\n";
    let err = Policy::parse(
        Some(&section(json!({ "consider_usage": "yes" }), source, &[])),
        "accord.toml",
        source,
    )
    .expect_err("a string is refused");
    assert!(err.to_string().contains("consider_usage"), "{err}");
}

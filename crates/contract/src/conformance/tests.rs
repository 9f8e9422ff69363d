//! Behaviour of the whole run: selection of contracts, `validate`, operational errors,
//! and bad input that must never panic nor read outside the repository.

use super::testing::*;
use super::*;
use accord_model::contract::Contract;
use accord_model::contract::{Format, InterfaceKind, Status};
use std::sync::atomic::{AtomicU64, Ordering};

#[test]
fn draft_retired_database_and_code_contracts_are_not_checked() {
    let repo = Repo::new();
    let mut contracts = Vec::new();
    for status in [Status::Draft, Status::Retired] {
        let mut c = contract("nothing/{x}.md", None);
        c.status = Some(status);
        contracts.push(c);
    }
    for kind in [InterfaceKind::Database, InterfaceKind::Code] {
        let mut c = contract("nothing/{x}.md", None);
        c.interface.kind = Some(kind);
        contracts.push(c);
    }
    let report = repo.check(&contracts);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert!(report.matches.is_empty());
}

#[test]
fn all_violations_of_one_artifact_are_reported_together() {
    let repo = Repo::new();
    repo.write(
        "out/naval.yaml",
        b"mind: Caf\xE9\nbig_five:\n  openness: high\n",
    );
    let mut c = contract("out/{slug}.yaml", Some(Format::Yaml));
    c.interface.required_fields = vec![
        field("mind"),
        field("big_five.neuroticism"),
        field("sources"),
    ];
    c.interface.schema = Some(accord_model::contract::SchemaSpec::Inline(
        serde_json::json!({
            "properties": {"big_five": {"properties": {"openness": {"type": "integer"}}}}
        }),
    ));
    let report = repo.check(&[c]);
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(
        rules,
        vec![
            "conformance-missing-field",
            "conformance-encoding",
            "conformance-missing-field",
            "conformance-schema-violation"
        ],
        "{:#?}",
        report.findings
    );
}

#[test]
fn a_missing_root_is_an_error_not_a_finding() {
    let repo = Repo::new();
    let missing = repo.root().join("nope");
    let err = check_conformance(
        &missing,
        &Manifest::default(),
        &[],
        &ConformanceOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ConformanceError::Root { .. }));
    assert!(err.to_string().contains("nope"), "{err}");
}

#[test]
fn progress_counts_every_artifact() {
    #[derive(Default)]
    struct Count(AtomicU64, AtomicU64);
    impl Progress for Count {
        fn start(&self, n: u64) {
            self.0.store(n, Ordering::SeqCst);
        }
        fn advance(&self, n: u64) {
            self.1.fetch_add(n, Ordering::SeqCst);
        }
    }
    let repo = Repo::new();
    for i in 0..50 {
        repo.write(&format!("out/{i}.json"), "{}");
    }
    let count = Arc::new(Count::default());
    let opts = ConformanceOptions {
        max_file_size: None,
        progress: Some(count.clone()),
    };
    let report = check_conformance(
        repo.root(),
        &Manifest::default(),
        &[contract("out/{n}.json", None)],
        &opts,
    )
    .unwrap();
    assert_eq!(report.matches[0].artifacts, 50);
    assert_eq!(count.0.load(Ordering::SeqCst), 50);
    assert_eq!(count.1.load(Ordering::SeqCst), 50);
}

#[test]
fn findings_are_in_a_stable_order_whatever_the_threads_do() {
    let repo = Repo::new();
    for i in 0..40 {
        repo.write(&format!("out/{i:02}.md"), "# x\n");
    }
    let mut c = contract("out/{n}.md", Some(Format::Markdown));
    c.interface.required_sections = vec![section("A", Some(2)), section("B", Some(2))];
    let first = repo.check(std::slice::from_ref(&c));
    let second = repo.check(&[c]);
    assert_eq!(first, second);
    assert_eq!(first.findings.len(), 80);
    assert_eq!(first.findings[0].location.path, "out/00.md");
    assert!(first.findings[0].message.contains("\"A\""));
}

#[test]
fn the_related_span_points_into_the_contract_file() {
    let repo = Repo::new();
    let text = "contract:\n  name: X\n  interface:\n    location: \"out/{n}.md\"\n    required_sections:\n      - name: \"Cognitive Patterns\"\n";
    repo.write("contracts/mmos-creator-os-v1.0.0.yaml", text);
    repo.write("out/a.md", "# A\n");
    let mut c = contract("out/{n}.md", Some(Format::Markdown));
    let start = text.find("- name").unwrap() + 2;
    let mut s = section("Cognitive Patterns", Some(2));
    s.span = Span::new(start, text.len() - 1);
    c.interface.required_sections = vec![s];
    let report = repo.check(&[c]);
    let related = &report.findings[0].related[0];
    assert_eq!(
        related.location.path,
        "contracts/mmos-creator-os-v1.0.0.yaml"
    );
    assert_eq!((related.location.line, related.location.column), (6, 9));
}

#[test]
fn validate_checks_named_artifacts_only_and_reports_their_slugs() {
    let repo = Repo::new();
    repo.write("out/naval.md", "# Naval\n");
    repo.write("out/feynman.md", "# Feynman\n## Cognitive Patterns\n");
    let mut c = contract("out/{slug}.md", Some(Format::Markdown));
    c.status = Some(Status::Draft);
    c.interface.required_sections = vec![section("Cognitive Patterns", Some(2))];
    let report = validate_artifacts(
        repo.root(),
        &Manifest::default(),
        &c,
        &[PathBuf::from("out/naval.md")],
    )
    .unwrap();
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
    assert_eq!(report.findings[0].location.path, "out/naval.md");
    assert_eq!(report.matches[0].slugs["slug"], vec!["naval".to_string()]);
    let abs = repo.root().join("out/feynman.md");
    let report = validate_artifacts(repo.root(), &Manifest::default(), &c, &[abs]).unwrap();
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

#[test]
fn validate_refuses_a_path_outside_the_repository_and_errors_on_a_missing_one() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.md"), "# X\n").unwrap();
    let repo = Repo::new();
    let c = contract("out/{slug}.md", Some(Format::Markdown));
    let report = validate_artifacts(
        repo.root(),
        &Manifest::default(),
        &c,
        &[outside.path().join("x.md")],
    )
    .unwrap();
    assert_eq!(
        fired(&report, "conformance-location-escapes").len(),
        1,
        "{:#?}",
        report.findings
    );
    let report = validate_artifacts(
        repo.root(),
        &Manifest::default(),
        &c,
        &[PathBuf::from("../x.md")],
    );
    assert!(
        report.is_err()
            || report.is_ok_and(|r| !fired(&r, "conformance-location-escapes").is_empty())
    );
    let err = validate_artifacts(
        repo.root(),
        &Manifest::default(),
        &c,
        &[PathBuf::from("out/missing.md")],
    )
    .unwrap_err();
    assert!(matches!(err, ConformanceError::Artifact { .. }), "{err}");
}

#[test]
fn validate_rejects_a_database_contract() {
    let repo = Repo::new();
    let mut c = contract("x", None);
    c.interface.kind = Some(InterfaceKind::Database);
    let err = validate_artifacts(repo.root(), &Manifest::default(), &c, &[]).unwrap_err();
    assert!(
        err.to_string().contains("interface type `database`"),
        "{err}"
    );
}

#[test]
fn the_catalogue_lists_thirteen_conformance_rules() {
    let ids: Vec<&str> = rules().iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), 13);
    assert!(ids.iter().all(|id| id.starts_with("conformance-")));
}

#[test]
fn works_with_a_parsed_contract_and_points_at_its_lines() {
    let text = r#"contract:
  name: "InnerLens → MMOS Personality Profile"
  version: "1.0.0"
  status: stable
  provider: InnerLens
  consumer: MMOS
  interface:
    type: file
    format: YAML
    location: "outputs/minds/{slug}/analysis/psychometric-profile.yaml"
    encoding: UTF-8
    required_fields:
      - mind: "slug of the mind"
      - big_five.neuroticism: "0-100"
  breaking_changes_history:
    - version: "1.0.0"
      date: "2025-10-27"
      change: "Initial contract"
"#;
    let path = "docs/expansion-packs/contracts/innerlens-mmos-v1.0.0.yaml";
    let c = crate::parse_contract(path, text).unwrap();
    let repo = Repo::new();
    repo.write(path, text);
    repo.write(
        "outputs/minds/naval/analysis/psychometric-profile.yaml",
        "mind: naval\nbig_five:\n  openness: 91\n",
    );
    let report = repo.check(&[c]);
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
    let f = &report.findings[0];
    assert_eq!(f.rule, "conformance-missing-field");
    assert_eq!(f.location.line, 3);
    assert_eq!(f.related[0].location.path, path);
    assert_eq!(f.related[0].location.line, 14, "{:#?}", f.related);
    assert_eq!(
        f.contract.as_deref(),
        Some("InnerLens → MMOS Personality Profile")
    );
}

mod properties {
    use super::super::pattern::LocationPattern;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn location_patterns_never_panic(location in "[a-z{}./\\\\é-]{0,40}", path in "[a-z{}./é-]{0,40}") {
            if let Ok(p) = LocationPattern::parse(&location) {
                let _ = p.match_path(&path);
            }
        }

        #[test]
        fn a_placeholder_captures_exactly_the_segment(slug in "[a-z0-9][a-z0-9-]{0,20}") {
            let p = LocationPattern::parse("outputs/minds/{slug}/x.md").unwrap();
            let caps = p.match_path(&format!("outputs/minds/{slug}/x.md")).unwrap();
            prop_assert_eq!(caps, vec![("slug".to_string(), slug)]);
        }
    }
}

fn example(name: &str) -> (PathBuf, Manifest, Vec<Contract>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    let text = std::fs::read_to_string(root.join("accord.toml")).unwrap();
    let manifest = crate::parse_manifest("accord.toml", &text).unwrap();
    let registry = crate::load_registry(&root, &manifest).unwrap();
    (root, manifest, registry.contracts)
}

#[test]
fn the_expansion_packs_example_conforms() {
    let (root, manifest, contracts) = example("expansion-packs");
    let report =
        check_conformance(&root, &manifest, &contracts, &ConformanceOptions::default()).unwrap();
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    let checked: Vec<(&str, usize)> = report
        .matches
        .iter()
        .map(|m| (m.contract.as_str(), m.artifacts))
        .collect();
    assert!(checked.len() >= 3, "{checked:?}");
    for m in &report.matches {
        assert!(m.artifacts >= 2, "{m:?}");
        assert_eq!(
            m.slugs.get("slug").map(Vec::len),
            Some(m.artifacts),
            "{m:?}"
        );
    }
}

#[test]
fn every_conformance_rule_fires_on_the_broken_example() {
    let (root, manifest, contracts) = example("expansion-packs-broken");
    let report =
        check_conformance(&root, &manifest, &contracts, &ConformanceOptions::default()).unwrap();
    let lines: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            let related = f
                .related
                .iter()
                .map(|r| {
                    format!(
                        "\n    {}:{}:{} {}",
                        r.location.path, r.location.line, r.location.column, r.message
                    )
                })
                .collect::<String>();
            format!(
                "{} {}:{}:{} {}{related}",
                f.rule, f.location.path, f.location.line, f.location.column, f.message
            )
        })
        .collect();
    for rule in rules() {
        assert!(
            report.findings.iter().any(|f| f.rule == rule.id),
            "{} never fires on the broken example:\n{}",
            rule.id,
            lines.join("\n")
        );
    }
    insta::assert_snapshot!("broken_example", lines.join("\n"));
}

//! The registry lint on the two example worlds: the clean one yields nothing, the broken
//! one trips every registry rule, and its findings are snapshotted for review.

use accord_contract::{lint_registry, load_registry, parse_manifest, rules};
use accord_model::Finding;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

fn registry_findings(root: &Path) -> Vec<Finding> {
    let text = std::fs::read_to_string(root.join("accord.toml")).unwrap();
    let manifest = parse_manifest("accord.toml", &text).unwrap();
    let registry = load_registry(root, &manifest).unwrap();
    let mut findings = registry.findings.clone();
    findings.extend(lint_registry(
        &manifest,
        &registry.contracts,
        &registry.sources,
    ));
    findings
}

#[test]
fn clean_example_has_no_registry_findings() {
    let root = example("expansion-packs");
    let text = std::fs::read_to_string(root.join("accord.toml")).unwrap();
    let manifest = parse_manifest("accord.toml", &text).unwrap();
    let registry = load_registry(&root, &manifest).unwrap();
    assert_eq!(
        registry.contracts.len(),
        6,
        "the six contracts of seed 001's registry"
    );
    let findings = registry_findings(&root);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn broken_example_trips_every_registry_rule() {
    let findings = registry_findings(&example("expansion-packs-broken"));
    let fired: BTreeSet<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    for rule in rules() {
        assert!(fired.contains(rule.id), "{} did not fire", rule.id);
    }
    for f in &findings {
        assert!(
            f.location.line > 0 || f.rule == "registry-parse-error",
            "{f:?} has no line"
        );
        assert!(f.help.is_some(), "{} has no help", f.rule);
    }
    let lines: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}:{} {}",
                f.class.as_str(),
                f.rule,
                f.location.path,
                f.location.line,
                f.location.column,
                f.message
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

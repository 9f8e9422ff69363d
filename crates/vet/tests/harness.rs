//! Every rule on every fixture: each extension rule's `bad/` tree fires it and its `clean/`
//! tree fires nothing at all; each dependency rule's `old/ → new/` change fires it,
//! `old/ → clean/` does not, and every tree compared with itself reports nothing. One
//! snapshot per rule shows what its `bad` fixture says.

use accord_model::Finding;
use accord_vcs::WorkingTree;
use accord_vet::config;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn manifest(dir: &Path) -> (accord_model::manifest::Manifest, String) {
    let text = std::fs::read_to_string(dir.join("accord.toml")).expect("fixture accord.toml");
    let m = accord_contract::parse_manifest("accord.toml", &text).expect("fixture manifest");
    (m, text)
}

fn vet(dir: &Path) -> Vec<Finding> {
    let (m, text) = manifest(dir);
    let cfg = config::extensions(&m, &text).expect("fixture [extensions]");
    accord_vet::vet(&WorkingTree::new(dir), &cfg).expect("fixture vets")
}

fn audit(old: &Path, new: &Path) -> Vec<Finding> {
    let (m, text) = manifest(new);
    let ext = config::extensions(&m, &text).expect("fixture [extensions]");
    let mut deps = config::dependencies(&m, &text, &ext)
        .expect("fixture [dependencies]")
        .expect("dependency fixtures declare [dependencies]");
    // Snapshots must not depend on which crates this machine has in its Cargo cache.
    deps.cargo_home = None;
    let mut found = accord_vet::deps::audit(&WorkingTree::new(old), &WorkingTree::new(new), &deps)
        .expect("fixture audits");
    if ext.declared {
        found.extend(
            accord_vet::rules::extension_removed::removed_extensions(
                &WorkingTree::new(old),
                &ext,
                &WorkingTree::new(new),
                &ext,
            )
            .expect("fixture lists parse"),
        );
    }
    found
}

/// Rules judged on a change (old → new) rather than on one tree.
fn is_change_rule(id: &str) -> bool {
    id.starts_with("dependency-") || id == "extension-removed"
}

fn render(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}:{} {}",
                f.rule,
                f.class.as_str(),
                f.location.path,
                f.location.line,
                f.location.column,
                f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ids(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn every_rule_has_fixtures() {
    for rule in accord_vet::rules() {
        let dir = fixtures().join(rule.id);
        let kinds: &[&str] = if !is_change_rule(rule.id) {
            &["bad", "clean"]
        } else {
            &["old", "new", "clean"]
        };
        for kind in kinds {
            assert!(
                dir.join(kind).is_dir(),
                "{} has no {kind}/ fixture",
                rule.id
            );
        }
    }
}

#[test]
fn extension_rules_fire_on_bad_and_nothing_fires_on_clean() {
    for rule in accord_vet::rules()
        .iter()
        .filter(|r| r.id.starts_with("extension-") && !is_change_rule(r.id))
    {
        let dir = fixtures().join(rule.id);
        let bad = vet(&dir.join("bad"));
        assert!(
            bad.iter().any(|f| f.rule == rule.id),
            "{}: bad/ does not fire it: {:?}",
            rule.id,
            ids(&bad)
        );
        for f in &bad {
            assert_eq!(
                f.class,
                accord_vet::rules()
                    .iter()
                    .find(|r| r.id == f.rule)
                    .unwrap()
                    .class
            );
        }
        let clean = vet(&dir.join("clean"));
        assert!(
            clean.is_empty(),
            "{}: clean/ fires {:?}",
            rule.id,
            ids(&clean)
        );
        insta::assert_snapshot!(rule.id, render(&bad));
    }
}

#[test]
fn dependency_rules_fire_on_the_change_and_self_diff_is_empty() {
    for rule in accord_vet::rules().iter().filter(|r| is_change_rule(r.id)) {
        let dir = fixtures().join(rule.id);
        let (old, new, clean) = (dir.join("old"), dir.join("new"), dir.join("clean"));
        let fired = audit(&old, &new);
        assert!(
            fired.iter().any(|f| f.rule == rule.id),
            "{}: old → new does not fire it: {:?}",
            rule.id,
            ids(&fired)
        );
        let quiet = audit(&old, &clean);
        assert!(
            !quiet.iter().any(|f| f.rule == rule.id),
            "{}: old → clean fires it: {}",
            rule.id,
            render(&quiet)
        );
        for side in [&old, &new, &clean] {
            let same = audit(side, side);
            assert!(
                same.is_empty(),
                "{}: self-diff of {} reports {:?}",
                rule.id,
                side.display(),
                ids(&same)
            );
        }
        insta::assert_snapshot!(rule.id, render(&fired));
    }
}

#[test]
fn the_example_inclusion_list_vets_clean() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/extension-platform");
    let found = vet(&example);
    assert!(found.is_empty(), "{}", render(&found));
}

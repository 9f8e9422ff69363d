//! The one harness for every rule crate: each rule file under any `src/**/rules/` directory is
//! registered in the catalogue under its file name, each registered rule has its file, ids are
//! unique and kebab-case, and every rule is documented in the house sections.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `rule id → file` for every `*.rs` (but `mod.rs`) in a `rules/` directory of a crate's `src`.
fn rule_files() -> BTreeMap<String, PathBuf> {
    fn walk(dir: &Path, inside_rules: bool, out: &mut BTreeMap<String, PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                walk(&path, name == "rules", out);
            } else if inside_rules && name.ends_with(".rs") && name != "mod.rs" {
                let id = name.trim_end_matches(".rs").replace('_', "-");
                if let Some(previous) = out.insert(id.clone(), path.clone()) {
                    panic!(
                        "two rule files for `{id}`: {} and {}",
                        previous.display(),
                        path.display()
                    );
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for krate in std::fs::read_dir(crates_dir()).expect("crates/").flatten() {
        walk(&krate.path().join("src"), false, &mut out);
    }
    out
}

#[test]
fn every_rule_file_is_registered_under_its_name_and_every_rule_has_its_file() {
    let files = rule_files();
    let catalog = accord_engine::catalog();
    let ids: BTreeSet<String> = catalog.iter().map(|r| r.id.to_string()).collect();
    let unregistered: Vec<&String> = files.keys().filter(|id| !ids.contains(*id)).collect();
    let fileless: Vec<&String> = ids.iter().filter(|id| !files.contains_key(*id)).collect();
    assert!(
        unregistered.is_empty(),
        "rule files not in the catalogue: {unregistered:?}"
    );
    assert!(
        fileless.is_empty(),
        "rules without a file of their name: {fileless:?}"
    );
}

#[test]
fn rule_ids_are_unique_kebab_case_and_documented() {
    let mut seen = BTreeSet::new();
    for rule in accord_engine::catalog().iter() {
        assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
        assert!(
            rule.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "rule id {} is not kebab-case",
            rule.id
        );
        assert!(!rule.summary.is_empty(), "{} has no summary", rule.id);
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## How to fix",
        ] {
            assert!(
                rule.docs.contains(section),
                "{} lacks a `{section}` section",
                rule.id
            );
        }
    }
}

#[test]
fn renamed_ids_point_at_rules_that_exist() {
    let catalog = accord_engine::catalog();
    for (old, new) in accord_model::rule::REDIRECTS {
        assert!(
            catalog.get(new).is_some(),
            "{old} redirects to unknown {new}"
        );
        assert!(
            !catalog.iter().any(|r| r.id == *old),
            "{old} is renamed but still a rule"
        );
    }
}

//! The code-rule harness: every code rule runs on every fixture pair of every rule
//! (`crates/diff/tests/fixtures/code/<rule>/<lang>/{old,new}`), one snapshot per rule, so a
//! rule that fires where it should not shows up in review. Self-diffs must be empty.
//!
//! It lives here rather than in accord-diff so the rule crate never depends on the parsers.

use accord_diff::code::{diff_surfaces, diff_with_rule, rules};
use accord_model::surface::Surface;
use accord_surface::extract_tree;
use std::path::{Path, PathBuf};

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../diff/tests/fixtures/code")
}

/// (rule dir, lang, old, new) for every pair.
fn pairs() -> Vec<(String, String, Surface, Surface)> {
    let mut out = Vec::new();
    let mut rule_dirs: Vec<_> = std::fs::read_dir(fixtures_root())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    rule_dirs.sort();
    for rd in rule_dirs {
        let mut langs: Vec<_> = std::fs::read_dir(&rd)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        langs.sort();
        for ld in langs {
            let extract = |side: &str| {
                let (s, f) = extract_tree(&ld.join(side), None)
                    .unwrap_or_else(|e| panic!("{}: {e}", ld.display()));
                assert!(
                    f.is_empty(),
                    "{}/{side}: unexpected extraction findings {f:?}",
                    ld.display()
                );
                s
            };
            out.push((
                rd.file_name().unwrap().to_string_lossy().into_owned(),
                ld.file_name().unwrap().to_string_lossy().into_owned(),
                extract("old"),
                extract("new"),
            ));
        }
    }
    out
}

#[test]
fn every_rule_has_a_fixture_and_fires_on_it_with_its_declared_class() {
    let pairs = pairs();
    for rule in rules() {
        let own: Vec<_> = pairs.iter().filter(|(r, ..)| r == rule.id).collect();
        assert!(!own.is_empty(), "rule `{}` has no fixture", rule.id);
        for (_, lang, old, new) in own {
            let found = diff_with_rule(old, new, rule.id);
            assert!(
                !found.is_empty(),
                "rule `{}` does not fire on its {lang} fixture",
                rule.id
            );
            for f in found {
                assert_eq!(f.class, rule.class, "{}", f.message);
                assert_eq!(f.required_bump, rule.bump, "{}", f.message);
            }
        }
    }
}

#[test]
fn self_diff_of_every_fixture_is_empty() {
    for (rule, lang, old, new) in pairs() {
        assert_eq!(diff_surfaces(&old, &old), Vec::new(), "{rule}/{lang}/old");
        assert_eq!(diff_surfaces(&new, &new), Vec::new(), "{rule}/{lang}/new");
    }
}

#[test]
fn every_rule_on_every_pair_snapshot() {
    let pairs = pairs();
    for rule in rules() {
        let mut lines = Vec::new();
        for (dir, lang, old, new) in &pairs {
            for f in diff_with_rule(old, new, rule.id) {
                lines.push(format!(
                    "{dir}/{lang}: {} {} {}:{} {}",
                    f.class, f.required_bump, f.location.path, f.location.line, f.message
                ));
            }
        }
        insta::assert_snapshot!(format!("code_rule__{}", rule.id), lines.join("\n"));
    }
}

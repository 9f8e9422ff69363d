//! `[changelog]` on the OpsHelm example: a breaking API change must be named in the
//! CHANGELOG under [Unreleased], and a release tag must spell the package's version.

mod common;

use common::*;
use std::fs;
use std::path::Path;

const CHANGELOG_SECTION: &str =
    "\n[changelog]\npath = \"CHANGELOG.md\"\nversion_file = \"crates/pm-core/Cargo.toml\"\n";

fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_tree(&example("opshelm"), tmp.path());
    fs::remove_file(tmp.path().join("demo.sh")).expect("demo.sh");
    let manifest = tmp.path().join("accord.toml");
    let mut text = fs::read_to_string(&manifest).unwrap();
    text.push_str(CHANGELOG_SECTION);
    fs::write(&manifest, text).unwrap();
    write(
        tmp.path(),
        "CHANGELOG.md",
        "# Changelog\n\n## [Unreleased]\n\n## [1.2.0] - 2026-10-01\n### Added\n- `decide`\n",
    );
    let out = accord()
        .current_dir(tmp.path())
        .args(["surface", "snapshot"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    git(tmp.path(), &["init", "-q"]);
    commit_all(tmp.path(), "baseline");
    tmp
}

/// `pm_core::decide` gains a required parameter: a BREAKING change.
fn break_decide(root: &Path) {
    let path = root.join("crates/pm-core/src/decision.rs");
    let text = fs::read_to_string(&path).unwrap();
    let old = "pub fn decide(changes: Vec<SignatureChange>, tests_touched: bool, gates: &[&dyn Gate]) -> Decision {";
    assert!(text.contains(old), "the example's decide() changed");
    let new = "pub fn decide(changes: Vec<SignatureChange>, tests_touched: bool, gates: &[&dyn Gate], strict: bool) -> Decision {\n    let _ = strict;";
    fs::write(&path, text.replacen(old, new, 1)).unwrap();
    let out = accord()
        .current_dir(root)
        .args(["surface", "snapshot"])
        .output()
        .unwrap();
    assert_code(&out, 0);
}

fn changelog_findings(root: &Path, base: &str) -> Vec<String> {
    let out = accord()
        .current_dir(root)
        .args([
            "check", "--base", base, "--head", "HEAD", "--format", "json",
        ])
        .output()
        .unwrap();
    let report = json(&out);
    findings_of(&report, "changelog-entry-missing")
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_breaking_change_must_be_named_under_unreleased() {
    let tmp = repo();
    let root = tmp.path();
    break_decide(root);
    commit_all(root, "decide takes strict");
    let missing = changelog_findings(root, "HEAD~1");
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(
        missing[0].starts_with("BREAKING `decide` (")
            && missing[0].ends_with("is not named in CHANGELOG.md under [Unreleased]"),
        "{missing:?}"
    );

    // Named in an older release's section does not count; under [Unreleased] it does.
    let log = fs::read_to_string(root.join("CHANGELOG.md")).unwrap();
    fs::write(
        root.join("CHANGELOG.md"),
        log.replace(
            "## [Unreleased]\n",
            "## [Unreleased]\n### Changed\n- `decide` takes `strict`\n",
        ),
    )
    .unwrap();
    commit_all(root, "changelog");
    assert_eq!(changelog_findings(root, "HEAD~2"), Vec::<String>::new());
}

#[test]
fn a_release_tag_must_match_the_package_version() {
    let tmp = repo();
    let root = tmp.path();
    git(root, &["tag", "v1.3.0"]);
    let out = accord()
        .current_dir(root)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_code(&out, 1);
    let report = json(&out);
    let found = findings_of(&report, "release-tag-mismatch");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0]["message"],
        "release tag `v1.3.0` does not match the version 1.2.0 in crates/pm-core/Cargo.toml (expected `v1.2.0`)"
    );
    git(root, &["tag", "-d", "v1.3.0"]);
    git(root, &["tag", "-a", "v1.2.0", "-m", "release"]);
    let out = accord()
        .current_dir(root)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert!(findings_of(&json(&out), "release-tag-mismatch").is_empty());
}

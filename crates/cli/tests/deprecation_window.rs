//! Deprecation windows counted in releases, on the OpsHelm example: the pack's committed code
//! surface at each release tag says when a symbol was deprecated; removing it before the
//! window is over is denied with the version it was deprecated in and the earliest removal.

mod common;

use common::*;
use std::fs;
use std::path::Path;

fn set_version(root: &Path, version: &str) {
    let path = root.join("crates/pm-core/Cargo.toml");
    let text = fs::read_to_string(&path).unwrap();
    let start = text.find("version = \"").unwrap() + "version = \"".len();
    let end = start + text[start..].find('"').unwrap();
    fs::write(
        &path,
        format!("{}{version}{}", &text[..start], &text[end..]),
    )
    .unwrap();
}

fn edit_lib(root: &Path, f: impl Fn(String) -> String) {
    let path = root.join("crates/pm-core/src/classify.rs");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, f(text)).unwrap();
}

fn release(root: &Path, version: &str, tag: bool) {
    set_version(root, version);
    let out = accord()
        .current_dir(root)
        .args(["surface", "snapshot"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    commit_all(root, version);
    if tag {
        git(root, &["tag", &format!("v{version}")]);
    }
}

const LEGACY: &str = "\npub fn legacy_score() -> u32 {\n    0\n}\n";

fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&example("opshelm"), tmp.path());
    fs::remove_file(tmp.path().join("demo.sh")).unwrap();
    edit_lib(tmp.path(), |t| t + LEGACY);
    git(tmp.path(), &["init", "-q"]);
    release(tmp.path(), "1.2.0", true);
    tmp
}

fn window_messages(root: &Path) -> (String, Vec<String>) {
    let out = accord()
        .current_dir(root)
        .args([
            "check", "--base", "HEAD~1", "--head", "HEAD", "--format", "json",
        ])
        .output()
        .unwrap();
    let report = json(&out);
    let messages = findings_of(&report, "removal-before-deprecation-window")
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    (
        report["decision"]["outcome"].as_str().unwrap().to_string(),
        messages,
    )
}

#[test]
fn removal_one_minor_after_deprecation_after_one_zero_is_denied_with_the_earliest_version() {
    let tmp = repo();
    let root = tmp.path();
    edit_lib(root, |t| {
        t.replace(
            "\npub fn legacy_score",
            "\n#[deprecated(note = \"use max_severity\")]\npub fn legacy_score",
        )
    });
    release(root, "1.3.0", true);
    edit_lib(root, |t| {
        t.replace("#[deprecated(note = \"use max_severity\")]\npub fn legacy_score() -> u32 {\n    0\n}\n", "")
    });
    release(root, "1.4.0", false);
    let (outcome, messages) = window_messages(root);
    assert_eq!(outcome, "DENY");
    assert_eq!(
        messages,
        [
            "`pm_core::classify::legacy_score` is removed in 1.4.0 but was deprecated in 1.3.0 and warned for 1 minor release(s) (1.3), fewer than 2, and after 1.0 removal waits for the next major (2.0.0): after 1.0 a deprecated API warns for two minor releases and goes only in the next major; earliest removal 2.0.0"
        ]
    );
}

#[test]
fn removal_of_a_never_deprecated_symbol_is_reported_and_a_full_window_is_not() {
    let tmp = repo();
    let root = tmp.path();
    edit_lib(root, |t| t.replace(LEGACY, "\n"));
    release(root, "2.0.0", false);
    let (_, messages) = window_messages(root);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("was never deprecated in a release"),
        "{messages:?}"
    );

    // Deprecated in 1.3 and 1.4, removed in 2.0: the window is over.
    let tmp = repo();
    let root = tmp.path();
    edit_lib(root, |t| {
        t.replace(
            "\npub fn legacy_score",
            "\n#[deprecated]\npub fn legacy_score",
        )
    });
    release(root, "1.3.0", true);
    release(root, "1.4.0", true);
    edit_lib(root, |t| {
        t.replace(
            "#[deprecated]\npub fn legacy_score() -> u32 {\n    0\n}\n",
            "",
        )
    });
    release(root, "2.0.0", false);
    let (_, messages) = window_messages(root);
    assert!(messages.is_empty(), "{messages:?}");
}

#[test]
fn a_surface_that_does_not_parse_at_a_tag_is_not_counted_and_a_note_says_so() {
    let tmp = repo();
    let root = tmp.path();
    edit_lib(root, |t| {
        t.replace(
            "\npub fn legacy_score",
            "\n#[deprecated]\npub fn legacy_score",
        )
    });
    release(root, "1.3.0", false);
    // The release 1.4.0 was tagged with a damaged surface file.
    let surface = root.join("contracts/pm-core.surface.json");
    let good = fs::read_to_string(&surface).unwrap();
    set_version(root, "1.4.0");
    fs::write(&surface, "{ not json").unwrap();
    commit_all(root, "1.4.0");
    git(root, &["tag", "v1.4.0"]);
    git(root, &["tag", "v1.3.0", "HEAD~1"]);
    fs::write(&surface, good).unwrap();
    release(root, "1.4.1", false);
    edit_lib(root, |t| {
        t.replace(
            "#[deprecated]\npub fn legacy_score() -> u32 {\n    0\n}\n",
            "",
        )
    });
    release(root, "2.0.0", false);
    let out = accord()
        .current_dir(root)
        .args([
            "check", "--base", "HEAD~1", "--head", "HEAD", "--format", "json",
        ])
        .output()
        .unwrap();
    let report = json(&out);
    // Only 1.3 counts: one minor release, short of two.
    let window = findings_of(&report, "removal-before-deprecation-window");
    assert_eq!(window.len(), 1, "{report}");
    assert!(
        window[0]["message"]
            .as_str()
            .unwrap()
            .contains("warned for 1 minor release(s) (1.3), fewer than 2"),
        "{}",
        window[0]
    );
    let notes = findings_of(&report, "deprecation-history-unreadable");
    assert_eq!(notes.len(), 1, "{report}");
    let note = notes[0]["message"].as_str().unwrap();
    assert!(
        note.starts_with("contracts/pm-core.surface.json at release tag `v1.4.0` cannot be read ("),
        "{note}"
    );
    assert!(
        note.ends_with("release 1.4.0 is not counted for the symbols of pack `pm-core`"),
        "{note}"
    );
}

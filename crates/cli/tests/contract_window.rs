//! Deprecation windows of file contracts, counted in releases: a contract removed from the
//! registry (file deleted) or retired before it shipped `deprecated` in enough minor releases
//! is denied with the version it was deprecated in and the earliest version it may go. Each
//! release's version is the project version committed at its tag; history that cannot be
//! read there is a note, never a silent pass.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

const CONTRACT: &str = "contracts/notes-v1.yaml";

fn manifest(version: &str) -> String {
    format!(
        "[project]\nname = \"tiny\"\nversion = \"{version}\"\n\n[packs.a]\npaths = [\"a/**\"]\n\n[packs.b]\npaths = [\"b/**\"]\n\n[contracts]\ndir = \"contracts\"\n"
    )
}

fn contract(status: &str) -> String {
    let deprecation = if status == "stable" {
        String::new()
    } else {
        "  deprecation:\n    replaced_by: \"Notes v2\"\n    window: \"1 minor release\"\n"
            .to_string()
    };
    format!(
        r#"contract:
  name: "Notes"
  version: "1.0.0"
  status: "{status}"
  provider: a
  consumer: b
{deprecation}  interface:
    type: file
    format: "Markdown file"
    location: "a/NOTES.md"
    encoding: "UTF-8"
    required_sections:
      - name: "Intro"
        format: "Markdown heading level 2"
  breaking_changes_history:
    - version: "1.0.0"
      date: "2025-01-01"
      change: "Initial"
"#
    )
}

/// Commits the project at `version` with the contract in `status` (`None`: file deleted),
/// tagging it `v{version}` when `tag`.
fn step(root: &Path, version: &str, status: Option<&str>, tag: bool) {
    write(root, "accord.toml", manifest(version));
    match status {
        Some(s) => write(root, CONTRACT, contract(s)),
        None => {
            let _ = std::fs::remove_file(root.join(CONTRACT));
        }
    }
    commit_all(root, version);
    if tag {
        git(root, &["tag", &format!("v{version}")]);
    }
}

fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a/NOTES.md", "# Notes\n\n## Intro\n\nHello.\n");
    write(tmp.path(), "b/README.md", "b\n");
    // The registry outlives the one contract these tests delete.
    write(tmp.path(), "contracts/.keep", "");
    git(tmp.path(), &["init", "-q"]);
    tmp
}

/// The decision and the messages of `rule` for the last commit.
fn judged(root: &Path, rule: &str) -> (String, Vec<String>, Value) {
    let out = accord()
        .current_dir(root)
        .args([
            "check", "--base", "HEAD~1", "--head", "HEAD", "--format", "json",
        ])
        .output()
        .unwrap();
    let report = json(&out);
    let messages = findings_of(&report, rule)
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    (
        report["decision"]["outcome"].as_str().unwrap().to_string(),
        messages,
        report,
    )
}

const RULE: &str = "removal-before-deprecation-window";
const NOTE: &str = "deprecation-history-unreadable";

#[test]
fn before_one_zero_a_contract_deleted_in_the_minor_it_was_deprecated_in_is_denied() {
    let tmp = repo();
    let root = tmp.path();
    step(root, "0.1.0", Some("stable"), true);
    step(root, "0.2.0", Some("deprecated"), true);
    step(root, "0.2.1", None, false);
    let (outcome, messages, report) = judged(root, RULE);
    assert_eq!(outcome, "DENY");
    assert_eq!(
        messages,
        [
            "contract `Notes` is removed in 0.2.1 but was deprecated in 0.2.0 and warned for 0 minor release(s), fewer than 1: before 1.0 a deprecated API warns for at least one minor release; earliest removal 0.3.0"
        ]
    );
    let finding = findings_of(&report, RULE)[0];
    assert_eq!(finding["location"]["path"], CONTRACT);
    assert!(
        finding["location"]["line"].as_u64().unwrap() > 0,
        "{finding}"
    );
    // The decision asks to resolve it, naming the earliest version.
    let actions = report["decision"].to_string();
    assert!(actions.contains("earliest removal 0.3.0"), "{actions}");

    // One minor release later the window is over.
    let tmp = repo();
    let root = tmp.path();
    step(root, "0.1.0", Some("stable"), true);
    step(root, "0.2.0", Some("deprecated"), true);
    step(root, "0.3.0", None, false);
    let (_, messages, _) = judged(root, RULE);
    assert!(messages.is_empty(), "{messages:?}");
}

#[test]
fn a_contract_never_deprecated_in_a_release_has_not_started_its_window() {
    let tmp = repo();
    let root = tmp.path();
    step(root, "0.1.0", Some("stable"), true);
    // Deprecated, but never released that way: the next commit retires it.
    step(root, "0.2.0", Some("deprecated"), false);
    step(root, "0.2.0", Some("retired"), false);
    let (outcome, messages, _) = judged(root, RULE);
    assert_eq!(outcome, "DENY");
    assert_eq!(
        messages,
        [
            "contract `Notes` is retired in 0.2.0 but was never deprecated in a release: before 1.0 a deprecated API warns for at least one minor release; earliest removal 0.3.0"
        ]
    );
}

#[test]
fn after_one_zero_retirement_waits_two_minors_and_the_next_major() {
    let tmp = repo();
    let root = tmp.path();
    step(root, "1.0.0", Some("stable"), true);
    step(root, "1.1.0", Some("deprecated"), true);
    step(root, "1.2.0", Some("deprecated"), true);
    step(root, "1.3.0", Some("retired"), false);
    let (outcome, messages, _) = judged(root, RULE);
    assert_eq!(outcome, "DENY");
    assert_eq!(
        messages,
        [
            "contract `Notes` is retired in 1.3.0 but was deprecated in 1.1.0 and warned for 2 minor release(s) (1.1, 1.2), and after 1.0 removal waits for the next major (2.0.0): after 1.0 a deprecated API warns for two minor releases and goes only in the next major; earliest removal 2.0.0"
        ]
    );

    // Deprecated in 1.1 only, deleted in 2.0: one minor release is short of two.
    let tmp = repo();
    let root = tmp.path();
    step(root, "1.0.0", Some("stable"), true);
    step(root, "1.1.0", Some("deprecated"), true);
    step(root, "2.0.0", None, false);
    let (_, messages, _) = judged(root, RULE);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0]
            .contains("deprecated in 1.1.0 and warned for 1 minor release(s) (1.1), fewer than 2"),
        "{messages:?}"
    );

    // Deprecated in 1.1 and 1.2, deleted in 2.0: the window is over.
    let tmp = repo();
    let root = tmp.path();
    step(root, "1.0.0", Some("stable"), true);
    step(root, "1.1.0", Some("deprecated"), true);
    step(root, "1.2.0", Some("deprecated"), true);
    step(root, "2.0.0", None, false);
    let (_, messages, report) = judged(root, RULE);
    assert!(messages.is_empty(), "{messages:?}");
    assert!(findings_of(&report, NOTE).is_empty(), "{report}");
}

#[test]
fn the_release_version_is_the_project_version_committed_at_the_tag() {
    // The tag says 0.9.0 but the release shipped as 1.1.0 (accord.toml at the tag): the
    // deprecation counts as 1.1, so a 2.0.0 removal lacks a second minor release.
    let tmp = repo();
    let root = tmp.path();
    step(root, "1.0.0", Some("stable"), true);
    write(root, "accord.toml", manifest("1.1.0"));
    write(root, CONTRACT, contract("deprecated"));
    commit_all(root, "1.1.0");
    git(root, &["tag", "v0.9.0"]);
    step(root, "2.0.0", None, false);
    let (_, messages, _) = judged(root, RULE);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("deprecated in 1.1.0 and warned for 1 minor release(s) (1.1)"),
        "{messages:?}"
    );
}

#[test]
fn a_tag_whose_manifest_does_not_parse_counts_by_its_tag_with_a_note() {
    let tmp = repo();
    let root = tmp.path();
    step(root, "0.1.0", Some("stable"), true);
    write(root, "accord.toml", "[project\nname = \"tiny\"\n");
    write(root, CONTRACT, contract("deprecated"));
    commit_all(root, "broken manifest");
    git(root, &["tag", "v0.2.0"]);
    // Repaired after the release, then the contract goes.
    step(root, "0.2.0", Some("deprecated"), false);
    step(root, "0.3.0", None, false);
    let (_, messages, report) = judged(root, RULE);
    // The release still counts, as 0.2.0: the window is over.
    assert!(messages.is_empty(), "{messages:?}");
    let notes: Vec<&str> = findings_of(&report, NOTE)
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("accord.toml at release tag `v0.2.0` cannot be read (1:"),
        "{notes:?}"
    );
    assert!(
        notes[0].ends_with(
            "the release's version is taken from the tag (0.2.0), its contracts from `contracts/`"
        ),
        "{notes:?}"
    );
}

#[test]
fn a_contract_that_does_not_parse_at_a_tag_is_not_counted_and_says_so() {
    let tmp = repo();
    let root = tmp.path();
    step(root, "0.1.0", Some("stable"), true);
    write(root, "accord.toml", manifest("0.2.0"));
    write(
        root,
        CONTRACT,
        contract("deprecated").replace("  provider: a\n", "  provider: [a\n"),
    );
    commit_all(root, "0.2.0");
    git(root, &["tag", "v0.2.0"]);
    // Repaired after the release, then the contract goes.
    step(root, "0.2.0", Some("deprecated"), false);
    step(root, "0.3.0", None, false);
    let (outcome, messages, report) = judged(root, RULE);
    // 0.2.0 cannot be read: the deprecation it may carry is not counted, and both say so.
    assert_eq!(outcome, "DENY");
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("never deprecated in a release"),
        "{messages:?}"
    );
    let notes: Vec<&Value> = findings_of(&report, NOTE);
    assert_eq!(notes.len(), 1, "{report}");
    let note = notes[0]["message"].as_str().unwrap();
    assert!(
        note.starts_with(&format!(
            "{CONTRACT} at release tag `v0.2.0` cannot be read ("
        )),
        "{note}"
    );
    assert!(
        note.ends_with("release 0.2.0 is not counted for contract `Notes`"),
        "{note}"
    );
    assert_eq!(notes[0]["level"], "note", "{}", notes[0]);
}

#[test]
fn without_a_project_version_the_window_is_not_checked_and_a_note_says_why() {
    let tmp = repo();
    let root = tmp.path();
    step(root, "0.1.0", Some("stable"), true);
    write(
        root,
        "accord.toml",
        manifest("0.1.0").replace("version = \"0.1.0\"\n", ""),
    );
    std::fs::remove_file(root.join(CONTRACT)).unwrap();
    commit_all(root, "drop notes");
    let (_, messages, report) = judged(root, RULE);
    assert!(messages.is_empty(), "{messages:?}");
    let notes: Vec<&Value> = findings_of(&report, NOTE);
    assert_eq!(notes.len(), 1, "{report}");
    assert_eq!(
        notes[0]["message"],
        "contract `Notes` ends in this change, but its version is unknown (accord.toml: no version declared): its deprecation window is not checked"
    );
}

#[test]
fn a_head_still_at_the_released_version_counts_that_release() {
    // Deprecated in the 0.2.0 release, deleted before the version was bumped: the finding
    // names 0.2.0 as the deprecation, not "never deprecated".
    let tmp = repo();
    let root = tmp.path();
    step(root, "0.1.0", Some("stable"), true);
    step(root, "0.2.0", Some("deprecated"), true);
    step(root, "0.2.0", None, false);
    let (_, messages, _) = judged(root, RULE);
    assert_eq!(
        messages,
        [
            "contract `Notes` is removed in 0.2.0 but was deprecated in 0.2.0 and warned for 0 minor release(s), fewer than 1: before 1.0 a deprecated API warns for at least one minor release; earliest removal 0.3.0"
        ]
    );
}

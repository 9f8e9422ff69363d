//! CLI flags counted in releases (seed 002: "CLI flag removal: 1 minor release deprecation
//! window"): the flags of `[packs.NAME.cli]` are read from the sources committed at each
//! release tag (v0.1.0, v0.2.0, v0.3.0) and at the change; one removed before it shipped
//! deprecated in a minor release is denied with the version it was deprecated in and the
//! earliest version it may go. A source that does not parse is a note, never a silent pass.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

const RULE: &str = "cli-flag-removal-before-deprecation-window";
const NOTE: &str = "deprecation-history-unreadable";

fn manifest(version: &str) -> String {
    format!(
        "[project]\nname = \"tool\"\nversion = \"{version}\"\n\n[packs.tool]\npaths = [\"src/**\", \"tool/**\"]\n\n[packs.tool.cli]\ncommand = \"tool\"\nfiles = [\"src/cli.rs\", \"tool/cli.py\"]\n"
    )
}

/// The Rust CLI: `base` is the `tool check` flag the tests rename or deprecate.
fn rust_cli(base: &str) -> String {
    format!(
        r#"use clap::{{Args, Parser, Subcommand}};

#[derive(Parser)]
struct Cli {{
    #[arg(short, long)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}}

#[derive(Subcommand)]
enum Command {{
    Check(CheckArgs),
}}

#[derive(Args)]
struct CheckArgs {{
{base}
    #[arg(long)]
    head: Option<String>,
}}
"#
    )
}

const BASE_REV: &str = "    #[arg(long)]\n    base_rev: Option<String>,";
const BASE_REV_DEPRECATED: &str =
    "    /// Deprecated: use --base.\n    #[arg(long)]\n    base_rev: Option<String>,";
const BASE: &str = "    #[arg(long)]\n    base: Option<String>,";

fn python_cli(legacy: &str) -> String {
    format!(
        "import argparse\n\nparser = argparse.ArgumentParser(prog=\"tool\")\nsub = parser.add_subparsers()\nserve = sub.add_parser(\"serve\")\nserve.add_argument(\"--port\")\n{legacy}"
    )
}

const LEGACY: &str = "serve.add_argument(\"--legacy-tls\")\n";
const LEGACY_DEPRECATED: &str = "serve.add_argument(\"--legacy-tls\", deprecated=True)\n";

/// Commits the project at `version` with the two CLI sources, tagging it when `tag`.
fn step(root: &Path, version: &str, rust: &str, python: &str, tag: bool) {
    write(root, "accord.toml", manifest(version));
    write(root, "src/cli.rs", rust);
    write(root, "tool/cli.py", python);
    commit_all(root, version);
    if tag {
        git(root, &["tag", &format!("v{version}")]);
    }
}

/// v0.1.0 and v0.2.0 plain; v0.3.0 with `--base-rev` and `--legacy-tls` as `v3` says.
fn repo(v3_rust: &str, v3_python: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    git(root, &["init", "-q"]);
    step(
        root,
        "0.1.0",
        &rust_cli(BASE_REV),
        &python_cli(LEGACY),
        true,
    );
    step(
        root,
        "0.2.0",
        &rust_cli(BASE_REV),
        &python_cli(LEGACY),
        true,
    );
    step(root, "0.3.0", v3_rust, v3_python, true);
    tmp
}

/// The decision, the messages of `rule` and the report for the last commit.
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

#[test]
fn a_flag_renamed_without_deprecation_is_denied_naming_never_and_the_earliest_version() {
    let tmp = repo(&rust_cli(BASE_REV), &python_cli(LEGACY));
    let root = tmp.path();
    step(root, "0.4.0", &rust_cli(BASE), &python_cli(LEGACY), false);
    let (outcome, messages, report) = judged(root, RULE);
    assert_eq!(outcome, "DENY", "{report}");
    assert_eq!(
        messages,
        [
            "CLI flag `tool check --base-rev` is removed in 0.4.0 but was never deprecated in a release: a CLI flag is deprecated for at least one minor release before it goes; earliest removal 0.5.0"
        ]
    );
    let finding = findings_of(&report, RULE)[0];
    assert_eq!(finding["location"]["path"], "src/cli.rs");
    assert_eq!(finding["location"]["line"], 19, "{finding}");
    assert_eq!(finding["class"], "BREAKING");
}

#[test]
fn a_flag_deprecated_in_a_release_goes_one_minor_release_later_and_not_in_a_patch() {
    let tmp = repo(
        &rust_cli(BASE_REV_DEPRECATED),
        &python_cli(LEGACY_DEPRECATED),
    );
    let root = tmp.path();
    step(root, "0.3.1", &rust_cli(BASE), &python_cli(""), false);
    let (outcome, messages, _) = judged(root, RULE);
    assert_eq!(outcome, "DENY");
    assert_eq!(
        messages,
        [
            "CLI flag `tool check --base-rev` is removed in 0.3.1 but was deprecated in 0.3.0 and warned for 0 minor release(s), fewer than 1: a CLI flag is deprecated for at least one minor release before it goes; earliest removal 0.4.0",
            "CLI flag `tool serve --legacy-tls` is removed in 0.3.1 but was deprecated in 0.3.0 and warned for 0 minor release(s), fewer than 1: a CLI flag is deprecated for at least one minor release before it goes; earliest removal 0.4.0",
        ]
    );

    let tmp = repo(
        &rust_cli(BASE_REV_DEPRECATED),
        &python_cli(LEGACY_DEPRECATED),
    );
    let root = tmp.path();
    step(root, "0.4.0", &rust_cli(BASE), &python_cli(""), false);
    let (_, messages, report) = judged(root, RULE);
    assert!(messages.is_empty(), "{messages:?}");
    assert!(findings_of(&report, NOTE).is_empty(), "{report}");
}

#[test]
fn a_removed_subcommand_is_reported_once_not_flag_by_flag() {
    let tmp = repo(&rust_cli(BASE_REV), &python_cli(LEGACY));
    let root = tmp.path();
    let python = "import argparse\n\nparser = argparse.ArgumentParser(prog=\"tool\")\n";
    step(root, "0.4.0", &rust_cli(BASE_REV), python, false);
    let (_, messages, _) = judged(root, RULE);
    assert_eq!(
        messages,
        [
            "CLI command `tool serve` is removed in 0.4.0 but was never deprecated in a release: a CLI flag is deprecated for at least one minor release before it goes; earliest removal 0.5.0"
        ]
    );
}

#[test]
fn a_source_that_does_not_parse_at_a_release_is_a_note_and_that_release_is_not_counted() {
    // v0.3.0 carried the deprecation in a file that does not parse there.
    let broken = format!("{}\n}}}}", rust_cli(BASE_REV_DEPRECATED));
    let tmp = repo(&broken, &python_cli(LEGACY));
    let root = tmp.path();
    step(root, "0.4.0", &rust_cli(BASE), &python_cli(LEGACY), false);
    let (outcome, messages, report) = judged(root, RULE);
    // The base (v0.3.0) does not parse either, so nothing is compared for that file: the
    // notes say so rather than every flag looking removed or added.
    assert!(messages.is_empty(), "{messages:?}");
    assert_ne!(outcome, "DENY", "{report}");
    let notes: Vec<&str> = findings_of(&report, NOTE)
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("src/cli.rs at the base cannot be read (25:1: "),
        "{notes:?}"
    );
    assert!(
        notes[0].ends_with("the CLI flags it declares for pack `tool` are not compared"),
        "{notes:?}"
    );

    // A release in the middle that does not parse is not counted, and a note names it.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    git(root, &["init", "-q"]);
    step(
        root,
        "0.1.0",
        &rust_cli(BASE_REV),
        &python_cli(LEGACY),
        true,
    );
    step(root, "0.2.0", &broken, &python_cli(LEGACY), true);
    step(
        root,
        "0.3.0",
        &rust_cli(BASE_REV),
        &python_cli(LEGACY),
        true,
    );
    step(root, "0.4.0", &rust_cli(BASE), &python_cli(LEGACY), false);
    let (_, messages, report) = judged(root, RULE);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("never deprecated"), "{messages:?}");
    let notes = findings_of(&report, NOTE);
    assert_eq!(notes.len(), 1, "{report}");
    let note = notes[0]["message"].as_str().unwrap();
    assert!(
        note.starts_with("src/cli.rs at release tag `v0.2.0` cannot be read (25:1: "),
        "{note}"
    );
    assert!(
        note.ends_with("release 0.2.0 is not counted for the CLI flags of pack `tool`"),
        "{note}"
    );
    assert_eq!(notes[0]["location"]["line"], 25);
}

#[test]
fn a_head_that_does_not_parse_is_a_note_not_a_removal_of_every_flag() {
    let tmp = repo(&rust_cli(BASE_REV), &python_cli(LEGACY));
    let root = tmp.path();
    step(
        root,
        "0.4.0",
        &rust_cli(BASE_REV),
        "import argparse\nparser = argparse.ArgumentParser(\n",
        false,
    );
    let (_, messages, report) = judged(root, RULE);
    assert!(messages.is_empty(), "{messages:?}");
    let notes: Vec<&str> = findings_of(&report, NOTE)
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("tool/cli.py at the head cannot be read (2:"),
        "{notes:?}"
    );
}

#[test]
fn without_release_tags_nothing_is_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    git(root, &["init", "-q"]);
    step(
        root,
        "0.1.0",
        &rust_cli(BASE_REV),
        &python_cli(LEGACY),
        false,
    );
    step(root, "0.2.0", &rust_cli(BASE), &python_cli(LEGACY), false);
    let (_, messages, _) = judged(root, RULE);
    assert!(messages.is_empty(), "{messages:?}");
}

#[test]
fn a_cli_source_outside_the_repository_is_refused_with_its_place_in_accord_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(
        root,
        "accord.toml",
        "[project]\nname = \"tool\"\n\n[packs.tool]\npaths = [\"src/**\"]\n\n[packs.tool.cli]\nfiles = [\"../outside.rs\"]\n",
    );
    let out = accord().current_dir(root).arg("check").output().unwrap();
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("accord.toml:8:") && err.contains("is outside the repository"),
        "{err}"
    );
}

#[test]
fn a_flag_no_release_shipped_may_go_and_a_head_not_in_utf_8_is_a_note() {
    let tmp = repo(&rust_cli(BASE_REV), &python_cli(LEGACY));
    let root = tmp.path();
    // Added after v0.3.0, removed before any release shipped it.
    step(
        root,
        "0.3.1",
        &rust_cli(&format!("{BASE_REV}\n    #[arg(long)]\n    tmp: bool,")),
        &python_cli(LEGACY),
        false,
    );
    step(
        root,
        "0.3.2",
        &rust_cli(BASE_REV),
        &python_cli(LEGACY),
        false,
    );
    let (_, messages, _) = judged(root, RULE);
    assert!(messages.is_empty(), "{messages:?}");

    write(root, "tool/cli.py", b"parser = 1\n\xff\xfe\n");
    commit_all(root, "0.3.3");
    let (_, messages, report) = judged(root, RULE);
    assert!(messages.is_empty(), "{messages:?}");
    let notes: Vec<&str> = findings_of(&report, NOTE)
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        notes,
        [
            "tool/cli.py at the head cannot be read (not UTF-8 (byte 11)): the CLI flags it declares for pack `tool` are not compared"
        ]
    );
}

#[test]
fn a_rust_file_that_does_not_parse_leaves_the_flags_it_resolves_in_other_files_alone() {
    // `CheckArgs` lives in its own file; the file with the parser breaks at the head, so
    // `tool check --base-rev` cannot be reached there, yet it was not removed.
    let split = |text: &str| {
        let at = text.find("#[derive(Args)]").unwrap();
        (text[..at].to_string(), text[at..].to_string())
    };
    let manifest = |version: &str| {
        manifest(version).replace(
            "files = [\"src/cli.rs\", \"tool/cli.py\"]",
            "files = [\"src/cli.rs\", \"src/check.rs\"]",
        )
    };
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    git(root, &["init", "-q"]);
    let (cli, check) = split(&rust_cli(BASE_REV));
    write(root, "src/check.rs", &check);
    for (version, cli) in [("0.1.0", cli.clone()), ("0.2.0", format!("{cli}\n}}"))] {
        write(root, "accord.toml", manifest(version));
        write(root, "src/cli.rs", cli);
        commit_all(root, version);
        if version == "0.1.0" {
            git(root, &["tag", "v0.1.0"]);
        }
    }
    let (_, messages, report) = judged(root, RULE);
    assert!(messages.is_empty(), "{messages:?}");
    let notes = findings_of(&report, NOTE);
    assert_eq!(notes.len(), 1, "{report}");
    assert!(
        notes[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("src/cli.rs at the head cannot be read ("),
        "{}",
        notes[0]
    );
}

#[test]
fn a_source_over_the_read_limit_at_a_release_is_a_note_not_a_read() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    git(root, &["init", "-q"]);
    step(
        root,
        "0.1.0",
        &rust_cli(BASE_REV),
        &python_cli(LEGACY),
        true,
    );
    // 33 MiB of comments: valid Python, over the 32 MiB limit of one read.
    let huge = python_cli(LEGACY) + &"#\n".repeat(33 * 512 * 1024);
    step(root, "0.2.0", &rust_cli(BASE_REV), &huge, true);
    step(
        root,
        "0.3.0",
        &rust_cli(BASE_REV),
        &python_cli(LEGACY),
        true,
    );
    step(root, "0.4.0", &rust_cli(BASE_REV), &python_cli(""), false);
    let (_, messages, report) = judged(root, RULE);
    assert_eq!(messages.len(), 1, "{messages:?}");
    let notes: Vec<&str> = findings_of(&report, NOTE)
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("tool/cli.py at release tag `v0.2.0` cannot be read (")
            && notes[0].contains("over the 33554432-byte limit"),
        "{notes:?}"
    );
}

#[test]
fn a_shallow_clone_without_its_release_tags_says_no_window_was_counted() {
    let tmp = repo(&rust_cli(BASE_REV), &python_cli(LEGACY));
    let origin = tmp.path();
    step(origin, "0.4.0", &rust_cli(BASE), &python_cli(LEGACY), false);
    let (outcome, _, _) = judged(origin, RULE);
    assert_eq!(outcome, "DENY", "the full history counts the window");

    // CI's default checkout: the last two commits, none of them tagged.
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "2", "--no-tags", &url, "shallow"],
    );
    let (outcome, removals, report) = judged(&clone.path().join("shallow"), RULE);
    assert!(removals.is_empty(), "{report:#}");
    assert_ne!(outcome, "DENY", "{report:#}");
    let notes: Vec<String> = findings_of(&report, NOTE)
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        notes,
        [
            "the repository is a shallow clone with no release tag: deprecation windows are not counted (the releases may exist and not have been fetched)"
        ],
        "{report:#}"
    );
}

#[test]
fn removed_and_deprecated_flags_are_changes_the_changelog_must_name() {
    // v0.3.0 deprecates `--base-rev`: a change of its own, whatever the releases say.
    let tmp = repo(&rust_cli(BASE_REV_DEPRECATED), &python_cli(LEGACY));
    let (_, deprecated, _) = judged(tmp.path(), "cli-flag-deprecated");
    assert_eq!(
        deprecated,
        ["CLI flag `tool check --base-rev` is marked deprecated"]
    );

    // 0.4.0 removes it, within the rules of its window, with a [changelog] to keep.
    let removal = |changelog: &str| {
        let tmp = repo(&rust_cli(BASE_REV_DEPRECATED), &python_cli(LEGACY));
        let root = tmp.path();
        write(
            root,
            "accord.toml",
            format!(
                "{}\n[changelog]\npath = \"CHANGELOG.md\"\n",
                manifest("0.4.0")
            ),
        );
        write(root, "src/cli.rs", rust_cli(BASE));
        write(root, "CHANGELOG.md", changelog);
        commit_all(root, "0.4.0");
        let (outcome, missing, report) = judged(root, "changelog-entry-missing");
        let (_, removed, _) = judged(root, "cli-flag-removed");
        assert_eq!(removed, ["CLI flag `tool check --base-rev` is removed"]);
        assert!(findings_of(&report, RULE).is_empty(), "{report:#}");
        (outcome, missing)
    };
    let (outcome, missing) = removal("# Changelog\n\n## [Unreleased]\n");
    assert_eq!(outcome, "DENY");
    assert_eq!(
        missing,
        [
            "RISKY `--base-rev` (cli-flag-removed) is not named in CHANGELOG.md under [Unreleased] or [0.4.0]"
        ]
    );
    let (outcome, missing) = removal(
        "# Changelog\n\n## [Unreleased]\n\n### Removed\n- `tool check --base-rev`: use `--base`.\n",
    );
    assert!(missing.is_empty(), "{missing:?}");
    assert_ne!(outcome, "DENY");
}

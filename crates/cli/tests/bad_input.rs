//! Bad input of the foundation issue: each case gets a clear error naming the file and the
//! position, and none panics, hangs or reads outside the repository.

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use common::*;
use serde_json::Value;

const MANIFEST: &str = "[project]\nname = \"tiny\"\nversion = \"1.0.0\"\n\n[packs.a]\npaths = [\"a/**\"]\n\n[packs.b]\npaths = [\"b/**\"]\n\n[contracts]\ndir = \"contracts\"\n";

fn contract(name: &str, location: &str) -> String {
    format!(
        r#"contract:
  name: "{name}"
  version: "1.0.0"
  status: "stable"
  provider: a
  consumer: b
  interface:
    type: file
    format: "Markdown file"
    location: "{location}"
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

/// A tiny valid repository: two packs, one Markdown contract, one good artifact.
fn tiny_repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "accord.toml", MANIFEST);
    write(
        root,
        "contracts/a-b-v1.0.0.yaml",
        contract("A to B", "outputs/{slug}/doc.md"),
    );
    write(root, "outputs/good/doc.md", "# Doc\n\n## Intro\n\nHello.\n");
    tmp
}

fn check_json(root: &Path) -> std::process::Output {
    accord()
        .arg("check")
        .arg(root)
        .args(["--format", "json"])
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .expect("runs")
}

fn check_human(root: &Path) -> std::process::Output {
    accord()
        .arg("check")
        .arg(root)
        .args(["--color", "never"])
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .expect("runs")
}

/// The single finding of `rule` about `path`.
fn finding_at<'a>(report: &'a Value, rule: &str, path: &str) -> &'a Value {
    let hits: Vec<&Value> = findings_of(report, rule)
        .into_iter()
        .filter(|f| f["location"]["path"] == path)
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "expected one `{rule}` at {path}, got {hits:#?} in {report:#}"
    );
    hits[0]
}

#[test]
fn the_tiny_repo_is_clean() {
    // Baseline: every other test here breaks exactly one thing of this repository.
    let repo = tiny_repo();
    let out = check_json(repo.path());
    assert_code(&out, 0);
    assert_eq!(json(&out)["summary"]["findings"], 0);
}

/// A typo in `[policy]` must fail the local `accord check` too, not wait for the first
/// `check --base` in CI (where it would be the first thing a reviewer sees).
#[test]
fn a_policy_typo_fails_the_tree_check_with_its_line() {
    let repo = tiny_repo();
    write(
        repo.path(),
        "accord.toml",
        format!("{MANIFEST}\n[policy]\napprovals_fle = \"x.toml\"\n"),
    );
    let out = check_human(repo.path());
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("accord.toml:15:"), "{err}");
    assert!(err.contains("approvals_fle"), "{err}");

    write(
        repo.path(),
        "accord.toml",
        format!("{MANIFEST}\n[policy.rules]\nsecret-comitted = \"risky\"\n"),
    );
    let out = check_human(repo.path());
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("did you mean `secret-committed`"), "{err}");
}

#[test]
fn unknown_manifest_key_names_file_line_and_column() {
    let repo = tiny_repo();
    let text = MANIFEST.replacen(
        "version = \"1.0.0\"\n",
        "version = \"1.0.0\"\nsurprise = 1\n",
        1,
    );
    write(repo.path(), "accord.toml", text);
    let out = check_human(repo.path());
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("accord.toml:4:1"), "{err}");
    assert!(err.contains("surprise"), "{err}");
    assert!(err.contains('^'), "a caret points at the key: {err}");
}

#[test]
fn invalid_toml_names_file_line_and_column() {
    let repo = tiny_repo();
    let text = MANIFEST.replacen("name = \"tiny\"", "name = \"tiny", 1);
    write(repo.path(), "accord.toml", text);
    let out = check_human(repo.path());
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("accord.toml:2:"), "{err}");
    assert!(err.to_lowercase().contains("toml"), "{err}");
}

#[test]
fn contract_with_bad_yaml_is_a_finding_with_position() {
    let repo = tiny_repo();
    write(
        repo.path(),
        "contracts/b-a-v1.0.0.yaml",
        "contract:\n  name: \"B to A\n  version: \"1.0.0\"\n",
    );
    let out = check_json(repo.path());
    assert_code(&out, 1);
    let report = json(&out);
    let f = finding_at(&report, "registry-parse-error", "contracts/b-a-v1.0.0.yaml");
    assert!(
        f["location"]["line"].as_u64().is_some_and(|l| l >= 2),
        "{f}"
    );
    assert!(
        f["location"]["column"].as_u64().is_some_and(|c| c >= 1),
        "{f}"
    );
    // The other contract was still checked and is clean.
    assert_eq!(report["summary"]["findings"], 1, "{report:#}");
}

#[test]
fn artifact_that_is_not_utf8_is_a_finding_with_offset() {
    let repo = tiny_repo();
    write(
        repo.path(),
        "outputs/latin/doc.md",
        b"# Doc\n\n## Intro\n\ncaf\xe9\n".as_slice(),
    );
    let out = check_json(repo.path());
    assert_code(&out, 1);
    let report = json(&out);
    let f = finding_at(&report, "conformance-encoding", "outputs/latin/doc.md");
    assert_eq!(f["location"]["line"], 5, "{f}");
    assert_eq!(f["location"]["column"], 4, "{f}");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("offset 20")),
        "{f}"
    );
}

#[test]
fn empty_artifact_is_a_finding() {
    let repo = tiny_repo();
    write(repo.path(), "outputs/empty/doc.md", "");
    let out = check_json(repo.path());
    assert_code(&out, 1);
    let report = json(&out);
    finding_at(&report, "conformance-empty-file", "outputs/empty/doc.md");
}

#[test]
fn binary_artifact_is_a_finding() {
    let repo = tiny_repo();
    write(
        repo.path(),
        "outputs/bin/doc.md",
        b"# D\x00\x01\x02\xff\xfe".as_slice(),
    );
    let out = check_json(repo.path());
    assert_code(&out, 1);
    let report = json(&out);
    let f = finding_at(&report, "conformance-binary-file", "outputs/bin/doc.md");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("offset 3")),
        "{f}"
    );
}

#[test]
fn artifact_over_the_size_limit_is_a_finding_not_read() {
    let repo = tiny_repo();
    let manifest = format!("{MANIFEST}\n[limits]\nmax_file_size = \"1KiB\"\n");
    write(repo.path(), "accord.toml", manifest);
    let mut big = String::from("# Doc\n\n## Intro\n\n");
    big.push_str(&"x".repeat(4096));
    write(repo.path(), "outputs/big/doc.md", big);
    let out = check_json(repo.path());
    let report = json(&out);
    let f = finding_at(&report, "conformance-file-too-large", "outputs/big/doc.md");
    assert!(
        f["message"].as_str().is_some_and(|m| m.contains("1024")),
        "names the limit: {f}"
    );
    // A RISKY warning by default: the exit code follows the finding's level.
    assert_code(&out, if f["level"] == "error" { 1 } else { 0 });
    // Not read, so the content cannot have been checked either.
    assert_eq!(report["summary"]["findings"], 1, "{report:#}");
}

#[test]
fn location_climbing_out_with_dotdot_is_refused() {
    let outer = tempfile::tempdir().expect("tempdir");
    let root = outer.path().join("repo");
    fs::create_dir(&root).expect("mkdir");
    write(&root, "accord.toml", MANIFEST);
    write(
        &root,
        "contracts/a-b-v1.0.0.yaml",
        contract("A to B", "../secret/doc.md"),
    );
    // The target exists and would conform, so only the refusal can produce a finding.
    write(outer.path(), "secret/doc.md", "# Doc\n\n## Intro\n");
    let out = check_json(&root);
    assert_code(&out, 1);
    let report = json(&out);
    let f = finding_at(
        &report,
        "conformance-location-escapes",
        "contracts/a-b-v1.0.0.yaml",
    );
    assert!(
        f["message"].as_str().is_some_and(|m| m.contains("..")),
        "{f}"
    );
    assert_eq!(f["location"]["line"], 10, "points at `location`: {f}");
}

#[test]
fn symlink_out_of_the_repository_is_not_followed() {
    let outer = tempfile::tempdir().expect("tempdir");
    let root = outer.path().join("repo");
    fs::create_dir(&root).expect("mkdir");
    write(&root, "accord.toml", MANIFEST);
    write(
        &root,
        "contracts/a-b-v1.0.0.yaml",
        contract("A to B", "outputs/{slug}/doc.md"),
    );
    write(outer.path(), "secret.md", "no intro heading here\n");
    fs::create_dir_all(root.join("outputs/leak")).expect("mkdir");
    symlink("../../../secret.md", root.join("outputs/leak/doc.md")).expect("symlink");
    let out = check_json(&root);
    assert_code(&out, 1);
    let report = json(&out);
    finding_at(
        &report,
        "conformance-location-escapes",
        "outputs/leak/doc.md",
    );
    // The target was never read, so it cannot have produced a missing-section finding.
    assert!(findings_of(&report, "conformance-missing-section").is_empty());
}

#[test]
fn symlink_loops_under_outputs_do_not_hang() {
    let repo = tiny_repo();
    let root = repo.path();
    let dir = root.join("outputs/loop");
    fs::create_dir_all(&dir).expect("mkdir");
    // A file loop (a → b → a) where the artifact should be, and a directory loop beside it.
    symlink("b.md", dir.join("doc.md")).expect("symlink");
    symlink("doc.md", dir.join("b.md")).expect("symlink");
    symlink("..", dir.join("up")).expect("symlink");
    symlink("../loop", root.join("outputs/self")).expect("symlink");
    let out = check_json(root);
    assert_code(&out, 1);
    let report = json(&out);
    let f = finding_at(
        &report,
        "conformance-location-escapes",
        "outputs/loop/doc.md",
    );
    assert!(
        f["message"].as_str().is_some_and(|m| m.contains("loop")),
        "{f}"
    );
}

#[test]
fn missing_contracts_dir_is_an_error_naming_it() {
    let repo = tiny_repo();
    let text = MANIFEST.replacen("dir = \"contracts\"", "dir = \"nowhere/contracts\"", 1);
    write(repo.path(), "accord.toml", text);
    let out = check_human(repo.path());
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("nowhere/contracts"), "{err}");
}

#[test]
fn contract_name_with_path_separators_is_a_finding() {
    for name in ["../../etc/passwd", r"a\\b"] {
        let repo = tiny_repo();
        write(
            repo.path(),
            "contracts/a-b-v1.0.0.yaml",
            contract(name, "outputs/{slug}/doc.md"),
        );
        let out = check_json(repo.path());
        assert_code(&out, 1);
        let report = json(&out);
        let f = finding_at(&report, "registry-bad-name", "contracts/a-b-v1.0.0.yaml");
        assert_eq!(f["location"]["line"], 2, "{f}");
        // Nothing was created from the name outside the repository.
        assert!(!repo.path().join("../etc").exists());
    }
}

#[test]
fn missing_manifest_is_an_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = check_human(tmp.path());
    assert_code(&out, 2);
    assert!(stderr(&out).contains("accord.toml"), "{}", stderr(&out));
}

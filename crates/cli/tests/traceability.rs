//! `[traceability]` through `accord check`: untraced tests, missing tests and entries older
//! than their tests (git commit times), and a malformed matrix as an error with its position.

mod common;

use common::*;
use std::path::Path;

const MANIFEST: &str = "[project]\nname = \"trace\"\n\n[traceability]\nmatrix = \"docs/traceability_matrix.json\"\ntests = [\"tests/**/*.rs\"]\n";
const MATRIX: &str = r#"{"requirements": [
  {"id": "REQ-LOAD-1", "description": "cold load < 200 ms p95",
   "tests": ["tests/load.rs::cold_load_within_budget"]}
]}
"#;

fn commit_at(dir: &Path, message: &str, date: &str) {
    git(dir, &["add", "-A"]);
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_DATE", date)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(["commit", "-q", "-m", message])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "accord.toml", MANIFEST);
    write(root, "docs/traceability_matrix.json", MATRIX);
    write(
        root,
        "tests/load.rs",
        "#[test]\nfn cold_load_within_budget() {}\n",
    );
    git(root, &["init", "-q"]);
    commit_at(root, "matrix", "2026-10-01T12:00:00Z");
    tmp
}

fn rules(root: &Path) -> (i32, Vec<String>) {
    let out = accord()
        .current_dir(root)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    (code(&out), rules_of(&json(&out)))
}

#[test]
fn a_traced_tree_passes_and_each_violation_is_reported() {
    let tmp = repo();
    let root = tmp.path();
    assert_eq!(rules(root), (0, vec![]));

    write(root, "tests/extra_smoke.rs", "#[test]\nfn smoke() {}\n");
    assert_eq!(rules(root), (1, vec!["trace-test-untraced".to_string()]));
    std::fs::remove_file(root.join("tests/extra_smoke.rs")).unwrap();

    // The test changes three days after the matrix was last committed: the entry is stale.
    write(
        root,
        "tests/load.rs",
        "#[test]\nfn cold_load_within_budget() { assert!(true) }\n",
    );
    commit_at(root, "tighter test", "2026-10-04T12:00:00Z");
    let out = accord()
        .current_dir(root)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    let report = json(&out);
    let stale = findings_of(&report, "trace-entry-stale");
    assert_eq!(stale.len(), 1, "{report:#}");
    assert!(
        stale[0]["message"]
            .as_str()
            .unwrap()
            .contains("tests/load.rs (3 day(s) later)")
    );
    assert_eq!(
        stale[0]["location"]["line"], 2,
        "points at the requirement's id"
    );

    // Renaming the test without the matrix: the reference dangles.
    write(root, "tests/load.rs", "#[test]\nfn cold_load_fast() {}\n");
    let (code, found) = rules(root);
    assert_eq!(code, 1);
    assert!(
        found.contains(&"trace-test-missing".to_string()),
        "{found:?}"
    );
}

#[test]
fn a_malformed_matrix_is_an_error_with_its_position() {
    let tmp = repo();
    write(
        tmp.path(),
        "docs/traceability_matrix.json",
        "{\"requirements\": [\n  {\"id\": \"REQ-1\", \"tests\": [1]}\n]}\n",
    );
    let out = accord()
        .current_dir(tmp.path())
        .arg("check")
        .output()
        .unwrap();
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("docs/traceability_matrix.json:2:"), "{err}");
    assert!(
        err.contains("invalid type: integer `1`, expected a string"),
        "{err}"
    );
}

#[test]
fn staleness_is_per_entry_not_per_matrix_file() {
    let tmp = repo();
    let root = tmp.path();
    let two = |cap: &str| {
        format!(
            r#"{{"requirements": [
  {{"id": "REQ-LOAD-1", "description": "cold load < 200 ms p95",
   "tests": ["tests/load.rs::cold_load_within_budget"]}},
  {{"id": "REQ-CAP-1", "description": "{cap}",
   "tests": ["tests/caps.rs::safe_refuses_exec"]}}
]}}
"#
        )
    };
    write(
        root,
        "docs/traceability_matrix.json",
        two("safe refuses exec"),
    );
    write(
        root,
        "tests/caps.rs",
        "#[test]\nfn safe_refuses_exec() {}\n",
    );
    commit_at(root, "caps", "2026-10-01T13:00:00Z");
    write(
        root,
        "tests/load.rs",
        "#[test]\nfn cold_load_within_budget() { assert!(true) }\n",
    );
    commit_at(root, "tighter load test", "2026-10-04T12:00:00Z");
    // A later edit of another entry commits the matrix file, but REQ-LOAD-1 itself was not
    // reviewed: it stays stale. Per file, the matrix would now look newer than the test.
    write(
        root,
        "docs/traceability_matrix.json",
        two("the safe profile refuses exec"),
    );
    commit_at(root, "reword caps", "2026-10-06T12:00:00Z");
    let out = accord()
        .current_dir(root)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let report = json(&out);
    let stale = findings_of(&report, "trace-entry-stale");
    assert_eq!(stale.len(), 1, "{report:#}");
    let message = stale[0]["message"].as_str().unwrap();
    assert!(message.contains("`REQ-LOAD-1`"), "{message}");
    assert!(
        message.contains("tests/load.rs (3 day(s) later)"),
        "{message}"
    );

    // Reviewing the entry (its description now says more) in a commit clears it; the
    // uncommitted edit alone already does, since an entry being edited is not stale.
    let reviewed = two("the safe profile refuses exec").replace(
        "cold load < 200 ms p95",
        "cold load < 200 ms p95, budget of the tighter test",
    );
    write(root, "docs/traceability_matrix.json", &reviewed);
    assert_eq!(rules(root), (0, vec![]));
    commit_at(root, "review REQ-LOAD-1", "2026-10-07T12:00:00Z");
    assert_eq!(rules(root), (0, vec![]));
}

#[test]
fn a_shallow_clone_says_staleness_was_not_checked() {
    let tmp = repo();
    let origin = tmp.path();
    write(
        origin,
        "tests/load.rs",
        "#[test]\nfn cold_load_within_budget() { assert!(true) }\n",
    );
    commit_at(origin, "tighter test", "2026-10-04T12:00:00Z");
    // The full repository dates the entry: it is stale.
    let (_, found) = rules(origin);
    assert!(
        found.contains(&"trace-entry-stale".to_string()),
        "{found:?}"
    );

    // What CI checks out by default: the last commit only. The matrix's own commit is gone,
    // so staleness cannot be judged, and the report says so instead of passing in silence.
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let shallow = clone.path().join("shallow");
    let out = accord()
        .current_dir(&shallow)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    let report = json(&out);
    assert!(
        findings_of(&report, "trace-entry-stale").is_empty(),
        "{report:#}"
    );
    let note = findings_of(&report, "trace-history-unreadable");
    assert_eq!(note.len(), 1, "{report:#}");
    let message = note[0]["message"].as_str().unwrap();
    assert!(message.contains("shallow clone"), "{message}");
    assert_eq!(note[0]["class"], "SAFE");
    assert_eq!(note[0]["location"]["path"], "docs/traceability_matrix.json");
}

//! Helpers shared by the integration tests: run the real `accord` binary, locate the examples,
//! copy them into throwaway directories and drive throwaway git repositories.

// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// The real `accord` binary built by Cargo for these tests.
pub fn accord() -> Command {
    let mut cmd = Command::cargo_bin("accord").expect("the accord binary is built");
    // Human output must not depend on the developer's terminal or environment.
    cmd.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    cmd
}

/// The repository root (`/work/main`), two levels above this crate.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root exists")
}

/// `examples/NAME` in the repository.
pub fn example(name: &str) -> PathBuf {
    repo_root().join("examples").join(name)
}

/// Standard output as UTF-8 text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// Standard error as UTF-8 text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// Standard output parsed as JSON, with the raw text in the panic message when it is not.
pub fn json(out: &Output) -> Value {
    let text = stdout(out);
    serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{text}\nstderr:\n{}",
            stderr(out)
        )
    })
}

/// The exit code, failing the test when the process died from a signal (e.g. a panic abort).
pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or_else(|| {
        panic!(
            "accord was killed by a signal\nstdout:\n{}\nstderr:\n{}",
            stdout(out),
            stderr(out)
        )
    })
}

/// Asserts the exit code, printing both streams when it differs.
pub fn assert_code(out: &Output, expected: i32) {
    let got = code(out);
    assert_eq!(
        got,
        expected,
        "unexpected exit code\nstdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
    assert!(
        !stderr(out).contains("panicked"),
        "accord panicked:\n{}",
        stderr(out)
    );
}

/// The `rule` of every finding of a JSON report.
pub fn rules_of(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("`findings` is an array")
        .iter()
        .map(|f| f["rule"].as_str().expect("finding has a rule").to_string())
        .collect()
}

/// The findings of a JSON report whose rule is `rule`.
pub fn findings_of<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .expect("`findings` is an array")
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

/// The rule catalogue from `accord rules --json`.
pub fn catalogue() -> Vec<Value> {
    let out = accord().args(["rules", "--json"]).output().expect("runs");
    assert_code(&out, 0);
    json(&out)
        .as_array()
        .expect("`accord rules --json` prints an array")
        .clone()
}

/// Copies a directory tree, recreating symlinks as symlinks and leaving out the local state
/// directories (`.accord`, `decisions` at the top) a developer may have produced by running
/// the example. A nested `decisions/` (the ADRs) is content and is copied.
pub fn copy_tree(from: &Path, to: &Path) {
    copy_dir(from, to, true);
}

fn copy_dir(from: &Path, to: &Path, top: bool) {
    fs::create_dir_all(to).expect("create destination");
    for entry in fs::read_dir(from).expect("read source dir") {
        let entry = entry.expect("dir entry");
        let name = entry.file_name();
        if top && (name == ".accord" || name == "decisions") {
            continue;
        }
        let src = entry.path();
        let dst = to.join(&name);
        let kind = entry.file_type().expect("file type");
        if kind.is_symlink() {
            let target = fs::read_link(&src).expect("read link");
            std::os::unix::fs::symlink(target, &dst).expect("create symlink");
        } else if kind.is_dir() {
            copy_dir(&src, &dst, false);
        } else {
            fs::copy(&src, &dst).expect("copy file");
        }
    }
}

/// Writes `text` to `root/rel`, creating parent directories.
pub fn write(root: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create parent");
    }
    fs::write(&path, text).expect("write file");
}

/// Runs git in `dir` with a fixed identity, failing the test when git fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Stages everything and commits.
pub fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

/// A temp git repository holding a copy of `examples/expansion-packs`, with one commit.
pub fn example_repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_tree(&example("expansion-packs"), tmp.path());
    git(tmp.path(), &["init", "-q"]);
    commit_all(tmp.path(), "baseline");
    tmp
}

//! `accord diff` on Python trees (issue 11): a package that resolves to no public symbol exits
//! 2 saying what was tried, never "no change"; `--entry` overrides detection.

mod common;

use common::{accord, assert_code, repo_root};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    repo_root()
        .join("crates/surface/tests/fixtures/extract")
        .join(name)
}

#[test]
fn a_python_package_with_no_public_symbol_exits_2_with_what_was_tried() {
    let dir = fixture("py-empty");
    let out = accord()
        .args(["diff"])
        .arg(&dir)
        .arg(&dir)
        .output()
        .expect("runs");
    assert_code(&out, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("0 public symbols") && err.contains("tried"),
        "{err}"
    );
}

#[test]
fn entry_overrides_python_package_detection() {
    let dir = fixture("py-namespace");
    let symbols = |entry: Option<&str>| {
        let mut cmd = accord();
        cmd.args(["diff", "--format", "json"]).arg(&dir).arg(&dir);
        if let Some(e) = entry {
            cmd.args(["--entry", e]);
        }
        let out = cmd.output().expect("runs");
        assert_code(&out, 0);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v["details"]["new_symbols"].as_u64().unwrap_or(0)
    };
    // Detected: the namespace package acme.widgets (module + render), never benchmarks/.
    assert_eq!(symbols(None), 2);
    // Named: the benchmarks folder is read although detection skips it.
    assert_eq!(symbols(Some("benchmarks")), 2);
    let out = accord()
        .args(["diff", "--format", "json"])
        .arg(&dir)
        .arg(&dir)
        .args(["--entry", "no/such/dir"])
        .output()
        .expect("runs");
    assert_code(&out, 2);
}

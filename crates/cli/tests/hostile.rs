//! Repositories written by an attacker, built here file by file: the change under review
//! must not make Accord read or write outside the repository, hang, exhaust memory, or
//! print raw terminal escapes. Each test builds its hostile repository from the expansion
//! packs example and names what it proves.

mod common;

use common::*;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

/// Generous for a debug build on a loaded 2-core machine, far below "hangs forever".
const NO_HANG: Duration = Duration::from_secs(60);

fn run(root: &Path, args: &[&str]) -> Output {
    let mut cmd = assert_cmd::Command::cargo_bin("accord").expect("binary");
    cmd.current_dir(root)
        .args(args)
        .env("NO_COLOR", "1")
        .timeout(NO_HANG);
    let out = cmd.output().expect("runs");
    assert!(
        out.status.code().is_some(),
        "accord {args:?} did not exit on its own (killed after {NO_HANG:?}): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

fn contracts(root: &Path) -> std::path::PathBuf {
    root.join("docs/expansion-packs/contracts")
}

fn all_output(out: &Output) -> String {
    format!("{}{}", stdout(out), stderr(out))
}

#[test]
fn a_fifo_named_like_a_contract_does_not_block_the_run() {
    let repo = example_repo();
    mkfifo(&contracts(repo.path()).join("pipe-v1.0.0.yaml"));
    let out = run(repo.path(), &["check"]);
    assert_code(&out, 1);
    assert!(
        all_output(&out).contains("pipe-v1.0.0.yaml"),
        "{}",
        all_output(&out)
    );
}

#[test]
fn a_contract_linked_to_dev_zero_is_refused_without_reading_it() {
    let repo = example_repo();
    symlink("/dev/zero", contracts(repo.path()).join("zero-v1.0.0.yaml")).unwrap();
    let out = run(repo.path(), &["check"]);
    assert_code(&out, 1);
    assert!(
        all_output(&out).contains("zero-v1.0.0.yaml"),
        "{}",
        all_output(&out)
    );
}

#[test]
fn a_contract_linked_outside_the_repository_is_not_read() {
    let repo = example_repo();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret-v1.0.0.yaml");
    fs::write(&secret, "contract:\n  name: \"TOP-SECRET-VALUE\"\n").unwrap();
    symlink(&secret, contracts(repo.path()).join("stolen-v1.0.0.yaml")).unwrap();
    let out = run(repo.path(), &["check", "--format", "json"]);
    assert!(
        !all_output(&out).contains("TOP-SECRET-VALUE"),
        "{}",
        all_output(&out)
    );
}

#[test]
fn an_artifact_fifo_and_an_artifact_linked_to_dev_zero_do_not_block_or_grow() {
    let repo = example_repo();
    let minds = repo.path().join("outputs/minds");
    let mind = minds.join("trap/system_prompts");
    fs::create_dir_all(&mind).unwrap();
    mkfifo(&mind.join("generalista.md"));
    let zero = minds.join("zero/system_prompts");
    fs::create_dir_all(&zero).unwrap();
    symlink("/dev/zero", zero.join("generalista.md")).unwrap();
    let out = run(repo.path(), &["check", "--format", "json"]);
    assert_code(&out, 1);
    let text = all_output(&out);
    assert!(
        text.contains("trap/system_prompts/generalista.md"),
        "{text}"
    );
    assert!(
        text.contains("zero/system_prompts/generalista.md"),
        "{text}"
    );
}

#[test]
fn an_oversized_manifest_is_a_clear_error() {
    let repo = example_repo();
    let manifest = repo.path().join("accord.toml");
    let mut text = fs::read_to_string(&manifest).unwrap();
    text.push_str(&format!("# {}\n", "x".repeat(2 * 1024 * 1024)));
    fs::write(&manifest, text).unwrap();
    let out = run(repo.path(), &["check"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("accord.toml"), "{}", stderr(&out));
    assert!(stderr(&out).contains("limit"), "{}", stderr(&out));
}

#[test]
fn a_symlinked_decisions_directory_is_not_written_through() {
    let repo = example_repo();
    let root = repo.path();
    let outside = tempfile::tempdir().unwrap();
    symlink(outside.path(), root.join("decisions")).unwrap();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "decisions elsewhere"]);
    fs::write(root.join("README-extra.md"), "change\n").unwrap();
    let out = run(
        root,
        &[
            "check",
            "--base",
            "HEAD",
            "--record",
            "--ledger",
            ".accord/ledger.db",
        ],
    );
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("outside the repository"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn terminal_escapes_in_file_names_are_not_printed_raw() {
    let repo = example_repo();
    fs::write(
        contracts(repo.path()).join("evil\u{1b}[2J\u{1b}]0;owned\u{7}-v1.0.0.yaml"),
        "contract: [",
    )
    .unwrap();
    let out = run(repo.path(), &["check", "--format", "human"]);
    assert_code(&out, 1);
    let text = all_output(&out);
    assert!(text.contains("evil"), "{text}");
    assert!(!text.contains('\u{1b}'), "raw ESC in output: {text:?}");
    assert!(!text.contains('\u{7}'), "raw BEL in output: {text:?}");
}

#[test]
fn a_schema_file_that_is_a_fifo_does_not_block() {
    let repo = example_repo();
    let root = repo.path();
    let dir = contracts(root);
    let contract = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            fs::read_to_string(p)
                .map(|t| t.contains("format: \"yaml\"") || t.contains("format: yaml"))
                .unwrap_or(false)
        });
    let Some(contract) = contract else {
        // No YAML contract to point at a schema: nothing to prove with this example.
        return;
    };
    mkfifo(&dir.join("trap.schema.json"));
    let text = fs::read_to_string(&contract).unwrap();
    let text = text.replacen(
        "  interface:\n",
        "  interface:\n    schema: \"trap.schema.json\"\n",
        1,
    );
    fs::write(&contract, text).unwrap();
    let out = run(root, &["check", "--format", "json"]);
    assert!(
        all_output(&out).contains("trap.schema.json"),
        "{}",
        all_output(&out)
    );
}

#[test]
fn recording_in_ci_refuses_a_ledger_the_repository_chose() {
    let repo = example_repo();
    let root = repo.path();
    let outside = tempfile::tempdir().unwrap();
    let manifest = root.join("accord.toml");
    let mut text = fs::read_to_string(&manifest).unwrap();
    text.push_str("\n[ledger]\npath = \"ledgers/chosen.db\"\n");
    fs::write(&manifest, text).unwrap();
    git(root, &["add", "-A"]);
    git(
        root,
        &["commit", "-q", "-m", "the change picks its own ledger"],
    );
    let mut cmd = assert_cmd::Command::cargo_bin("accord").unwrap();
    let out = cmd
        .current_dir(root)
        .env("CI", "true")
        .env_remove("ACCORD_LEDGER")
        .args(["check", "--base", "HEAD", "--record"])
        .timeout(NO_HANG)
        .output()
        .unwrap();
    assert_code(&out, 2);
    assert!(!root.join("ledgers/chosen.db").exists());
    assert!(!root.join("decisions").exists());
    // The runner names the ledger: recording goes there.
    let ledger = outside.path().join("ci-ledger.db");
    let out = assert_cmd::Command::cargo_bin("accord")
        .unwrap()
        .current_dir(root)
        .env("CI", "true")
        .env("ACCORD_LEDGER", &ledger)
        .args(["check", "--base", "HEAD", "--record"])
        .timeout(NO_HANG)
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert!(ledger.exists());
    assert!(!root.join("ledgers/chosen.db").exists());
}

#[test]
fn a_code_root_outside_the_repository_is_refused() {
    let repo = example_repo();
    let root = repo.path();
    let manifest = root.join("accord.toml");
    let text = fs::read_to_string(&manifest).unwrap();
    let text = text.replacen(
        "[packs.",
        "[packs.thief]\npaths = [\"thief/**\"]\n\n[packs.thief.code]\nlanguage = \"rust\"\nroot = \"../..\"\n\n[packs.",
        1,
    );
    fs::write(&manifest, text).unwrap();
    let out = run(root, &["check"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("outside the repository"),
        "{}",
        stderr(&out)
    );
}

/// A Rust pack whose module files are a symlink out of the repository and a FIFO.
fn rust_pack_repo() -> tempfile::TempDir {
    let repo = example_repo();
    let root = repo.path();
    let manifest = root.join("accord.toml");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(
        &manifest,
        text.replacen(
            "[packs.",
            "[packs.core]\npaths = [\"core/**\"]\n\n[packs.core.code]\nlanguage = \"rust\"\nroot = \"core\"\n\n[packs.",
            1,
        ),
    )
    .unwrap();
    fs::create_dir_all(root.join("core/src")).unwrap();
    fs::write(
        root.join("core/Cargo.toml"),
        "[package]\nname = \"core\"\nversion = \"1.0.0\"\nedition = \"2021\"\n",
    )
    .unwrap();
    fs::write(
        root.join("core/src/lib.rs"),
        "pub mod stolen;\npub mod pipe;\npub fn real() {}\n",
    )
    .unwrap();
    repo
}

#[test]
fn source_files_leading_outside_or_blocking_are_not_read() {
    let repo = rust_pack_repo();
    let root = repo.path();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.rs");
    fs::write(&secret, "pub fn top_secret_function_name() {}\n").unwrap();
    symlink(&secret, root.join("core/src/stolen.rs")).unwrap();
    mkfifo(&root.join("core/src/pipe.rs"));
    let out = run(root, &["surface", "snapshot", "core"]);
    let text = all_output(&out);
    assert!(!text.contains("top_secret_function_name"), "{text}");
    let snapshot = fs::read_to_string(root.join("docs/expansion-packs/contracts/core.surface.txt"))
        .or_else(|_| fs::read_to_string(root.join("contracts/core.surface.txt")))
        .unwrap_or_default();
    assert!(!snapshot.contains("top_secret"), "{snapshot}");
    assert!(
        text.contains("stolen.rs") && text.contains("outside the repository"),
        "{text}"
    );
    // The FIFO is not taken for a source file at all: no hang, and the module is named.
    assert!(text.contains("module `pipe`"), "{text}");
}

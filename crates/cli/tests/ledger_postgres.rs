//! The decision ledger on a real PostgreSQL server, through the binary: records land,
//! concurrent recorders both land in order, and an edited entry is detected.
//! `scripts/test.sh` starts the server and exports `ACCORD_TEST_PG_URL`.

mod common;

use common::{assert_code, commit_all, example_repo, stdout};
use std::path::Path;

/// The server URL; in CI its absence is a failure, never a silent skip.
fn pg_url() -> Option<String> {
    match std::env::var("ACCORD_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("ACCORD_TEST_PG_URL is not set: run the tests through scripts/test.sh")
        }
        _ => None,
    }
}

/// The manifest names its own ledger (through `url_env`, never a password in the file): fine
/// for a developer, refused when recording in CI.
fn manifest_chooses_the_ledger(root: &Path, table: &str) {
    let manifest = root.join("accord.toml");
    let mut text = std::fs::read_to_string(&manifest).expect("manifest");
    text.push_str(&format!(
        "\n[ledger]\nurl_env = \"ACCORD_TEST_PG_URL\"\ntable = \"{table}\"\n"
    ));
    std::fs::write(&manifest, text).expect("write manifest");
    commit_all(root, "ledger on postgres");
}

/// The CI runner chooses the ledger, as the threat model requires.
fn ci_env(cmd: &mut std::process::Command, url: &str, table: &str) {
    cmd.env("CI", "true")
        .env("ACCORD_LEDGER", url)
        .env("ACCORD_LEDGER_TABLE", table);
}

fn record(root: &Path, url: &str, table: &str) -> std::process::Output {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("accord"));
    cmd.current_dir(root)
        .args(["check", "--base", "HEAD", "--record", "--format", "json"]);
    ci_env(&mut cmd, url, table);
    cmd.output().expect("runs")
}

#[test]
fn postgres_ledger_records_concurrently_and_detects_tampering() {
    let Some(url) = pg_url() else {
        return;
    };
    let repo = example_repo();
    let root = repo.path();
    let table = format!("accord_ledger_cli_{}", std::process::id());
    manifest_chooses_the_ledger(root, &table);
    // In CI the repository's own choice is refused: the change under review wrote it.
    let mut refused = std::process::Command::new(assert_cmd::cargo::cargo_bin("accord"));
    refused
        .current_dir(root)
        .env("CI", "true")
        .env_remove("ACCORD_LEDGER")
        .args(["check", "--base", "HEAD", "--record", "--format", "json"]);
    assert_code(&refused.output().expect("runs"), 2);

    assert_code(&record(root, &url, &table), 0);
    // Two recorders at once: both land, and the chain stays intact.
    let spawn = || {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("accord"));
        cmd.current_dir(root)
            .args(["check", "--base", "HEAD", "--record", "--format", "json"])
            .stdout(std::process::Stdio::null());
        ci_env(&mut cmd, &url, &table);
        cmd.spawn().expect("spawn")
    };
    let (mut a, mut b) = (spawn(), spawn());
    assert!(a.wait().expect("wait").success());
    assert!(b.wait().expect("wait").success());

    let verify = || {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("accord"));
        cmd.current_dir(root).args(["ledger", "verify"]);
        ci_env(&mut cmd, &url, &table);
        cmd.output().expect("runs")
    };
    let out = verify();
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("3 entries verified"),
        "{}",
        stdout(&out)
    );

    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
    let edited = client
        .execute(
            &format!(
                "UPDATE {table} SET decision = replace(decision, 'APPROVE', 'DENY') WHERE seq = 2"
            ),
            &[],
        )
        .expect("tamper");
    assert_eq!(edited, 1);
    let out = verify();
    assert_code(&out, 1);
    assert!(stdout(&out).contains("entry 2"), "{}", stdout(&out));
    client
        .execute(&format!("DROP TABLE IF EXISTS {table}, {table}_head"), &[])
        .ok();
}

//! The decision ledger on a real PostgreSQL server, through the binary: records land,
//! concurrent recorders both land in order, and an edited entry is detected.
//! `scripts/test.sh` starts the server and exports `ACCORD_TEST_PG_URL`.

mod common;

use common::{accord, assert_code, commit_all, example_repo, stdout};
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

fn use_postgres_ledger(root: &Path, url: &str, table: &str) {
    let manifest = root.join("accord.toml");
    let mut text = std::fs::read_to_string(&manifest).expect("manifest");
    text.push_str(&format!(
        "\n[ledger]\nurl = \"{url}\"\ntable = \"{table}\"\n"
    ));
    std::fs::write(&manifest, text).expect("write manifest");
    commit_all(root, "ledger on postgres");
}

fn record(root: &Path) -> std::process::Output {
    accord()
        .current_dir(root)
        .args(["check", "--base", "HEAD", "--record", "--format", "json"])
        .output()
        .expect("runs")
}

#[test]
fn postgres_ledger_records_concurrently_and_detects_tampering() {
    let Some(url) = pg_url() else {
        return;
    };
    let repo = example_repo();
    let root = repo.path();
    let table = format!("accord_ledger_cli_{}", std::process::id());
    use_postgres_ledger(root, &url, &table);

    assert_code(&record(root), 0);
    // Two recorders at once: both land, and the chain stays intact.
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("accord"))
            .current_dir(root)
            .args(["check", "--base", "HEAD", "--record", "--format", "json"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn")
    };
    let (mut a, mut b) = (spawn(), spawn());
    assert!(a.wait().expect("wait").success());
    assert!(b.wait().expect("wait").success());

    let verify = || {
        accord()
            .current_dir(root)
            .args(["ledger", "verify"])
            .output()
            .expect("runs")
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

//! The ledger on SQLite and on a real PostgreSQL server (`scripts/pg.sh cargo test -p accord-policy`).
//! Every scenario runs on both backends; tampering is done with raw SQL behind the ledger's back.

mod common;

use accord_policy::ledger::{GENESIS, entry_hash, verify};
use accord_policy::{
    DecisionRecord, Ledger, LedgerError, LedgerTarget, ProblemKind, RecordAnchor, StoreState,
};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A backend under test: how to open it and how to run raw SQL against it.
trait Backend {
    fn target(&self) -> LedgerTarget;
    fn table(&self) -> String;
    fn sql(&self, statements: &str);
    /// Deletes the whole store: the SQLite file, or both PostgreSQL tables.
    fn remove_store(&self);
}

struct Sqlite {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

impl Sqlite {
    fn new() -> Sqlite {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(".accord/ledger.db");
        Sqlite { _dir: dir, path }
    }
}

impl Backend for Sqlite {
    fn target(&self) -> LedgerTarget {
        LedgerTarget::Sqlite(self.path.clone())
    }
    fn table(&self) -> String {
        "accord_ledger".to_string()
    }
    fn sql(&self, statements: &str) {
        let conn = rusqlite::Connection::open(&self.path).expect("open raw");
        conn.execute_batch(statements).expect("raw sql");
    }
    fn remove_store(&self) {
        std::fs::remove_file(&self.path).expect("delete the ledger file");
    }
}

struct Postgres {
    url: String,
    table: String,
}

static TABLES: AtomicUsize = AtomicUsize::new(0);

impl Postgres {
    /// `None` (after saying so loudly) when no server is configured outside CI; in CI a missing
    /// server fails the test: PostgreSQL support must never be skipped silently.
    #[allow(clippy::print_stderr)]
    fn new(test: &str) -> Option<Postgres> {
        let Ok(url) = std::env::var("ACCORD_TEST_PG_URL") else {
            let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
            assert!(
                !in_ci,
                "ACCORD_TEST_PG_URL is not set in CI: run the tests through scripts/pg.sh"
            );
            eprintln!(
                "\n!!! {test}: PostgreSQL NOT TESTED — ACCORD_TEST_PG_URL is unset. Run `scripts/pg.sh cargo test -p accord-policy`. !!!\n"
            );
            return None;
        };
        let table = format!(
            "accord_ledger_t{}_{}",
            std::process::id(),
            TABLES.fetch_add(1, Ordering::SeqCst)
        );
        Some(Postgres { url, table })
    }
}

impl Backend for Postgres {
    fn target(&self) -> LedgerTarget {
        LedgerTarget::Postgres {
            url: self.url.clone(),
            table: self.table.clone(),
        }
    }
    fn table(&self) -> String {
        self.table.clone()
    }
    fn sql(&self, statements: &str) {
        let mut client =
            postgres::Client::connect(&self.url, postgres::NoTls).expect("connect raw");
        client.batch_execute(statements).expect("raw sql");
    }
    fn remove_store(&self) {
        self.sql(&format!(
            "DROP TABLE {t}; DROP TABLE {t}_head;",
            t = self.table
        ));
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.url, postgres::NoTls) {
            let _ = client.batch_execute(&format!(
                "DROP TABLE IF EXISTS {t}; DROP TABLE IF EXISTS {t}_head;",
                t = self.table
            ));
        }
    }
}

fn decision(n: usize) -> serde_json::Value {
    json!({ "id": format!("d{n}"), "decision": { "outcome": "APPROVE", "n": n } })
}

fn filled(backend: &dyn Backend, n: usize) -> Ledger {
    let mut ledger = Ledger::open(&backend.target()).expect("open ledger");
    for i in 1..=n {
        ledger
            .append_json(&format!("d{i}"), &decision(i))
            .expect("append");
    }
    ledger
}

fn kinds(backend: &dyn Backend) -> Vec<(i64, ProblemKind)> {
    let mut ledger = Ledger::open(&backend.target()).expect("reopen");
    ledger
        .verify()
        .expect("verify runs")
        .into_iter()
        .map(|p| (p.seq, p.kind))
        .collect()
}

fn intact_chain_verifies(b: &dyn Backend) {
    let mut ledger = filled(b, 3);
    let entries = ledger.entries().expect("entries");
    assert_eq!(
        entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(entries[0].prev_hash, GENESIS);
    assert_eq!(entries[1].prev_hash, entries[0].entry_hash);
    assert_eq!(
        entries[2].entry_hash,
        entry_hash(&entries[2].prev_hash, &entries[2].decision)
    );
    // Stored canonically: keys sorted, so the hash does not depend on field order.
    assert!(
        entries[0].decision.starts_with("{\"decision\":{\"n\":1,"),
        "{}",
        entries[0].decision
    );
    assert_eq!(
        ledger.head().expect("head"),
        Some((3, entries[2].entry_hash.clone()))
    );
    assert_eq!(ledger.verify().expect("verify"), vec![]);
}

fn edited_entry_is_detected(b: &dyn Backend) {
    filled(b, 3);
    b.sql(&format!(
        "UPDATE {} SET decision = replace(decision, 'APPROVE', 'DENY') WHERE seq = 2",
        b.table()
    ));
    assert_eq!(kinds(b), vec![(2, ProblemKind::Edited)]);
}

fn rehashed_edit_breaks_the_next_link(b: &dyn Backend) {
    let mut ledger = filled(b, 3);
    let second = ledger.entries().expect("entries").remove(1);
    let forged = second.decision.replace("APPROVE", "DENY");
    let hash = entry_hash(&second.prev_hash, &forged);
    b.sql(&format!(
        "UPDATE {} SET decision = '{forged}', entry_hash = '{hash}' WHERE seq = 2",
        b.table()
    ));
    assert_eq!(kinds(b), vec![(3, ProblemKind::BrokenLink)]);
}

fn deleted_entry_is_detected(b: &dyn Backend) {
    filled(b, 3);
    b.sql(&format!("DELETE FROM {} WHERE seq = 2", b.table()));
    assert_eq!(kinds(b), vec![(3, ProblemKind::Missing)]);
}

fn deleted_newest_entry_is_detected(b: &dyn Backend) {
    filled(b, 3);
    b.sql(&format!("DELETE FROM {} WHERE seq = 3", b.table()));
    assert_eq!(kinds(b), vec![(3, ProblemKind::HeadMismatch)]);
}

fn reordered_entries_are_detected(b: &dyn Backend) {
    filled(b, 4);
    let t = b.table();
    b.sql(&format!(
        "UPDATE {t} SET seq = 100 WHERE seq = 2; UPDATE {t} SET seq = 2 WHERE seq = 3; UPDATE {t} SET seq = 3 WHERE seq = 100;"
    ));
    let found = kinds(b);
    assert!(found.contains(&(2, ProblemKind::Reordered)), "{found:?}");
    assert!(found.contains(&(3, ProblemKind::Reordered)), "{found:?}");
}

fn concurrent_appends_all_land_in_order(b: &dyn Backend) {
    // Create the tables first so both writers race on appends, not on creation.
    drop(filled(b, 0));
    let target = b.target();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let target = target.clone();
            std::thread::spawn(move || {
                let mut ledger = Ledger::open(&target).expect("open in thread");
                for i in 0..15 {
                    ledger
                        .append_json(
                            &format!("w{w}-{i}"),
                            &json!({ "id": format!("w{w}-{i}"), "writer": w, "i": i }),
                        )
                        .expect("concurrent append");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer thread");
    }
    let mut ledger = Ledger::open(&target).expect("reopen");
    let entries = ledger.entries().expect("entries");
    assert_eq!(entries.len(), 30);
    assert_eq!(
        entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=30).collect::<Vec<_>>()
    );
    for writer in ["w0-", "w1-"] {
        let mine: Vec<&str> = entries
            .iter()
            .filter(|e| e.decision_id.starts_with(writer))
            .map(|e| e.decision_id.as_str())
            .collect();
        let expected: Vec<String> = (0..15).map(|i| format!("{writer}{i}")).collect();
        assert_eq!(mine, expected, "each writer's entries keep their order");
    }
    assert_eq!(ledger.verify().expect("verify"), vec![]);
}

fn decision_id_edit_is_detected(b: &dyn Backend) {
    filled(b, 3);
    b.sql(&format!(
        "UPDATE {} SET decision_id = 'forged' WHERE seq = 2",
        b.table()
    ));
    assert_eq!(kinds(b), vec![(2, ProblemKind::Edited)]);
}

fn append_refuses_a_chain_that_fails_verification(b: &dyn Backend) {
    filled(b, 3);
    b.sql(&format!("DELETE FROM {} WHERE seq = 2", b.table()));
    let mut ledger = Ledger::open(&b.target()).expect("open");
    let err = ledger
        .append_json("d4", &decision(4))
        .expect_err("a broken chain is not extended");
    let LedgerError::Tampered { problems, .. } = &err else {
        panic!("expected Tampered, got {err:?}");
    };
    assert_eq!(problems[0].kind, ProblemKind::Missing);
    assert!(err.to_string().contains("nothing was appended"), "{err}");
    assert_eq!(
        ledger.entries().expect("entries").len(),
        2,
        "nothing written"
    );
}

fn append_json_binds_the_id_to_the_decision(b: &dyn Backend) {
    let mut ledger = filled(b, 0);
    let err = ledger
        .append_json("d1", &json!({ "id": "other" }))
        .expect_err("mismatched id");
    assert!(
        matches!(err, LedgerError::InvalidDecision { .. }),
        "{err:?}"
    );
    assert!(ledger.entries().expect("entries").is_empty());
}

/// Three records appended with their anchors, as `check --record` does.
fn recorded(b: &dyn Backend) -> (Vec<DecisionRecord>, Vec<RecordAnchor>) {
    let mut ledger = Ledger::open(&b.target()).expect("open");
    let mut records = Vec::new();
    let mut anchors = Vec::new();
    for n in 1..=3 {
        let mut record = common::sample_record(n, None);
        let entry = ledger
            .append_record(&mut record, &anchors)
            .expect("append record");
        let anchor = record.ledger.clone().expect("anchored");
        assert_eq!(
            (anchor.seq, anchor.prev_hash.as_str()),
            (entry.seq, entry.prev_hash.as_str())
        );
        anchors.push(
            RecordAnchor::of(&record, format!("decisions/{}.json", record.id)).expect("anchor"),
        );
        records.push(record);
    }
    (records, anchors)
}

fn verified(b: &dyn Backend, anchors: &[RecordAnchor]) -> (StoreState, Vec<ProblemKind>) {
    let v = verify(&b.target(), anchors).expect("verify runs");
    (v.store, v.problems.into_iter().map(|p| p.kind).collect())
}

fn records_anchor_an_intact_ledger(b: &dyn Backend) {
    let (records, anchors) = recorded(b);
    let v = verify(&b.target(), &anchors).expect("verify");
    assert_eq!(v.problems, vec![], "intact");
    assert_eq!((v.store, v.entries), (StoreState::Present, 3));
    // The entry holds the record exactly as it is committed, anchor included.
    let mut ledger = Ledger::open(&b.target()).expect("open");
    let stored: DecisionRecord =
        serde_json::from_str(&ledger.entries().expect("entries")[1].decision).expect("record");
    assert_eq!(stored, records[1]);
}

fn deleting_every_entry_and_the_head_is_detected(b: &dyn Backend) {
    let (_, anchors) = recorded(b);
    let t = b.table();
    b.sql(&format!("DELETE FROM {t}; DELETE FROM {t}_head;"));
    // The chain alone looks like a fresh, empty ledger…
    assert_eq!(kinds(b), vec![]);
    // …but the committed records say three entries were appended.
    assert_eq!(
        verified(b, &anchors),
        (StoreState::Present, vec![ProblemKind::Truncated])
    );
    // And nothing is appended to it.
    let mut ledger = Ledger::open(&b.target()).expect("open");
    let mut next = common::sample_record(4, None);
    let err = ledger
        .append_record(&mut next, &anchors)
        .expect_err("refused");
    assert!(matches!(err, LedgerError::Tampered { .. }), "{err:?}");
    assert_eq!(next.ledger, None, "a refused record is not anchored");
}

fn deleting_the_newest_rows_with_the_head_row_is_detected(b: &dyn Backend) {
    let (_, anchors) = recorded(b);
    let t = b.table();
    b.sql(&format!(
        "DELETE FROM {t} WHERE seq = 3; DELETE FROM {t}_head;"
    ));
    let (_, found) = verified(b, &anchors);
    assert!(found.contains(&ProblemKind::HeadMismatch), "{found:?}");
    assert!(found.contains(&ProblemKind::Truncated), "{found:?}");
}

fn dropped_tables_are_detected_and_not_recreated(b: &dyn Backend) {
    let (_, anchors) = recorded(b);
    let t = b.table();
    b.sql(&format!("DROP TABLE {t}_head;"));
    assert_eq!(
        verified(b, &anchors),
        (StoreState::TablesMissing, vec![ProblemKind::TablesMissing])
    );
    b.sql(&format!("DROP TABLE {t};"));
    let (store, found) = verified(b, &anchors);
    assert!(
        found == vec![ProblemKind::TablesMissing] || found == vec![ProblemKind::StoreMissing],
        "{store:?} {found:?}"
    );
    // Verification created nothing behind our back: still missing.
    let (_, again) = verified(b, &anchors);
    assert_eq!(again, found);
}

fn a_removed_store_is_not_an_empty_intact_ledger(b: &dyn Backend) {
    let (_, anchors) = recorded(b);
    b.remove_store();
    assert_eq!(
        verified(b, &anchors),
        (StoreState::Absent, vec![ProblemKind::StoreMissing])
    );
    // With no record ever made, an absent ledger is simply empty.
    assert_eq!(verified(b, &[]), (StoreState::Absent, vec![]));
}

fn a_rewritten_ledger_disagrees_with_the_records(b: &dyn Backend) {
    let (_, anchors) = recorded(b);
    let t = b.table();
    // Replace the whole history by a consistent forged chain of three other decisions.
    b.sql(&format!("DELETE FROM {t}; DELETE FROM {t}_head;"));
    let mut ledger = Ledger::open(&b.target()).expect("open");
    for i in 1..=3 {
        ledger
            .append_json(&format!("f{i}"), &json!({ "id": format!("f{i}") }))
            .expect("forge");
    }
    assert_eq!(kinds(b), vec![], "the forged chain is self-consistent");
    let (_, found) = verified(b, &anchors);
    assert_eq!(found, vec![ProblemKind::AnchorMismatch; 3], "{found:?}");
}

fn renumbered_entries_are_detected(b: &dyn Backend) {
    recorded(b);
    let t = b.table();
    // Shift every entry up by one and rehash nothing: the records inside say where they were.
    b.sql(&format!(
        "UPDATE {t} SET seq = seq + 100; UPDATE {t} SET seq = seq - 99; UPDATE {t}_head SET seq = 4;"
    ));
    let found = kinds(b);
    assert!(
        found.contains(&(2, ProblemKind::AnchorMismatch)),
        "{found:?}"
    );
    assert!(found.contains(&(2, ProblemKind::Missing)), "{found:?}");
}

/// Exhaustive over a four-entry ledger anchored by its records (a hash edit flips its first
/// digit, so it is never a no-op whatever the hash): every single-column edit of
/// every row and of the head, every swap of two rows, and every non-empty set of deleted rows
/// (with and without the head row) is reported.
fn every_single_tampering_is_detected(b: &dyn Backend) {
    let t = b.table();
    let fresh = |b: &dyn Backend| {
        drop(Ledger::open(&b.target()).expect("create"));
        b.remove_store();
        let mut ledger = Ledger::open(&b.target()).expect("open");
        let mut anchors = Vec::new();
        for n in 1..=4 {
            let mut record = common::sample_record(n, None);
            ledger.append_record(&mut record, &anchors).expect("append");
            anchors.push(RecordAnchor::of(&record, format!("decisions/r{n}.json")).expect("a"));
        }
        anchors
    };
    let mut cases: Vec<String> = Vec::new();
    for seq in 1..=4 {
        for edit in [
            "seq = seq + 100",
            "prev_hash = CASE WHEN substr(prev_hash, 1, 1) = 'f' THEN 'e' ELSE 'f' END || substr(prev_hash, 2)",
            "entry_hash = CASE WHEN substr(entry_hash, 1, 1) = 'f' THEN 'e' ELSE 'f' END || substr(entry_hash, 2)",
            "decision_id = 'x' || decision_id",
            "decision = decision || ' '",
        ] {
            cases.push(format!("UPDATE {t} SET {edit} WHERE seq = {seq}"));
        }
    }
    for edit in [
        "seq = seq - 1",
        "entry_hash = CASE WHEN substr(entry_hash, 1, 1) = 'f' THEN 'e' ELSE 'f' END || substr(entry_hash, 2)",
    ] {
        cases.push(format!("UPDATE {t}_head SET {edit}"));
    }
    for i in 1..=4 {
        for j in i + 1..=4 {
            cases.push(format!(
                "UPDATE {t} SET seq = 100 WHERE seq = {i}; UPDATE {t} SET seq = {i} WHERE seq = {j}; UPDATE {t} SET seq = {j} WHERE seq = 100"
            ));
        }
    }
    for mask in 1..16u32 {
        let rows: Vec<String> = (1..=4)
            .filter(|s| mask & (1 << (s - 1)) != 0)
            .map(|s| s.to_string())
            .collect();
        let delete = format!("DELETE FROM {t} WHERE seq IN ({})", rows.join(", "));
        cases.push(delete.clone());
        cases.push(format!("{delete}; DELETE FROM {t}_head"));
    }
    for case in &cases {
        let anchors = fresh(b);
        b.sql(case);
        let v = verify(&b.target(), &anchors).expect("verify runs");
        assert!(!v.problems.is_empty(), "not detected: {case}");
        // And the tampered chain is never extended.
        let mut ledger = Ledger::open(&b.target()).expect("open");
        let mut next = common::sample_record(99, None);
        assert!(
            ledger.append_record(&mut next, &anchors).is_err(),
            "appended after: {case}"
        );
    }
    assert_eq!(cases.len(), 20 + 2 + 6 + 30);
}

macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { super::$name(&super::Sqlite::new()); } )*
        }
        mod postgresql {
            $( #[test] fn $name() {
                if let Some(pg) = super::Postgres::new(stringify!($name)) { super::$name(&pg); }
            } )*
        }
    };
}

both_backends!(
    intact_chain_verifies,
    edited_entry_is_detected,
    rehashed_edit_breaks_the_next_link,
    deleted_entry_is_detected,
    deleted_newest_entry_is_detected,
    reordered_entries_are_detected,
    concurrent_appends_all_land_in_order,
    decision_id_edit_is_detected,
    append_refuses_a_chain_that_fails_verification,
    append_json_binds_the_id_to_the_decision,
    records_anchor_an_intact_ledger,
    deleting_every_entry_and_the_head_is_detected,
    deleting_the_newest_rows_with_the_head_row_is_detected,
    dropped_tables_are_detected_and_not_recreated,
    a_removed_store_is_not_an_empty_intact_ledger,
    a_rewritten_ledger_disagrees_with_the_records,
    renumbered_entries_are_detected,
    every_single_tampering_is_detected,
);

#[test]
fn a_truncated_sqlite_file_is_detected() {
    let b = Sqlite::new();
    let (_, anchors) = recorded(&b);
    let len = std::fs::metadata(&b.path).expect("meta").len();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&b.path)
        .expect("open file");
    file.set_len(len / 2).expect("truncate to half");
    let (_, found) = verified(&b, &anchors);
    assert!(!found.is_empty(), "a half file is not intact");
    file.set_len(0).expect("truncate to nothing");
    assert_eq!(
        verified(&b, &anchors),
        (StoreState::TablesMissing, vec![ProblemKind::TablesMissing])
    );
    // Even without records: an SQLite ledger file never exists without its tables.
    assert_eq!(verified(&b, &[]).1, vec![ProblemKind::TablesMissing]);
}

#[test]
fn secrets_in_a_decision_never_reach_the_ledger() {
    let b = Sqlite::new();
    let mut ledger = Ledger::open(&b.target()).expect("open");
    let secret_finding = accord_model::Finding::new(
        "conformance-schema-violation",
        accord_model::Class::Breaking,
        accord_model::Bump::None,
        "value AKIAIOSFODNN7EXAMPLE at postgres://app:hunter2pw@db/x is not an integer",
    );
    let mut record = common::sample_record(9, Some(secret_finding));
    ledger.append_record(&mut record, &[]).expect("append");
    ledger
        .append_json(
            "raw",
            &json!({ "id": "raw", "note": "token ghp_0123456789abcdefghijABCDEFGHIJ012345", "password": "pw-in-json" }),
        )
        .expect("append json");
    let stored: String = ledger
        .entries()
        .expect("entries")
        .iter()
        .map(|e| format!("{} {}\n", e.decision_id, e.decision))
        .collect();
    for secret in [
        "IOSFODNN7EXAMPLE",
        "hunter2pw",
        "0123456789abcdefghij",
        "pw-in-json",
    ] {
        assert!(!stored.contains(secret), "{secret} in {stored}");
        assert!(!record.to_json().contains(secret), "{secret} in the record");
    }
    assert_eq!(ledger.verify().expect("verify"), vec![]);
}

#[test]
fn a_locked_sqlite_ledger_is_a_clear_error_and_nothing_is_written() {
    let b = Sqlite::new();
    drop(filled(&b, 1));
    let mut ledger = Ledger::open(&b.target()).expect("open");
    ledger
        .set_busy_timeout(Duration::from_millis(200))
        .expect("timeout");
    let holder = rusqlite::Connection::open(&b.path).expect("open raw");
    holder
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("take the lock");
    let err = ledger.append_json("d2", &decision(2)).expect_err("locked");
    assert!(matches!(err, LedgerError::Locked { .. }), "{err:?}");
    assert!(
        err.to_string().contains("locked by another process"),
        "{err}"
    );
    holder.execute_batch("ROLLBACK").expect("release");
    assert_eq!(ledger.entries().expect("entries").len(), 1);
    assert_eq!(ledger.verify().expect("verify"), vec![]);
}

#[test]
fn a_corrupt_sqlite_ledger_is_a_clear_error_and_the_file_is_left_alone() {
    let b = Sqlite::new();
    std::fs::create_dir_all(b.path.parent().expect("dir")).expect("mkdir");
    let garbage = b"this is not a database, it only pretends to be one.".repeat(100);
    std::fs::write(&b.path, &garbage).expect("write garbage");
    let err = Ledger::open(&b.target()).expect_err("corrupt");
    assert!(matches!(err, LedgerError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("is corrupt"), "{err}");
    assert_eq!(std::fs::read(&b.path).expect("read back"), garbage);
}

#[test]
fn an_unreachable_postgres_names_the_url_without_its_password() {
    let target = LedgerTarget::Postgres {
        url: "postgres://accord:s3cret@127.0.0.1:1/nowhere?connect_timeout=2".to_string(),
        table: "accord_ledger".to_string(),
    };
    let err = Ledger::open(&target).expect_err("nothing listens on port 1");
    let text = err.to_string();
    assert!(matches!(err, LedgerError::Connect { .. }), "{err:?}");
    assert!(text.contains("postgres://accord:***@127.0.0.1:1"), "{text}");
    assert!(!text.contains("s3cret"), "{text}");
}

/// Helper run in a child process by `two_processes_appending_at_once_both_land`.
#[test]
fn child_writer() {
    let (Ok(path), Ok(name)) = (
        std::env::var("ACCORD_LEDGER_CHILD_DB"),
        std::env::var("ACCORD_LEDGER_CHILD_NAME"),
    ) else {
        return;
    };
    let mut ledger = Ledger::open(&LedgerTarget::Sqlite(path.into())).expect("child open");
    for i in 0..20 {
        ledger
            .append_json(
                &format!("{name}-{i}"),
                &json!({ "id": format!("{name}-{i}"), "writer": name, "i": i }),
            )
            .expect("child append");
    }
}

#[test]
fn two_processes_appending_at_once_both_land() {
    let b = Sqlite::new();
    drop(filled(&b, 0));
    let exe = std::env::current_exe().expect("test binary");
    let children: Vec<_> = ["p0", "p1"]
        .into_iter()
        .map(|name| {
            std::process::Command::new(&exe)
                .args(["--exact", "child_writer", "--test-threads=1"])
                .env("ACCORD_LEDGER_CHILD_DB", &b.path)
                .env("ACCORD_LEDGER_CHILD_NAME", name)
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("spawn child")
        })
        .collect();
    for mut child in children {
        assert!(
            child.wait().expect("child runs").success(),
            "a child writer failed"
        );
    }
    let mut ledger = Ledger::open(&b.target()).expect("reopen");
    let entries = ledger.entries().expect("entries");
    assert_eq!(entries.len(), 40);
    for name in ["p0-", "p1-"] {
        let mine: Vec<&str> = entries
            .iter()
            .filter(|e| e.decision_id.starts_with(name))
            .map(|e| e.decision_id.as_str())
            .collect();
        assert_eq!(
            mine,
            (0..20).map(|i| format!("{name}{i}")).collect::<Vec<_>>()
        );
    }
    assert_eq!(ledger.verify().expect("verify"), vec![]);
}

//! The ledger: every recorded decision, appended to a hash chain in SQLite (default) or
//! PostgreSQL.
//!
//! Entry `n` stores `entry_hash = sha256(prev_hash || canonical JSON of the decision)` and the
//! `prev_hash` of entry `n-1`, so editing, deleting or reordering an entry breaks the chain.
//! The decision JSON holds its own `id`, which must equal the entry's `decision_id` column, so
//! that column is covered by the hash too. A one-row head table holds the last sequence
//! number and hash, so deleting the newest entries is caught.
//!
//! What the chain alone cannot see — the whole store deleted, truncated to nothing, its
//! tables dropped, or every entry deleted together with the head — is caught by anchors kept
//! elsewhere: each decision record committed under `decisions/` carries the position it was
//! appended at (`ledger: {seq, prev_hash}`, see [`LedgerAnchor`]), and [`verify`] checks the
//! ledger against those records ([`RecordAnchor`]). Someone able to rewrite the chain, the head
//! *and* every committed record consistently can still forge history: keep the ledger where
//! the change under review cannot write (PostgreSQL, or a path from `ACCORD_LEDGER`), and
//! publish the head hash ([`Ledger::head`]) when stronger guarantees are needed.
//!
//! [`Ledger::append_record`] verifies the chain (and the anchors it is given) under the
//! append lock and refuses to extend a chain that fails verification.

mod location;
mod postgres;
mod sqlite;

pub use location::{
    LEDGER_ENV, LEDGER_TABLE_ENV, LedgerConfigError, LedgerSettings, Origin, confine, parse_spec,
};

use crate::DecisionRecord;
use crate::record::{canonical_json, sha256_hex};
use accord_model::redact::{redact, redact_json};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Default SQLite ledger, relative to the repository root.
pub const DEFAULT_SQLITE_PATH: &str = ".accord/ledger.db";

/// Default table name (PostgreSQL) — SQLite uses the same name.
pub const DEFAULT_TABLE: &str = "accord_ledger";

/// Where the ledger lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerTarget {
    /// An SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database and the table to use in it.
    Postgres {
        /// `postgres://user:password@host/db`.
        url: String,
        /// Table name (`[a-z_][a-z0-9_]*`); a second table `<table>_head` holds the head.
        table: String,
    },
}

impl LedgerTarget {
    /// A target from a URL or path: `postgres://…`/`postgresql://…` is PostgreSQL,
    /// `sqlite:PATH` or a plain path is an SQLite file (relative paths from `base`); any
    /// other scheme is an error (see [`parse_spec`]).
    pub fn parse(spec: &str, base: &Path) -> Result<LedgerTarget, String> {
        parse_spec(spec, base)
    }

    /// A description safe to print: the path, or the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            LedgerTarget::Sqlite(path) => path.display().to_string(),
            LedgerTarget::Postgres { url, table } => format!("{} (table {table})", redact(url)),
        }
    }
}

fn valid_table(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 48
}

/// Why the ledger could not be used. Nothing is written when any of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// Another process holds the ledger longer than the busy timeout.
    #[error(
        "ledger {target} is locked by another process (waited {waited:?}); nothing was written — retry when it finishes"
    )]
    Locked {
        /// The ledger.
        target: String,
        /// How long we waited.
        waited: Duration,
    },
    /// The file is not an SQLite database, or its ledger tables are damaged.
    #[error(
        "ledger {target} is corrupt: {reason}; nothing was written — restore it from a backup or move it aside"
    )]
    Corrupt {
        /// The ledger.
        target: String,
        /// What the database said.
        reason: String,
    },
    /// The chain fails verification, so appending to it would bless the tampering.
    #[error(
        "ledger {target} fails verification ({} problem{}, first: {}); nothing was appended — run `accord ledger verify` and restore the ledger",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        problems.first().map_or("", |p| p.message.as_str())
    )]
    Tampered {
        /// The ledger.
        target: String,
        /// Every problem found.
        problems: Vec<LedgerProblem>,
    },
    /// The decision given to append cannot be bound to its id.
    #[error("cannot append to ledger {target}: {reason}")]
    InvalidDecision {
        /// The ledger.
        target: String,
        /// What is wrong with the decision.
        reason: String,
    },
    /// The ledger's directory or file could not be created.
    #[error("ledger {}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The PostgreSQL server could not be reached.
    #[error("cannot connect to ledger {target}: {reason}")]
    Connect {
        /// The URL, password redacted.
        target: String,
        /// What the driver said.
        reason: String,
    },
    /// The table name is not a plain identifier.
    #[error("ledger table name `{name}` is not a plain identifier ([a-z_][a-z0-9_]*)")]
    InvalidTable {
        /// The name given.
        name: String,
    },
    /// Any other database failure; the transaction was rolled back.
    #[error("ledger {target}: {reason}; nothing was written")]
    Database {
        /// The ledger.
        target: String,
        /// What the database said.
        reason: String,
    },
}

/// One entry of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    /// 1, 2, 3, … in append order.
    pub seq: i64,
    /// `entry_hash` of the previous entry ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// `sha256(prev_hash || decision)`.
    pub entry_hash: String,
    /// `id` of the decision record.
    pub decision_id: String,
    /// The decision record as canonical JSON.
    pub decision: String,
}

/// `sha256(prev_hash || canonical_decision)`, lower-case hex.
pub fn entry_hash(prev_hash: &str, canonical_decision: &str) -> String {
    let mut bytes = Vec::with_capacity(prev_hash.len() + canonical_decision.len());
    bytes.extend_from_slice(prev_hash.as_bytes());
    bytes.extend_from_slice(canonical_decision.as_bytes());
    sha256_hex(&bytes)
}

/// Where a decision was appended: stored in the decision record (`ledger`), so the committed
/// record anchors the ledger from outside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerAnchor {
    /// The entry's sequence number.
    pub seq: i64,
    /// The `entry_hash` of the entry before it ([`GENESIS`] for the first).
    pub prev_hash: String,
}

/// A decision record found outside the ledger (a file under `decisions/`), with the position
/// it says it was appended at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordAnchor {
    /// Where the record was read, for messages (`decisions/<id>.json`).
    pub source: String,
    /// The record's id.
    pub decision_id: String,
    /// Its position in the ledger.
    pub anchor: LedgerAnchor,
}

impl RecordAnchor {
    /// The anchor a record carries, `None` for records written before anchors existed.
    pub fn of(record: &DecisionRecord, source: impl Into<String>) -> Option<RecordAnchor> {
        record.ledger.as_ref().map(|anchor| RecordAnchor {
            source: source.into(),
            decision_id: record.id.clone(),
            anchor: anchor.clone(),
        })
    }
}

/// What kind of tampering an entry shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The content no longer matches its hash, or `decision_id` no longer matches the content.
    Edited,
    /// Sequence numbers skip: entries were deleted.
    Missing,
    /// The entry links to another entry than its predecessor.
    Reordered,
    /// The entry links to a hash no entry has (its predecessor was rewritten or deleted).
    BrokenLink,
    /// The head disagrees with the last entry: the newest entries were deleted or the head edited.
    HeadMismatch,
    /// A decision record says it was appended at an entry the ledger no longer has: the
    /// ledger was truncated, emptied or replaced.
    Truncated,
    /// A decision record and the entry at its position disagree (id or predecessor), or an
    /// entry's own recorded position disagrees with where it is stored.
    AnchorMismatch,
    /// The ledger's tables are gone (dropped, or the file was emptied).
    TablesMissing,
    /// The ledger store does not exist, but decision records say it did.
    StoreMissing,
    /// The store cannot be read as a ledger (an SQLite file truncated or overwritten).
    Unreadable,
    /// A file under the decisions directory is not a readable decision record, so it cannot
    /// vouch for the ledger (edited, truncated, or planted).
    UnreadableRecord,
}

/// One problem `Ledger::verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerProblem {
    /// Sequence number of the entry concerned.
    pub seq: i64,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// In a sentence.
    pub message: String,
}

impl LedgerProblem {
    fn new(seq: i64, kind: ProblemKind, message: String) -> LedgerProblem {
        LedgerProblem { seq, kind, message }
    }
}

/// Checks a chain given in sequence order against the head `(seq, hash)` if one is stored.
pub fn verify_chain(entries: &[LedgerEntry], head: Option<(i64, String)>) -> Vec<LedgerProblem> {
    let mut problems = Vec::new();
    let mut expected_seq = 1;
    let mut expected_prev = GENESIS.to_string();
    for entry in entries {
        if entry.seq > expected_seq {
            problems.push(LedgerProblem::new(
                entry.seq,
                ProblemKind::Missing,
                if entry.seq - expected_seq == 1 {
                    format!("entry {expected_seq} is missing (deleted)")
                } else {
                    format!(
                        "entries {expected_seq}..{} are missing (deleted)",
                        entry.seq - 1
                    )
                },
            ));
        }
        if entry_hash(&entry.prev_hash, &entry.decision) != entry.entry_hash {
            problems.push(LedgerProblem::new(
                entry.seq,
                ProblemKind::Edited,
                format!(
                    "entry {} was edited: its decision no longer matches its hash",
                    entry.seq
                ),
            ));
        } else {
            problems.extend(self_check(entry));
        }
        if entry.prev_hash != expected_prev {
            let linked = entries.iter().find(|e| e.entry_hash == entry.prev_hash);
            let (kind, message) = match linked {
                Some(other) => (
                    ProblemKind::Reordered,
                    format!(
                        "entry {} follows entry {} in the chain but is stored after entry {}: entries were reordered",
                        entry.seq,
                        other.seq,
                        entry.seq - 1
                    ),
                ),
                None if entry.seq > expected_seq => (
                    ProblemKind::BrokenLink,
                    format!(
                        "entry {} links to a predecessor that is no longer in the ledger",
                        entry.seq
                    ),
                ),
                None => (
                    ProblemKind::BrokenLink,
                    format!(
                        "entry {} does not link to entry {}: an earlier entry was rewritten",
                        entry.seq,
                        entry.seq - 1
                    ),
                ),
            };
            // A gap already explains a broken link to a deleted entry.
            if !(kind == ProblemKind::BrokenLink && entry.seq > expected_seq) {
                problems.push(LedgerProblem::new(entry.seq, kind, message));
            }
        }
        expected_seq = entry.seq + 1;
        expected_prev = entry.entry_hash.clone();
    }
    let last = entries.last().map(|e| (e.seq, e.entry_hash.clone()));
    match (head, last) {
        (Some((seq, hash)), Some((last_seq, last_hash)))
            if seq != last_seq || hash != last_hash =>
        {
            problems.push(LedgerProblem::new(
                seq,
                ProblemKind::HeadMismatch,
                if seq > last_seq {
                    format!("the ledger ended at entry {seq} but now ends at entry {last_seq}: the newest entries were deleted")
                } else {
                    format!("the head records entry {seq} but the last entry is {last_seq}: the head or the last entry was rewritten")
                },
            ));
        }
        (Some((seq, _)), None) => problems.push(LedgerProblem::new(
            seq,
            ProblemKind::HeadMismatch,
            format!("the ledger ended at entry {seq} but now has no entries: they were deleted"),
        )),
        (None, Some((last_seq, _))) => problems.push(LedgerProblem::new(
            last_seq,
            ProblemKind::HeadMismatch,
            "the ledger has entries but its head record was deleted".to_string(),
        )),
        _ => {}
    }
    problems
}

/// What an entry whose hash is intact says about itself: its `id` must be the `decision_id`
/// column (which the hash does not cover directly), and a recorded position (`ledger`) must
/// be where it is stored.
fn self_check(entry: &LedgerEntry) -> Vec<LedgerProblem> {
    let mut problems = Vec::new();
    let value: Value = serde_json::from_str(&entry.decision).unwrap_or(Value::Null);
    match value.get("id").and_then(Value::as_str) {
        Some(id) if id == entry.decision_id => {}
        Some(id) => problems.push(LedgerProblem::new(
            entry.seq,
            ProblemKind::Edited,
            format!(
                "entry {} was edited: its decision_id `{}` is not the id `{}` of the decision it holds",
                entry.seq,
                redact(&entry.decision_id),
                redact(id)
            ),
        )),
        None => problems.push(LedgerProblem::new(
            entry.seq,
            ProblemKind::Edited,
            format!(
                "entry {} holds a decision without an `id`, so its decision_id is not covered by the hash",
                entry.seq
            ),
        )),
    }
    if let Some(anchor) = value.get("ledger") {
        let at = serde_json::from_value::<LedgerAnchor>(anchor.clone()).ok();
        if at
            .as_ref()
            .is_none_or(|a| a.seq != entry.seq || a.prev_hash != entry.prev_hash)
        {
            problems.push(LedgerProblem::new(
                entry.seq,
                ProblemKind::AnchorMismatch,
                format!(
                    "entry {} holds a decision recorded at another position ({}): entries were renumbered or moved",
                    entry.seq,
                    at.map_or("unreadable".to_string(), |a| format!("entry {}", a.seq))
                ),
            ));
        }
    }
    problems
}

/// Checks the ledger against decision records kept outside it: every record must be the
/// entry at the position it carries.
pub fn verify_anchors(entries: &[LedgerEntry], anchors: &[RecordAnchor]) -> Vec<LedgerProblem> {
    let mut problems = Vec::new();
    let last = entries.last().map_or(0, |e| e.seq);
    let mut sorted: Vec<&RecordAnchor> = anchors.iter().collect();
    sorted.sort_by(|a, b| (a.anchor.seq, &a.source).cmp(&(b.anchor.seq, &b.source)));
    let mut truncated: Vec<&RecordAnchor> = Vec::new();
    for record in sorted {
        let seq = record.anchor.seq;
        if seq > last {
            truncated.push(record);
            continue;
        }
        let Some(entry) = entries.iter().find(|e| e.seq == seq) else {
            // A gap in the chain: `verify_chain` reports it as missing.
            continue;
        };
        if entry.decision_id != record.decision_id || entry.prev_hash != record.anchor.prev_hash {
            problems.push(LedgerProblem::new(
                seq,
                ProblemKind::AnchorMismatch,
                format!(
                    "{} was appended as entry {seq}, but entry {seq} now holds decision `{}`{}: the ledger was rewritten",
                    record.source,
                    redact(&entry.decision_id),
                    if entry.prev_hash != record.anchor.prev_hash {
                        " with another predecessor"
                    } else {
                        ""
                    }
                ),
            ));
        }
    }
    if let Some(first) = truncated.first() {
        let newest = truncated.last().map_or(first.anchor.seq, |r| r.anchor.seq);
        problems.push(LedgerProblem::new(
            newest,
            ProblemKind::Truncated,
            format!(
                "{} decision record{} ({}{}) {} appended up to entry {newest}, but the ledger {}: it was truncated or replaced",
                truncated.len(),
                if truncated.len() == 1 { "" } else { "s" },
                first.source,
                if truncated.len() > 1 { ", …" } else { "" },
                if truncated.len() == 1 { "was" } else { "were" },
                if last == 0 {
                    "has no entries".to_string()
                } else {
                    format!("ends at entry {last}")
                }
            ),
        ));
    }
    problems
}

/// Whether the store was there to verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StoreState {
    /// The store and its tables exist.
    Present,
    /// No store (no SQLite file; no ledger tables in the PostgreSQL database).
    Absent,
    /// The store exists but one or both ledger tables do not.
    TablesMissing,
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Where the ledger is, password redacted.
    pub target: String,
    /// Whether the store was found.
    pub store: StoreState,
    /// How many entries it holds.
    pub entries: usize,
    /// The stored head, when any.
    pub head: Option<(i64, String)>,
    /// Every problem; empty means intact (and consistent with the records given).
    pub problems: Vec<LedgerProblem>,
}

impl Verification {
    /// True when nothing is wrong.
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Verifies the ledger at `target` against the decision records `anchors`, without creating
/// or changing anything: a missing store or dropped tables are reported, not recreated.
/// An absent store with no records is not a problem (nothing was ever recorded).
pub fn verify(
    target: &LedgerTarget,
    anchors: &[RecordAnchor],
) -> Result<Verification, LedgerError> {
    match verify_store(target, anchors) {
        // A file that no longer reads as a database was truncated or overwritten: that is
        // a finding about the ledger, not a failure of the tool.
        Err(LedgerError::Corrupt { target, reason }) => Ok(Verification {
            problems: vec![LedgerProblem::new(
                anchors.iter().map(|a| a.anchor.seq).max().unwrap_or(0),
                ProblemKind::Unreadable,
                format!(
                    "the ledger {target} cannot be read ({reason}): it was truncated or overwritten"
                ),
            )],
            target,
            store: StoreState::Present,
            entries: 0,
            head: None,
        }),
        other => other,
    }
}

fn verify_store(
    target: &LedgerTarget,
    anchors: &[RecordAnchor],
) -> Result<Verification, LedgerError> {
    let described = target.describe();
    let newest = anchors.iter().map(|a| a.anchor.seq).max();
    let opened = match target {
        LedgerTarget::Sqlite(path) => sqlite::SqliteLedger::open_existing(path)?
            .map(|(l, tables)| (Backend::Sqlite(l), tables)),
        LedgerTarget::Postgres { url, table } => {
            if !valid_table(table) {
                return Err(LedgerError::InvalidTable {
                    name: table.clone(),
                });
            }
            postgres::PgLedger::open_existing(url, table)?
                .map(|(l, tables)| (Backend::Postgres(l), tables))
        }
    };
    let absent = |store, message: String| Verification {
        target: described.clone(),
        store,
        entries: 0,
        head: None,
        problems: newest
            .map(|seq| {
                vec![LedgerProblem::new(
                    seq,
                    if store == StoreState::Absent {
                        ProblemKind::StoreMissing
                    } else {
                        ProblemKind::TablesMissing
                    },
                    message.clone(),
                )]
            })
            .unwrap_or_default(),
    };
    let Some((backend, tables)) = opened else {
        return Ok(absent(
            StoreState::Absent,
            format!(
                "the ledger {described} does not exist, but {} decision record{} say{} entries were appended to it (up to entry {}): it was deleted",
                anchors.len(),
                if anchors.len() == 1 { "" } else { "s" },
                if anchors.len() == 1 { "s" } else { "" },
                newest.unwrap_or(0)
            ),
        ));
    };
    match tables {
        Tables::Both => {}
        Tables::None if matches!(target, LedgerTarget::Postgres { .. }) => {
            return Ok(absent(
                StoreState::Absent,
                format!(
                    "the ledger tables of {described} do not exist, but decision records say entries were appended up to entry {}: they were dropped",
                    newest.unwrap_or(0)
                ),
            ));
        }
        // Accord never leaves an SQLite ledger file without its tables: it was emptied,
        // truncated or its tables dropped.
        Tables::None | Tables::Some => {
            let mut verification = absent(StoreState::TablesMissing, String::new());
            verification.problems = vec![LedgerProblem::new(
                newest.unwrap_or(0),
                ProblemKind::TablesMissing,
                format!(
                    "the ledger {described} exists but its table{} missing: {} dropped or the file was emptied",
                    if tables == Tables::Some {
                        " is"
                    } else {
                        "s are"
                    },
                    if tables == Tables::Some {
                        "one was"
                    } else {
                        "they were"
                    }
                ),
            )];
            return Ok(verification);
        }
    }
    let mut ledger = Ledger { backend };
    let entries = ledger.entries()?;
    let head = ledger.head()?;
    let mut problems = verify_chain(&entries, head.clone());
    problems.extend(verify_anchors(&entries, anchors));
    Ok(Verification {
        target: described,
        store: StoreState::Present,
        entries: entries.len(),
        head,
        problems,
    })
}

/// Why recording or verifying a repository's decisions failed.
#[derive(Debug, thiserror::Error)]
pub enum RecordingError {
    /// The decisions directory or a record file.
    #[error(transparent)]
    Record(#[from] crate::record::RecordError),
    /// The ledger.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// `accord check --record` in one call: reads the anchors of the records already under
/// `<repo_root>/<decisions_dir>`, appends `record` to the ledger at `target` (refused when the
/// chain or those records show tampering), then writes the anchored record file. Returns the
/// record's repository-relative path and the new entry.
///
/// The ledger is written first: a crash between the two leaves an entry without its file
/// (visible, harmless), never a committed record the ledger does not hold.
pub fn record_decision(
    target: &LedgerTarget,
    repo_root: &Path,
    decisions_dir: &str,
    record: &mut DecisionRecord,
) -> Result<(String, LedgerEntry), RecordingError> {
    let known = crate::record::load_anchors(repo_root, decisions_dir)?;
    let mut ledger = Ledger::open(target)?;
    let entry = ledger.append_record(record, &known.anchors)?;
    let path = crate::record::store(repo_root, decisions_dir, record)?;
    Ok((path, entry))
}

/// `accord ledger verify` in one call: [`verify`] against the records under
/// `<repo_root>/<decisions_dir>`; a file there that is not a readable record is a problem too.
pub fn verify_repository(
    target: &LedgerTarget,
    repo_root: &Path,
    decisions_dir: &str,
) -> Result<Verification, RecordingError> {
    let known = crate::record::load_anchors(repo_root, decisions_dir)?;
    let mut verification = verify(target, &known.anchors)?;
    verification
        .problems
        .extend(known.unreadable.into_iter().map(|(path, reason)| {
            LedgerProblem::new(
                0,
                ProblemKind::UnreadableRecord,
                format!("{path} {reason}: it cannot vouch for the ledger"),
            )
        }));
    Ok(verification)
}

/// Which of the two ledger tables exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tables {
    Both,
    Some,
    None,
}

impl Tables {
    fn of(entries: bool, head: bool) -> Tables {
        match (entries, head) {
            (true, true) => Tables::Both,
            (false, false) => Tables::None,
            _ => Tables::Some,
        }
    }
}

/// The next entry to insert, decided under the backend's append lock.
struct Next {
    decision_id: String,
    canonical: String,
}

/// Called by a backend under its append lock with the whole chain, the stored head and the
/// position `(seq, prev_hash)` the new entry will take.
type Build<'a> = &'a mut dyn FnMut(
    &[LedgerEntry],
    Option<(i64, String)>,
    i64,
    &str,
) -> Result<Next, LedgerError>;

enum Backend {
    Sqlite(sqlite::SqliteLedger),
    Postgres(postgres::PgLedger),
}

/// An open ledger.
pub struct Ledger {
    backend: Backend,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger")
            .field("target", &self.describe())
            .finish()
    }
}

impl Ledger {
    /// Opens (creating when needed) the ledger at `target`.
    pub fn open(target: &LedgerTarget) -> Result<Ledger, LedgerError> {
        let backend = match target {
            LedgerTarget::Sqlite(path) => Backend::Sqlite(sqlite::SqliteLedger::open(path)?),
            LedgerTarget::Postgres { url, table } => {
                if !valid_table(table) {
                    return Err(LedgerError::InvalidTable {
                        name: table.clone(),
                    });
                }
                Backend::Postgres(postgres::PgLedger::open(url, table)?)
            }
        };
        Ok(Ledger { backend })
    }

    /// How long an SQLite append waits for another writer before giving up (default 10 s).
    /// PostgreSQL waits for its lock as long as the server lets it.
    pub fn set_busy_timeout(&mut self, timeout: Duration) -> Result<(), LedgerError> {
        match &mut self.backend {
            Backend::Sqlite(l) => l.set_busy_timeout(timeout),
            Backend::Postgres(_) => Ok(()),
        }
    }

    /// Where the ledger is, password redacted.
    pub fn describe(&self) -> String {
        match &self.backend {
            Backend::Sqlite(l) => l.describe(),
            Backend::Postgres(l) => l.describe(),
        }
    }

    /// Appends a decision record as it is (without recording its position in it). Prefer
    /// [`Ledger::append_record`], which anchors the record.
    pub fn append(&mut self, record: &DecisionRecord) -> Result<LedgerEntry, LedgerError> {
        let value = serde_json::to_value(record).map_err(|e| LedgerError::Database {
            target: self.describe(),
            reason: e.to_string(),
        })?;
        self.append_json(&record.id, &value)
    }

    /// Appends `record` after verifying, under the append lock, that the chain is intact and
    /// agrees with the decision records `anchors` (those committed under `decisions/`);
    /// refuses with [`LedgerError::Tampered`] otherwise. On success `record.ledger` holds the
    /// position it was appended at, and the stored entry holds the record with that anchor:
    /// write the record file *after* this returns.
    pub fn append_record(
        &mut self,
        record: &mut DecisionRecord,
        anchors: &[RecordAnchor],
    ) -> Result<LedgerEntry, LedgerError> {
        let target = self.describe();
        let mut build = |entries: &[LedgerEntry], head, seq: i64, prev: &str| {
            refuse_broken(&target, entries, head, anchors)?;
            record.ledger = Some(LedgerAnchor {
                seq,
                prev_hash: prev.to_string(),
            });
            let mut value =
                serde_json::to_value(&*record).map_err(|e| LedgerError::InvalidDecision {
                    target: target.clone(),
                    reason: e.to_string(),
                })?;
            redact_json(&mut value);
            Ok(Next {
                decision_id: record.id.clone(),
                canonical: canonical_json(&value),
            })
        };
        let result = self.append_with(&mut build);
        if result.is_err() {
            record.ledger = None;
        }
        result
    }

    /// Appends any JSON decision under `decision_id` in one transaction, after verifying the
    /// chain. The decision must be an object whose `id` is `decision_id` (that binds the id to
    /// the hash); strings that look like secrets are redacted before it is stored.
    pub fn append_json(
        &mut self,
        decision_id: &str,
        decision: &serde_json::Value,
    ) -> Result<LedgerEntry, LedgerError> {
        let target = self.describe();
        match decision.get("id").and_then(Value::as_str) {
            Some(id) if id == decision_id => {}
            found => {
                return Err(LedgerError::InvalidDecision {
                    target,
                    reason: format!(
                        "the decision's `id` ({}) must equal its decision_id `{}`",
                        found.map_or("missing".to_string(), |id| format!("`{}`", redact(id))),
                        redact(decision_id)
                    ),
                });
            }
        }
        let mut value = decision.clone();
        redact_json(&mut value);
        let decision_id = redact(decision_id);
        let canonical = canonical_json(&value);
        let mut build = |entries: &[LedgerEntry], head, _seq: i64, _prev: &str| {
            refuse_broken(&target, entries, head, &[])?;
            Ok(Next {
                decision_id: decision_id.clone(),
                canonical: canonical.clone(),
            })
        };
        self.append_with(&mut build)
    }

    fn append_with(&mut self, build: Build<'_>) -> Result<LedgerEntry, LedgerError> {
        match &mut self.backend {
            Backend::Sqlite(l) => l.append_with(build),
            Backend::Postgres(l) => l.append_with(build),
        }
    }

    /// Every entry in sequence order.
    pub fn entries(&mut self) -> Result<Vec<LedgerEntry>, LedgerError> {
        match &mut self.backend {
            Backend::Sqlite(l) => l.entries(),
            Backend::Postgres(l) => l.entries(),
        }
    }

    /// The stored head: last sequence number and hash (`None` when empty).
    pub fn head(&mut self) -> Result<Option<(i64, String)>, LedgerError> {
        match &mut self.backend {
            Backend::Sqlite(l) => l.head(),
            Backend::Postgres(l) => l.head(),
        }
    }

    /// Every sign of tampering in the chain itself; empty means the chain is intact. Use
    /// [`verify`] to also check the store exists and agrees with the decision records.
    pub fn verify(&mut self) -> Result<Vec<LedgerProblem>, LedgerError> {
        self.verify_with(&[])
    }

    /// [`Ledger::verify`], and every record in `anchors` must be the entry it says it is.
    pub fn verify_with(
        &mut self,
        anchors: &[RecordAnchor],
    ) -> Result<Vec<LedgerProblem>, LedgerError> {
        let entries = self.entries()?;
        let head = self.head()?;
        let mut problems = verify_chain(&entries, head);
        problems.extend(verify_anchors(&entries, anchors));
        Ok(problems)
    }
}

fn refuse_broken(
    target: &str,
    entries: &[LedgerEntry],
    head: Option<(i64, String)>,
    anchors: &[RecordAnchor],
) -> Result<(), LedgerError> {
    let mut problems = verify_chain(entries, head);
    problems.extend(verify_anchors(entries, anchors));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(LedgerError::Tampered {
            target: target.to_string(),
            problems,
        })
    }
}

/// The next position after `entries`: `(seq, prev_hash)`.
fn next_position(entries: &[LedgerEntry]) -> (i64, String) {
    match entries.last() {
        Some(last) => (last.seq + 1, last.entry_hash.clone()),
        None => (1, GENESIS.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_that_are_not_ledgers_are_refused_without_echoing_passwords() {
        let base = Path::new("/work");
        let err = parse_spec("mysql://u:pw1234@h/db", base).expect_err("mysql");
        assert!(err.contains("`mysql:` scheme is not supported"), "{err}");
        assert!(!err.contains("pw1234"), "{err}");
        assert!(parse_spec("redis://h", base).is_err());
        assert!(parse_spec("", base).is_err());
        assert!(parse_spec("sqlite:", base).is_err());
        assert_eq!(
            parse_spec("sqlite:ledger.db", base),
            Ok(LedgerTarget::Sqlite(base.join("ledger.db")))
        );
        assert_eq!(
            parse_spec("/var/lib/accord/ledger.db", base),
            Ok(LedgerTarget::Sqlite(PathBuf::from(
                "/var/lib/accord/ledger.db"
            )))
        );
        assert!(matches!(
            parse_spec("PostgreSQL://u@h/db", base),
            Ok(LedgerTarget::Postgres { .. })
        ));
    }

    #[test]
    fn an_entry_whose_decision_id_was_edited_is_detected() {
        let decision = canonical_json(&serde_json::json!({"id": "d1"}));
        let mut entry = LedgerEntry {
            seq: 1,
            prev_hash: GENESIS.to_string(),
            entry_hash: entry_hash(GENESIS, &decision),
            decision_id: "d1".to_string(),
            decision,
        };
        let head = Some((1, entry.entry_hash.clone()));
        assert_eq!(verify_chain(&[entry.clone()], head.clone()), vec![]);
        entry.decision_id = "forged".to_string();
        let problems = verify_chain(&[entry], head);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].kind, ProblemKind::Edited);
        assert!(
            problems[0].message.contains("decision_id `forged`"),
            "{problems:?}"
        );
    }
}

//! The decision record (seed 003 §2.2): a JSON file with a published schema
//! (`docs/schemas/decision.schema.json`), identified by the hash of its content.

use crate::decide::AppliedApproval;
use crate::ledger::{LedgerAnchor, RecordAnchor};
use crate::{Policy, PolicyResult};
use accord_model::redact::redact_json;
use accord_model::{Decision, Finding};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The value of `schema` in every record this version writes.
pub const RECORD_SCHEMA: &str = "accord-decision/1";

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// The revision as given (`origin/main`), or `working tree`.
    pub rev: String,
    /// The full commit id; `null` for the working tree.
    pub commit: Option<String>,
}

/// A recorded decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionRecord {
    /// Always [`RECORD_SCHEMA`].
    pub schema: String,
    /// Content hash: 32 hex digits of SHA-256 over the canonical record without `id` and `timestamp`.
    pub id: String,
    /// When it was decided (RFC 3339, UTC).
    pub timestamp: String,
    /// `accord` version that decided.
    pub tool_version: String,
    /// Base revision.
    pub base: Revision,
    /// Head revision.
    pub head: Revision,
    /// SHA-256 of the canonical JSON of the effective policy.
    pub policy_digest: String,
    /// SHA-256 over the input files (manifest, contracts, approvals, PR body) by path.
    pub inputs_digest: String,
    /// The verdict, reasons, required actions, impacted consumers and epic class.
    pub decision: Decision,
    /// The findings judged (contract changes and violations), policy applied.
    pub changes: Vec<Finding>,
    /// Findings about approvals and the PR declaration.
    pub policy_findings: Vec<Finding>,
    /// Approvals that took effect.
    pub approvals_applied: Vec<AppliedApproval>,
    /// Where the record was appended to the ledger (set by `Ledger::append_record`): the
    /// committed record anchors the ledger, so a ledger truncated or replaced behind it is
    /// detected. Not part of the id, and not compared by [`verify_decision`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerAnchor>,
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// JSON with object keys sorted and no insignificant whitespace: the bytes that get hashed,
/// independent of field order in structs or files.
pub fn canonical_json(value: &Value) -> String {
    fn sort(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                Value::Object(
                    keys.into_iter()
                        .map(|k| (k.clone(), sort(&map[k])))
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(items.iter().map(sort).collect()),
            other => other.clone(),
        }
    }
    sort(value).to_string()
}

/// Digest of the effective policy.
pub fn policy_digest(policy: &Policy) -> String {
    sha256_hex(canonical_json(&serde_json::to_value(policy).unwrap_or(Value::Null)).as_bytes())
}

/// Digest of input files given as (repository path, contents); order does not matter.
pub fn inputs_digest<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut files: Vec<(&str, &[u8])> = files.into_iter().collect();
    files.sort_by(|a, b| a.0.cmp(b.0));
    let mut hasher = Sha256::new();
    for (path, bytes) in files {
        hasher.update(path.as_bytes());
        hasher.update([0u8]);
        hasher.update(sha256_hex(bytes).as_bytes());
        hasher.update([b'\n']);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Current time, RFC 3339 UTC, whole seconds.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Where and how a decision was made: everything in a record besides the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordContext {
    /// Base revision.
    pub base: Revision,
    /// Head revision.
    pub head: Revision,
    /// `env!("CARGO_PKG_VERSION")` of the binary.
    pub tool_version: String,
    /// [`policy_digest`] of the effective policy.
    pub policy_digest: String,
    /// [`inputs_digest`] of the input files.
    pub inputs_digest: String,
    /// Usually [`now_rfc3339`].
    pub timestamp: String,
}

impl DecisionRecord {
    /// Builds the record of `result` and computes its id. `findings` are the judged findings
    /// with policy applied.
    pub fn new(
        result: &PolicyResult,
        findings: Vec<Finding>,
        context: RecordContext,
    ) -> DecisionRecord {
        let mut record = DecisionRecord {
            schema: RECORD_SCHEMA.to_string(),
            id: String::new(),
            timestamp: context.timestamp,
            tool_version: context.tool_version,
            base: context.base,
            head: context.head,
            policy_digest: context.policy_digest,
            inputs_digest: context.inputs_digest,
            decision: result.decision.clone(),
            changes: findings,
            policy_findings: result.policy_findings.clone(),
            approvals_applied: result.approvals_applied.clone(),
            ledger: None,
        };
        record.redact();
        record.id = record.compute_id();
        record
    }

    /// Hides every secret-looking string (artifact values quoted in findings, credentials
    /// in reasons): a record is committed and appended to the ledger forever.
    pub fn redact(&mut self) {
        let Ok(mut value) = serde_json::to_value(&*self) else {
            return;
        };
        let before = value.clone();
        redact_json(&mut value);
        if value != before
            && let Ok(redacted) = serde_json::from_value::<DecisionRecord>(value)
        {
            *self = redacted;
        }
    }

    /// The content hash this record should carry.
    pub fn compute_id(&self) -> String {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Some(map) = value.as_object_mut() {
            map.remove("id");
            map.remove("timestamp");
            map.remove("ledger");
        }
        sha256_hex(canonical_json(&value).as_bytes())[..32].to_string()
    }

    /// Pretty JSON, as written to `decisions/<id>.json`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// Parses a record file.
    pub fn from_json(text: &str) -> Result<DecisionRecord, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The path of this record under `decisions_dir`.
    pub fn file_name(&self, decisions_dir: &str) -> String {
        format!("{}/{}.json", decisions_dir.trim_end_matches('/'), self.id)
    }
}

/// One place where a recorded decision and its recomputation disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// JSON pointer into the record (`/decision/outcome`).
    pub pointer: String,
    /// The recorded value (`null` when absent).
    pub recorded: Value,
    /// The recomputed value (`null` when absent).
    pub recomputed: Value,
}

/// Every difference between a recorded decision and one recomputed from the same revisions,
/// ignoring `id`, `timestamp` and the ledger position. Empty means verified. A recorded `id` that does not match the
/// recorded content is reported at `/id` (the file was edited).
pub fn verify_decision(recorded: &Value, recomputed: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    if let Ok(record) = serde_json::from_value::<DecisionRecord>(recorded.clone()) {
        let expected = record.compute_id();
        if record.id != expected {
            out.push(Difference {
                pointer: "/id".to_string(),
                recorded: Value::String(record.id),
                recomputed: Value::String(expected),
            });
        }
    }
    diff("", recorded, recomputed, &mut out);
    out
}

fn diff(pointer: &str, a: &Value, b: &Value, out: &mut Vec<Difference>) {
    if pointer == "/id" || pointer == "/timestamp" || pointer == "/ledger" {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let p = format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1"));
                diff(
                    &p,
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                diff(
                    &format!("{pointer}/{i}"),
                    x.get(i).unwrap_or(&Value::Null),
                    y.get(i).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        _ if a != b => out.push(Difference {
            pointer: pointer.to_string(),
            recorded: a.clone(),
            recomputed: b.clone(),
        }),
        _ => {}
    }
}

/// The JSON Schema of a decision record, published as `docs/schemas/decision.schema.json`.
/// Findings and the decision use the model's shared definitions, as the report does.
pub fn decision_schema() -> Value {
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://accord.invalid/schemas/decision.schema.json",
        "title": "Accord decision record",
        "description": "A policy decision on a change set between two revisions (seed 003 §2.2). Written by `accord check --record`, verified by `accord decision verify`.",
        "type": "object",
        "additionalProperties": false,
        "required": ["schema", "id", "timestamp", "tool_version", "base", "head", "policy_digest", "inputs_digest", "decision", "changes", "policy_findings", "approvals_applied"],
        "properties": {
            "schema": { "const": RECORD_SCHEMA },
            "id": { "type": "string", "pattern": "^[0-9a-f]{32}$", "description": "SHA-256 (first 32 hex digits) of the canonical record without id and timestamp." },
            "timestamp": { "type": "string", "format": "date-time" },
            "tool_version": { "type": "string" },
            "base": { "$ref": "#/$defs/revision" },
            "head": { "$ref": "#/$defs/revision" },
            "policy_digest": { "$ref": "#/$defs/sha256" },
            "inputs_digest": { "$ref": "#/$defs/sha256" },
            "decision": { "$ref": "#/$defs/decision" },
            "changes": { "type": "array", "items": { "$ref": "#/$defs/finding" } },
            "policy_findings": { "type": "array", "items": { "$ref": "#/$defs/finding" } },
            "approvals_applied": { "type": "array", "items": { "$ref": "#/$defs/approval" } },
            "ledger": { "$ref": "#/$defs/ledger_anchor" }
        },
        "$defs": {
            "sha256": { "type": "string", "pattern": "^[0-9a-f]{64}$" },
            "ledger_anchor": {
                "type": "object",
                "description": "Where the record was appended to the ledger; `accord ledger verify` checks the ledger still holds it there.",
                "additionalProperties": false,
                "required": ["seq", "prev_hash"],
                "properties": {
                    "seq": { "type": "integer", "minimum": 1 },
                    "prev_hash": { "$ref": "#/$defs/sha256" }
                }
            },
            "revision": {
                "type": "object",
                "additionalProperties": false,
                "required": ["rev", "commit"],
                "properties": {
                    "rev": { "type": "string" },
                    "commit": { "type": ["string", "null"], "description": "Full commit id; null for the working tree." }
                }
            },
            "approval": {
                "type": "object",
                "additionalProperties": false,
                "required": ["fingerprint", "rule", "approver", "role", "justification", "expires"],
                "properties": {
                    "fingerprint": { "type": "string" },
                    "rule": { "type": "string" },
                    "approver": { "type": "string" },
                    "role": { "type": "string" },
                    "justification": { "type": "string" },
                    "expires": { "type": "string", "format": "date" },
                    "conditions": { "type": "array", "items": { "type": "string" } }
                }
            }
        }
    });
    if let Some(defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) {
        defs.extend(accord_model::schema::model_defs());
    }
    schema
}

/// The schema as written to `docs/schemas/decision.schema.json`.
pub fn decision_schema_text() -> String {
    serde_json::to_string_pretty(&decision_schema()).unwrap_or_default() + "\n"
}

/// A decision record could not be stored or read.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// `decisions_dir` does not stay inside the repository.
    #[error("decisions directory `{dir}` {reason}")]
    Location {
        /// `decisions_dir` as configured.
        dir: String,
        /// Why it was refused.
        reason: String,
    },
    /// The record's id is not a content hash, so it cannot name a file.
    #[error("decision record id `{id}` is not 32 hex digits")]
    InvalidId {
        /// The id (redacted).
        id: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: std::path::PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Decision records are small; anything larger under `decisions/` is not one of ours.
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

/// Writes `record` to `<decisions_dir>/<id>.json` under `repo_root` and returns the relative
/// path. The directory must resolve inside the repository (symlinks included); the file is
/// written to a temporary name unique to this process and call, then renamed over the
/// destination, so concurrent recorders never share a temporary file, a crash never leaves
/// half a record, and a symlink planted at the destination is replaced, not followed.
pub fn store(
    repo_root: &std::path::Path,
    decisions_dir: &str,
    record: &DecisionRecord,
) -> Result<String, RecordError> {
    if record.id.len() != 32 || !record.id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(RecordError::InvalidId {
            id: accord_model::redact::quote(&record.id, 40),
        });
    }
    let location = |reason: String| RecordError::Location {
        dir: decisions_dir.to_string(),
        reason,
    };
    crate::ledger::confine(repo_root, decisions_dir).map_err(location)?;
    // The guarded layer creates the directory inside the root only, and replaces (never
    // follows) a symlink planted at the record's name.
    let relative = record.file_name(decisions_dir);
    accord_fs::Root::open(repo_root)
        .and_then(|root| root.write_atomic(&relative, record.to_json().as_bytes()))
        .map_err(|e| match e {
            accord_fs::FsError::SymlinkEscape { target, .. } => {
                location(format!("leads outside the repository (to {target})"))
            }
            other => location(other.to_string()),
        })?;
    Ok(relative)
}

/// The anchors of the decision records under `<decisions_dir>`, plus the files that could
/// not be read as records (path and reason), which verification reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordAnchors {
    /// One per record that carries a ledger position.
    pub anchors: Vec<RecordAnchor>,
    /// `(relative path, reason)` of every `*.json` that is not a readable decision record.
    pub unreadable: Vec<(String, String)>,
}

/// Reads every `*.json` decision record directly under `<decisions_dir>` (confined to the
/// repository; symlinks and non-regular files are refused, each read is bounded by
/// [`MAX_RECORD_BYTES`]). A missing directory holds no records.
pub fn load_anchors(
    repo_root: &std::path::Path,
    decisions_dir: &str,
) -> Result<RecordAnchors, RecordError> {
    use std::io::Read;
    let dir = crate::ledger::confine(repo_root, decisions_dir).map_err(|reason| {
        RecordError::Location {
            dir: decisions_dir.to_string(),
            reason,
        }
    })?;
    let mut out = RecordAnchors::default();
    let listing = match std::fs::read_dir(&dir) {
        Ok(listing) => listing,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(source) => return Err(RecordError::Io { path: dir, source }),
    };
    let mut names = Vec::new();
    for item in listing {
        let item = item.map_err(|source| RecordError::Io {
            path: dir.clone(),
            source,
        })?;
        let name = item.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    let prefix = decisions_dir.trim_end_matches('/');
    for name in names {
        let rel = format!("{prefix}/{name}");
        let path = dir.join(&name);
        let read = (|| -> Result<String, String> {
            let meta = path.symlink_metadata().map_err(|e| e.to_string())?;
            if !meta.file_type().is_file() {
                return Err("is not a regular file (symlinks are not followed)".to_string());
            }
            let file = std::fs::File::open(&path).map_err(|e| e.to_string())?;
            let mut text = String::new();
            file.take(MAX_RECORD_BYTES + 1)
                .read_to_string(&mut text)
                .map_err(|e| e.to_string())?;
            if text.len() as u64 > MAX_RECORD_BYTES {
                return Err(format!("is larger than {MAX_RECORD_BYTES} bytes"));
            }
            Ok(text)
        })();
        let record = read.and_then(|text| {
            DecisionRecord::from_json(&text).map_err(|e| format!("is not a decision record: {e}"))
        });
        match record {
            Ok(record) => out.anchors.extend(RecordAnchor::of(&record, rel)),
            Err(reason) => out
                .unreadable
                .push((rel, accord_model::redact::quote(&reason, 200))),
        }
    }
    Ok(out)
}

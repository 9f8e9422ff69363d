//! Decision records: written when a change is judged with `--record`, recomputed from their
//! revisions by `decision verify`.

use crate::judge::{Judged, Request, judge, open_repo};
use crate::{EngineError, Workspace};
use accord_policy::{DecisionRecord, Difference, RecordContext, Revision};

/// The decision record of a judged change; `timestamp` defaults to now. `head_commit`
/// names the commit a clean working tree was at, so the record can be recomputed later.
pub fn build_record(
    judged: &Judged,
    head_commit: Option<String>,
    timestamp: Option<String>,
) -> DecisionRecord {
    let comparison = &judged.comparison;
    let inputs = comparison
        .base
        .inputs
        .iter()
        .chain(&comparison.head.inputs)
        .map(|(p, b)| (p.as_str(), b.as_slice()));
    DecisionRecord::new(
        &judged.result,
        judged.findings.clone(),
        RecordContext {
            base: Revision {
                rev: comparison.base.rev.clone(),
                commit: comparison.base.commit.clone(),
            },
            head: Revision {
                rev: comparison.head.rev.clone(),
                commit: comparison.head.commit.clone().or(head_commit),
            },
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            policy_digest: accord_policy::record::policy_digest(&judged.policy),
            inputs_digest: accord_policy::record::inputs_digest(inputs),
            timestamp: timestamp.unwrap_or_else(accord_policy::record::now_rfc3339),
        },
    )
}

/// The commit `HEAD` points at when the working tree under `ws.root` holds exactly it (no
/// modified, added or deleted file there): a record of such a check names that commit.
pub fn clean_head_commit(ws: &Workspace) -> Result<Option<String>, EngineError> {
    let repo = open_repo(&ws.root)?;
    let prefix = crate::compare::prefix_of(&repo, &ws.root)?;
    let Ok(commit) = repo.resolve("HEAD") else {
        return Ok(None);
    };
    let dirty = repo
        .changed_files("HEAD", None)?
        .iter()
        .any(|f| f.path.starts_with(&prefix));
    Ok((!dirty).then_some(commit))
}

/// Where a record went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The record file, relative to the repository root.
    pub path: String,
    /// The ledger it was appended to, as shown to people (credentials redacted).
    pub ledger: String,
}

/// Appends `record` to the ledger `target` (refused when the chain, or the records already
/// committed, show tampering), then writes the record, anchored at its ledger position, to
/// `<decisions dir>/<id>.json` inside the repository.
pub fn write_record(
    ws: &Workspace,
    judged: &Judged,
    record: &mut DecisionRecord,
    target: &accord_policy::LedgerTarget,
) -> Result<Written, EngineError> {
    let (path, _entry) = accord_policy::ledger::record_decision(
        target,
        &ws.root,
        &judged.policy.decisions_dir,
        record,
    )?;
    Ok(Written {
        path,
        ledger: target.describe(),
    })
}

/// A record recomputed from its revisions.
#[derive(Debug)]
pub struct Verification {
    /// The record as read.
    pub record: DecisionRecord,
    /// The base commit recomputed from.
    pub base: String,
    /// The head commit recomputed from.
    pub head: String,
    /// Every difference between the record and the recomputation; empty when it reproduces.
    pub differences: Vec<Difference>,
}

/// Recomputes the decision of the record at `path` (its text `text`) from the revisions it
/// names — never from the working tree — and compares.
pub fn verify_record(ws: &Workspace, path: &str, text: &str) -> Result<Verification, EngineError> {
    let bad = |message: String| EngineError::Record {
        path: path.to_string(),
        message,
    };
    let recorded: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        bad(format!(
            "line {} column {}: not a JSON decision record: {e}",
            e.line(),
            e.column()
        ))
    })?;
    let record =
        DecisionRecord::from_json(text).map_err(|e| bad(format!("not a decision record: {e}")))?;
    let base = record
        .base
        .commit
        .clone()
        .unwrap_or_else(|| record.base.rev.clone());
    let head = record.head.commit.clone().ok_or_else(|| {
        bad(
            "recorded from uncommitted changes: only a decision on commits can be recomputed \
             (record from a clean checkout, or pass --head)"
                .to_string(),
        )
    })?;
    let today = record
        .timestamp
        .get(..10)
        .and_then(accord_policy::parse_date)
        .ok_or_else(|| bad(format!("timestamp `{}` has no date", record.timestamp)))?;
    // The PR body is not part of the record: its findings cannot be recomputed.
    let judged = judge(
        ws,
        Request {
            base: &base,
            head: Some(&head),
            pr: None,
            today,
        },
        &Default::default(),
    )?;
    let mut recomputed = build_record(&judged, None, Some(record.timestamp.clone()));
    recomputed.base.rev = record.base.rev.clone();
    recomputed.head.rev = record.head.rev.clone();
    let recomputed = serde_json::to_value(&recomputed).map_err(|e| bad(e.to_string()))?;
    let differences = accord_policy::verify_decision(&recorded, &recomputed);
    Ok(Verification {
        record,
        base,
        head,
        differences,
    })
}

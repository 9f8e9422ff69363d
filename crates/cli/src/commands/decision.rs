//! `accord decision verify FILE` and `accord ledger verify`: the audit trail.

use crate::cli::Ctx;
use crate::commands::check;
use crate::workspace::Workspace;
use crate::{EXIT_CLEAN, EXIT_FAILED};
use anyhow::{Context, anyhow};
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum DecisionCommand {
    /// Recompute a recorded decision from the same revisions and report any difference.
    Verify {
        /// The decision record (`decisions/<id>.json`).
        file: PathBuf,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum LedgerCommand {
    /// Check the hash chain: an edited, deleted or reordered entry is reported.
    Verify,
}

pub fn run_decision(command: DecisionCommand, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let DecisionCommand::Verify { file } = command;
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let recorded: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        anyhow!(
            "{}:{}:{}: not a JSON decision record: {e}",
            file.display(),
            e.line(),
            e.column()
        )
    })?;
    let record = accord_policy::DecisionRecord::from_json(&text)
        .map_err(|e| anyhow!("{}: not a decision record: {e}", file.display()))?;
    let ws = Workspace::load(ctx.manifest.as_deref(), None)?;
    let base = record
        .base
        .commit
        .clone()
        .unwrap_or(record.base.rev.clone());
    let head = record.head.commit.clone();
    let today = record
        .timestamp
        .get(..10)
        .and_then(accord_policy::parse_date)
        .ok_or_else(|| {
            anyhow!(
                "{}: timestamp `{}` has no date",
                file.display(),
                record.timestamp
            )
        })?;
    let registry = accord_contract::load_registry(&ws.root, &ws.manifest)?;
    let mut findings = registry.findings.clone();
    findings.extend(accord_contract::lint_registry(
        &ws.manifest,
        &registry.contracts,
        &registry.sources,
    ));
    findings.extend(
        accord_contract::conformance::check_conformance(
            &ws.root,
            &ws.manifest,
            &registry.contracts,
            &Default::default(),
        )?
        .findings,
    );
    // The PR body is not part of the record, so its findings are taken as recorded.
    let judged = check::judge(
        &ws,
        findings,
        &base,
        head.as_deref(),
        None,
        today,
        Some(registry.contracts),
    )?;
    let mut recomputed = check::build_record(
        &judged.comparison,
        &judged.policy,
        &judged.result,
        &judged.findings,
        Some(record.timestamp.clone()),
    );
    recomputed.base.rev = record.base.rev.clone();
    recomputed.head.rev = record.head.rev.clone();
    let differences =
        accord_policy::verify_decision(&recorded, &serde_json::to_value(&recomputed)?);
    if differences.is_empty() {
        writeln!(
            ctx.out,
            "{}: decision {} ({}) reproduces from {}..{}",
            file.display(),
            record.id,
            record.decision.outcome,
            short(&base),
            head.as_deref().map_or("working tree".to_string(), short)
        )?;
        return Ok(EXIT_CLEAN);
    }
    writeln!(
        ctx.out,
        "{}: {} difference{} between the record and a recomputation:",
        file.display(),
        differences.len(),
        if differences.len() == 1 { "" } else { "s" }
    )?;
    for d in &differences {
        writeln!(
            ctx.out,
            "  {}: recorded {} but recomputed {}",
            d.pointer, d.recorded, d.recomputed
        )?;
    }
    Ok(EXIT_FAILED)
}

fn short(commit: &str) -> String {
    commit.chars().take(12).collect()
}

pub fn run_ledger(command: LedgerCommand, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let LedgerCommand::Verify = command;
    let ws = Workspace::load(ctx.manifest.as_deref(), None)?;
    let text = std::fs::read_to_string(ws.root.join(&ws.manifest.path)).unwrap_or_default();
    let target = accord_policy::LedgerTarget::from_manifest(&ws.manifest, &text, &ws.root)
        .map_err(|e| anyhow!("{e}"))?;
    let mut ledger = accord_policy::Ledger::open(&target)?;
    let entries = ledger.entries()?.len();
    let problems = ledger.verify()?;
    if problems.is_empty() {
        writeln!(
            ctx.out,
            "ledger {}: {entries} entr{} verified, chain intact",
            target.describe(),
            if entries == 1 { "y" } else { "ies" }
        )?;
        return Ok(EXIT_CLEAN);
    }
    for p in &problems {
        writeln!(ctx.out, "entry {}: {}", p.seq, p.message)?;
    }
    writeln!(
        ctx.out,
        "ledger {}: {} problem{} in {entries} entries — the ledger was tampered with",
        target.describe(),
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    )?;
    Ok(EXIT_FAILED)
}

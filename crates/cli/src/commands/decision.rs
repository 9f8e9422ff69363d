//! `accord decision verify FILE` and `accord ledger verify`: the audit trail.

use crate::cli::Ctx;
use crate::{EXIT_CLEAN, EXIT_FAILED};
use anyhow::anyhow;
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
    /// Check the hash chain and that it holds every committed decision record: an edited,
    /// deleted, reordered or truncated entry, a dropped table or a removed store is reported.
    Verify {
        /// The ledger to verify: `postgres://…`, `sqlite:PATH` or a path (default:
        /// ACCORD_LEDGER, then `[ledger]` of accord.toml, then `.accord/ledger.db`).
        #[arg(long, value_name = "SPEC")]
        ledger: Option<String>,
    },
}

/// Largest decision record read: records are a few hundred kilobytes at most.
const RECORD_LIMIT: u64 = 64 * 1024 * 1024;

pub fn run_decision(command: DecisionCommand, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let DecisionCommand::Verify { file } = command;
    let bytes = accord_fs::read_user_file(&file, RECORD_LIMIT)?;
    let text =
        String::from_utf8(bytes).map_err(|_| anyhow!("{}: not valid UTF-8", file.display()))?;
    let ws = crate::workspace::load(ctx.manifest.as_deref(), None)?;
    let shown = file.display().to_string();
    let verification = accord_engine::verify_record(&ws, &shown, &text)?;
    let differences = &verification.differences;
    if differences.is_empty() {
        writeln!(
            ctx.out,
            "{shown}: decision {} ({}) reproduces from {}..{}",
            verification.record.id,
            verification.record.decision.outcome,
            short(&verification.base),
            short(&verification.head)
        )?;
        return Ok(EXIT_CLEAN);
    }
    writeln!(
        ctx.out,
        "{shown}: {} difference{} between the record and a recomputation from {}..{}:",
        differences.len(),
        if differences.len() == 1 { "" } else { "s" },
        short(&verification.base),
        short(&verification.head)
    )?;
    for d in differences {
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
    let LedgerCommand::Verify { ledger } = command;
    let ws = crate::workspace::load(ctx.manifest.as_deref(), None)?;
    let target = crate::ledger::target(
        &ws.manifest,
        &ws.manifest_text,
        &ws.root,
        ledger.as_deref(),
        false,
    )?;
    let policy = accord_policy::Policy::parse(
        ws.manifest.sections.get("policy"),
        &ws.manifest.path,
        &ws.manifest_text,
    )
    .map_err(|e| anyhow!("{e}"))?;
    let v = accord_policy::ledger::verify_repository(&target, &ws.root, &policy.decisions_dir)?;
    if v.is_intact() {
        if v.store == accord_policy::StoreState::Absent {
            writeln!(
                ctx.out,
                "ledger {}: nothing recorded yet (no ledger, no decision records)",
                v.target
            )?;
        } else {
            writeln!(
                ctx.out,
                "ledger {}: {} entr{} verified, chain intact",
                v.target,
                v.entries,
                if v.entries == 1 { "y" } else { "ies" }
            )?;
        }
        return Ok(EXIT_CLEAN);
    }
    for p in &v.problems {
        writeln!(ctx.out, "entry {}: {}", p.seq, p.message)?;
    }
    writeln!(
        ctx.out,
        "ledger {}: {} problem{} in {} entries — the ledger was tampered with",
        v.target,
        v.problems.len(),
        if v.problems.len() == 1 { "" } else { "s" },
        v.entries
    )?;
    Ok(EXIT_FAILED)
}

//! `accord surface snapshot [PACK]` / `accord surface check [PACK]`: the committed API
//! surface of each pack's code (`[packs.NAME.code]`), and drift between code and snapshot.

use crate::cli::Ctx;
use crate::output::{FindingFormat, exit_code, render_findings};
use crate::workspace::Workspace;
use crate::{EXIT_CLEAN, EXIT_ERROR, EXIT_FAILED};
use accord_surface::snapshot::{code_entry, extract_pack_with, write_snapshot};
use anyhow::anyhow;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Extract each pack's code surface and write `<pack>.surface.json` + `.surface.txt`
    /// next to the contracts.
    Snapshot(Args),
    /// Compare each pack's code with its committed surface; exit 1 on BREAKING drift.
    Check(Args),
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this pack (default: every pack with a `[packs.NAME.code]` table).
    pack: Option<String>,
    /// Repository directory holding accord.toml (default: search upwards).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Output format of `check`.
    #[arg(long, value_enum, default_value_t = FindingFormat::Human)]
    format: FindingFormat,
}

pub fn run(command: Command, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let (args, write) = match command {
        Command::Snapshot(a) => (a, true),
        Command::Check(a) => (a, false),
    };
    let ws = crate::workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
    if write {
        return snapshot(&ws, args.pack.as_deref(), ctx);
    }
    let findings = accord_engine::surface_drift(&ws, args.pack.as_deref())?;
    render_findings(ctx, args.format, &ws.root, &findings, None, None)?;
    Ok(exit_code(&findings))
}

/// Snapshots every pack with code (or `only`). A pack that cannot be extracted or written
/// does not stop the others: every failure is reported, then the command exits 2.
fn snapshot(ws: &Workspace, only: Option<&str>, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let fs = ws.fs()?;
    let mut any = false;
    let mut notes = Vec::new();
    let mut failures = Vec::new();
    for pack in &ws.manifest.packs {
        if only.is_some_and(|p| !pack.answers_to(p)) {
            continue;
        }
        let entry = match code_entry(pack, &ws.manifest.path, &ws.manifest_text) {
            Ok(Some(entry)) => entry,
            Ok(None) => continue,
            Err(e) => {
                failures.push(format!("{}: {e}", pack.name));
                continue;
            }
        };
        any = true;
        let written = extract_pack_with(&ws.root, &entry, &accord_engine::surface_options(ws))
            .map_err(anyhow::Error::from)
            .and_then(|mut extraction| {
                let unparsed =
                    accord_engine::testsmith::record(ws, pack, &entry, &mut extraction.surface)?;
                let paths = write_snapshot(
                    &fs,
                    &ws.manifest.contracts.dir,
                    &pack.name,
                    &extraction.surface,
                )?;
                Ok((extraction, paths, unparsed))
            });
        match written {
            Ok((extraction, paths, unparsed)) => {
                // TestSmith's notes already speak repository paths.
                notes.extend(unparsed);
                notes.extend(
                    extraction
                        .findings
                        .into_iter()
                        .map(|f| accord_engine::under_root(f, &entry.root)),
                );
                for p in paths {
                    writeln!(ctx.out, "wrote {p}")?;
                }
                writeln!(
                    ctx.out,
                    "{}: {} symbols",
                    pack.name,
                    extraction.surface.symbols.len()
                )?;
            }
            Err(e) => failures.push(format!("{}: {e}", pack.name)),
        }
    }
    if !any && failures.is_empty() {
        return Err(no_code(only));
    }
    if !notes.is_empty() {
        render_findings(ctx, FindingFormat::Human, &ws.root, &notes, None, None)?;
    }
    if !failures.is_empty() {
        for failure in &failures {
            writeln!(ctx.err, "error: {failure}")?;
        }
        writeln!(
            ctx.err,
            "error: {} pack{} not snapshotted",
            failures.len(),
            if failures.len() == 1 { "" } else { "s" }
        )?;
        return Ok(EXIT_ERROR);
    }
    Ok(
        if notes.iter().any(|f| f.level == accord_model::Level::Error) {
            EXIT_FAILED
        } else {
            EXIT_CLEAN
        },
    )
}

fn no_code(only: Option<&str>) -> anyhow::Error {
    match only {
        Some(p) => anyhow!("pack `{p}` has no [packs.{p}.code] table in accord.toml"),
        None => {
            anyhow!("no pack declares code: add [packs.NAME.code] with language, root and entry")
        }
    }
}

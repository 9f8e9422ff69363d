//! `accord surface snapshot [PACK]` / `accord surface check [PACK]`: the committed API
//! surface of each pack's code (`[packs.NAME.code]`), and drift between code and snapshot.

use crate::cli::Ctx;
use crate::output::{FindingFormat, exit_code, render_findings};
use crate::workspace::Workspace;
use crate::{EXIT_CLEAN, EXIT_FAILED};
use accord_model::{Finding, Location};
use accord_surface::snapshot::{
    code_entry, drift, extract_pack_with, read_snapshot, snapshot_paths, write_snapshot,
};
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
    let ws = Workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
    if write {
        return snapshot(&ws, args.pack.as_deref(), ctx);
    }
    let findings = drift_findings(&ws, args.pack.as_deref(), Some(ctx))?;
    render_findings(ctx, args.format, &ws.root, &findings, None, None)?;
    Ok(exit_code(&findings))
}

fn snapshot(ws: &Workspace, only: Option<&str>, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let contracts_dir = ws.root.join(&ws.manifest.contracts.dir);
    let mut any = false;
    let mut notes = Vec::new();
    for pack in &ws.manifest.packs {
        if only.is_some_and(|p| !pack.answers_to(p)) {
            continue;
        }
        let Some(entry) = code_entry(pack, &ws.manifest.path)? else {
            continue;
        };
        any = true;
        let extraction = extract_pack_with(&ws.root, &entry, &cached(ws))?;
        let (surface, findings) = (extraction.surface, extraction.findings);
        notes.extend(findings);
        for p in write_snapshot(&contracts_dir, &pack.name, &surface)? {
            writeln!(
                ctx.out,
                "wrote {}",
                p.strip_prefix(&ws.root).unwrap_or(&p).display()
            )?;
        }
        writeln!(ctx.out, "{}: {} symbols", pack.name, surface.symbols.len())?;
    }
    if !any {
        return Err(no_code(only));
    }
    if !notes.is_empty() {
        render_findings(ctx, FindingFormat::Human, &ws.root, &notes, None, None)?;
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

/// Drift between each pack's code and its committed surface, as findings classified like
/// any API change. `ctx` receives a note for packs without a committed surface (for
/// `accord check` a missing snapshot is simply not checked yet).
pub fn drift_findings(
    ws: &Workspace,
    only: Option<&str>,
    mut ctx: Option<&mut Ctx>,
) -> anyhow::Result<Vec<Finding>> {
    let contracts_dir = ws.root.join(&ws.manifest.contracts.dir);
    let mut any = false;
    let mut all = Vec::new();
    for pack in &ws.manifest.packs {
        if only.is_some_and(|p| !pack.answers_to(p)) {
            continue;
        }
        let Some(entry) = code_entry(pack, &ws.manifest.path)? else {
            continue;
        };
        any = true;
        let extraction = extract_pack_with(&ws.root, &entry, &cached(ws))?;
        let (surface, findings) = (extraction.surface, extraction.findings);
        all.extend(findings.into_iter().map(|f| under_root(f, &entry.root)));
        let (json, _) = snapshot_paths(&contracts_dir, &pack.name);
        let rel = json
            .strip_prefix(&ws.root)
            .unwrap_or(&json)
            .to_string_lossy()
            .replace('\\', "/");
        match read_snapshot(&json)? {
            None => {
                if let Some(ctx) = ctx.as_deref_mut() {
                    writeln!(
                        ctx.err,
                        "note: {}: no committed surface at {rel}; run `accord surface snapshot {}`",
                        pack.name, pack.name
                    )?;
                }
            }
            Some(committed) => all.extend(
                drift(
                    &committed,
                    &surface,
                    &pack.name,
                    &rel,
                    accord_diff::code::diff_surfaces,
                )
                .into_iter()
                .map(|f| under_root(f, &entry.root)),
            ),
        }
    }
    if !any && only.is_some() {
        return Err(no_code(only));
    }
    Ok(all)
}

/// Extractors report paths relative to the package root; findings speak repository paths.
pub fn under_root(mut finding: Finding, root: &str) -> Finding {
    let root = root.trim_matches('/');
    if !root.is_empty() && root != "." && !finding.location.path.is_empty() {
        finding.location = Location {
            path: format!("{root}/{}", finding.location.path),
            ..finding.location
        };
    }
    finding
}

/// Extraction options with the parse cache outside the repository (`$ACCORD_CACHE_DIR`, else
/// the user's cache directory): a re-run after editing one file re-parses that file only.
/// Without a usable location (no home, or one inside the repository, which the change under
/// review could write) every file is parsed: slower, never wrong.
fn cached(ws: &Workspace) -> accord_surface::Options {
    accord_surface::Options {
        cache_dir: accord_surface::cache::default_dir(&ws.root).ok(),
        ..Default::default()
    }
}

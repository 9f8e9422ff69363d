//! `accord surface snapshot [PACK]` / `accord surface check [PACK]`: the committed API
//! surface of each pack's code (`[packs.NAME.code]`), and drift between code and snapshot.

use crate::cli::Ctx;
use crate::workspace::Workspace;
use crate::{EXIT_CLEAN, EXIT_FAILED};
use accord_model::Level;
use accord_surface::snapshot::{code_entry, drift, extract_pack, read_snapshot, snapshot_paths, write_snapshot};
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
}

pub fn run(command: Command, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let (args, write) = match command {
        Command::Snapshot(a) => (a, true),
        Command::Check(a) => (a, false),
    };
    let ws = Workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
    let contracts_dir = ws.root.join(&ws.manifest.contracts.dir);
    let mut any = false;
    let mut all_findings = Vec::new();
    for pack in &ws.manifest.packs {
        if args.pack.as_deref().is_some_and(|p| !pack.answers_to(p)) {
            continue;
        }
        let Some(entry) = code_entry(pack, &ws.manifest.path)? else { continue };
        any = true;
        let (surface, findings) = extract_pack(&ws.root, &entry)?;
        all_findings.extend(findings);
        if write {
            let written = write_snapshot(&contracts_dir, &pack.name, &surface)?;
            for p in written {
                writeln!(ctx.out, "wrote {}", p.strip_prefix(&ws.root).unwrap_or(&p).display())?;
            }
            writeln!(ctx.out, "{}: {} symbols", pack.name, surface.symbols.len())?;
        } else {
            let (json, _) = snapshot_paths(&contracts_dir, &pack.name);
            let rel = json.strip_prefix(&ws.root).unwrap_or(&json).display().to_string();
            match read_snapshot(&json)? {
                None => writeln!(ctx.err, "{}: no committed surface at {rel}; run `accord surface snapshot {}`", pack.name, pack.name)?,
                Some(committed) => {
                    all_findings.extend(drift(&committed, &surface, &pack.name, &rel, accord_diff::code::diff_surfaces));
                }
            }
        }
    }
    if !any {
        return Err(match &args.pack {
            Some(p) => anyhow!("pack `{p}` has no [packs.{p}.code] table in accord.toml"),
            None => anyhow!("no pack declares code: add [packs.NAME.code] with language, root and entry"),
        });
    }
    for f in &all_findings {
        writeln!(ctx.out, "{}:{}:{}: {} [{}] {}", f.location.path, f.location.line, f.location.column, f.class, f.rule, f.message)?;
    }
    let failed = all_findings.iter().any(|f| f.level == Level::Error);
    Ok(if failed && !write { EXIT_FAILED } else { EXIT_CLEAN })
}

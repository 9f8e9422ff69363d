//! `accord tests [PACK]`: TestSmith's view of each pack with code — how many of its stable
//! exports some test uses, the references found (symbol → test file:line) and the findings
//! `accord check` reports about them. Exit 1 when a finding is at level error.

use crate::cli::Ctx;
use crate::output::{FindingFormat, exit_code, render_findings};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this pack (default: every pack with a `[packs.NAME.code]` table).
    pack: Option<String>,
    /// Repository directory holding accord.toml (default: search upwards).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// `json` prints the packs with their references and the findings as one object.
    #[arg(long, value_enum, default_value_t = FindingFormat::Human)]
    format: FindingFormat,
}

pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let ws = crate::workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
    let (packs, findings) = accord_engine::testsmith::report(&ws, args.pack.as_deref())?;
    if args.format == FindingFormat::Json {
        let packs: Vec<serde_json::Value> = packs
            .iter()
            .map(|p| {
                serde_json::json!({
                    "pack": p.pack,
                    "required": p.required,
                    "tested": p.tested,
                    "test_files": p.files,
                    "test_refs": p.refs,
                })
            })
            .collect();
        let out = serde_json::json!({ "packs": packs, "findings": findings });
        writeln!(ctx.out, "{}", serde_json::to_string_pretty(&out)?)?;
        return Ok(exit_code(&findings));
    }
    for p in &packs {
        writeln!(
            ctx.out,
            "{}: {} of {} stable exports tested ({} references in {} test files)",
            p.pack,
            p.tested,
            p.required,
            p.refs.len(),
            p.files
        )?;
    }
    if !findings.is_empty() {
        render_findings(ctx, args.format, &ws.root, &findings, None, None)?;
    }
    Ok(exit_code(&findings))
}

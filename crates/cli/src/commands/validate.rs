//! `accord validate CONTRACT [ARTIFACT...]`: check named artifacts against one contract.

use crate::cli::Ctx;
use crate::output::{FindingFormat, exit_code, render_findings};
use anyhow::anyhow;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The contract: its file path, its file name, or its name.
    contract: String,
    /// Artifacts to check (default: everything its location matches).
    artifacts: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FindingFormat::Human)]
    format: FindingFormat,
}

pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let ws = crate::workspace::load(ctx.manifest.as_deref(), None)?;
    let registry = accord_contract::load_registry(&ws.root, &ws.manifest)?;
    let wanted = args.contract.trim();
    let contract = registry
        .contracts
        .iter()
        .find(|c| {
            c.path == wanted
                || c.path.rsplit('/').next() == Some(wanted)
                || c.name == wanted
                || ws.root.join(&c.path) == Path::new(wanted)
        })
        .ok_or_else(|| {
            anyhow!(
                "no contract `{wanted}` in {} (run `accord contracts list`)",
                ws.manifest.contracts.dir
            )
        })?;
    let report = if args.artifacts.is_empty() {
        accord_contract::conformance::check_conformance(
            &ws.root,
            &ws.manifest,
            std::slice::from_ref(contract),
            &crate::output::conformance_options(args.format),
        )?
    } else {
        accord_contract::conformance::validate_artifacts(
            &ws.root,
            &ws.manifest,
            contract,
            &artifacts_from_cwd(&args.artifacts)?,
        )?
    };
    render_findings(ctx, args.format, &ws.root, &report.findings, None, None)?;
    Ok(exit_code(&report.findings))
}

/// Artifacts are named as the user sees them from the current directory; the library
/// resolves relative paths against the repository root, so make them absolute first.
fn artifacts_from_cwd(artifacts: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let cwd = std::env::current_dir()?;
    Ok(artifacts.iter().map(|a| cwd.join(a)).collect())
}

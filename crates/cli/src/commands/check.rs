//! `accord check`: everything Accord can say about a repository.

use crate::cli::Ctx;
use crate::output::{FindingFormat, exit_code, render_findings};
use crate::workspace::Workspace;
use accord_model::Finding;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Repository directory holding accord.toml (default: the nearest one above the current directory).
    dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FindingFormat::Human)]
    format: FindingFormat,
}

pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let ws = Workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
    let registry = accord_contract::load_registry(&ws.root, &ws.manifest)?;
    let mut findings: Vec<Finding> = registry.findings;
    findings.extend(accord_contract::lint_registry(
        &ws.manifest,
        &registry.contracts,
        &registry.sources,
    ));
    let conformance = accord_contract::conformance::check_conformance(
        &ws.root,
        &ws.manifest,
        &registry.contracts,
        &crate::output::conformance_options(args.format),
    )?;
    findings.extend(conformance.findings);
    let details = serde_json::json!({ "conformance": conformance.matches });
    render_findings(ctx, args.format, &ws.root, &findings, None, Some(&details))?;
    Ok(exit_code(&findings))
}

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
    // Without a base revision there is no change under review: a SAFE migration finding
    // ("creates table") only narrates history, so only problems are kept.
    findings.extend(
        accord_sql::check_migrations(&ws.root, &ws.manifest, &registry.contracts, None)?
            .into_iter()
            .filter(|f| f.class != accord_model::Class::Safe),
    );
    if args.format == FindingFormat::Human {
        write_overview(ctx, &ws, &registry.contracts, &conformance.matches)?;
    }
    let details = serde_json::json!({ "conformance": conformance.matches });
    render_findings(ctx, args.format, &ws.root, &findings, None, Some(&details))?;
    Ok(exit_code(&findings))
}

/// What was looked at, so a clean run says more than "nothing found".
fn write_overview(
    ctx: &mut Ctx,
    ws: &Workspace,
    contracts: &[accord_model::contract::Contract],
    matches: &[accord_contract::conformance::ContractMatches],
) -> anyhow::Result<()> {
    let manifest = &ws.manifest;
    writeln!(
        ctx.out,
        "{} {}: {} pack{}, {} contract{} in {}",
        if manifest.project.name.is_empty() {
            "project"
        } else {
            manifest.project.name.as_str()
        },
        manifest
            .project
            .version
            .as_deref()
            .map(|v| format!("v{v}"))
            .unwrap_or_default(),
        manifest.packs.len(),
        if manifest.packs.len() == 1 { "" } else { "s" },
        contracts.len(),
        if contracts.len() == 1 { "" } else { "s" },
        manifest.contracts.dir
    )?;
    for m in matches {
        let slugs: Vec<String> = m
            .slugs
            .iter()
            .map(|(name, values)| format!("{name}: {}", values.join(", ")))
            .collect();
        writeln!(
            ctx.out,
            "  {:<48} {:>3} artifact{}{}",
            m.contract,
            m.artifacts,
            if m.artifacts == 1 { " " } else { "s" },
            if slugs.is_empty() {
                String::new()
            } else {
                format!("  ({})", slugs.join("; "))
            }
        )?;
    }
    writeln!(ctx.out)?;
    Ok(())
}

//! `accord vet`: every extension of the inclusion list against its tier.

use crate::cli::Ctx;
use crate::output::{FindingFormat, exit_code, render_findings};
use std::collections::BTreeMap;
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
    let ws = crate::workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
    let (config, _) = accord_engine::vet_config(&ws.manifest, &ws.manifest_text)?;
    let tree = accord_vcs::WorkingTree::new(&ws.root);
    let list = accord_vet::load_list(&tree, &config)?;
    let findings = accord_vet::rules::run(&tree, &config, &list)?;
    if args.format == FindingFormat::Human {
        let mut per_tier: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for ext in &list.extensions {
            let failing = findings
                .iter()
                .any(|f| f.contract.as_deref() == Some(&format!("extension {}", ext.name)));
            let entry = per_tier.entry(ext.tier.as_str()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(!failing);
        }
        writeln!(
            ctx.out,
            "{}: {} extension{} in {} tier{}",
            list.path,
            list.extensions.len(),
            if list.extensions.len() == 1 { "" } else { "s" },
            per_tier.len(),
            if per_tier.len() == 1 { "" } else { "s" },
        )?;
        for tier in &config.tiers {
            if let Some((all, passing)) = per_tier.get(tier.name.as_str()) {
                let conformance = tier.min_conformance.map_or("best effort".to_string(), |m| {
                    format!("≥ {m} % conformance")
                });
                writeln!(
                    ctx.out,
                    "  {:<16} {passing:>3} of {all:>3} pass   ({conformance}{}, profile {})",
                    tier.name,
                    if tier.review { ", reviewed" } else { "" },
                    tier.profile
                )?;
            }
        }
        writeln!(ctx.out)?;
    }
    render_findings(ctx, args.format, &ws.root, &findings, None, None)?;
    Ok(exit_code(&findings))
}

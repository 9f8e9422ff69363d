//! `accord rules`: the catalogue.

use crate::EXIT_CLEAN;
use crate::catalog;
use crate::cli::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Only rules of this group (registry, conformance, contract-change, …).
    #[arg(long)]
    group: Option<String>,
}

pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let rules: Vec<_> = catalog()
        .iter()
        .filter(|r| args.group.as_deref().is_none_or(|g| r.group == g))
        .collect();
    if args.json {
        let rows: Vec<_> = rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "group": r.group, "class": r.class,
                    "required_bump": r.bump, "summary": r.summary,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *ctx.out, &rows)?;
        writeln!(ctx.out)?;
        return Ok(EXIT_CLEAN);
    }
    let id_width = rules.iter().map(|r| r.id.len()).max().unwrap_or(2);
    let group_width = rules.iter().map(|r| r.group.len()).max().unwrap_or(5);
    writeln!(
        ctx.out,
        "{:<id_width$}  {:<group_width$}  {:<8}  {:<5}  SUMMARY",
        "RULE", "GROUP", "CLASS", "BUMP"
    )?;
    for r in &rules {
        writeln!(
            ctx.out,
            "{:<id_width$}  {:<group_width$}  {:<8}  {:<5}  {}",
            r.id, r.group, r.class, r.bump, r.summary
        )?;
    }
    Ok(EXIT_CLEAN)
}

//! `accord gate [NAME…]`: evaluates the metric gates of `accord.toml`.

use crate::cli::Ctx;
use crate::output::{FindingFormat, exit_code, render_findings};
use accord_gate::{Evaluation, Gate, number, percent};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Gates to evaluate (default: every `[gates.NAME]`).
    names: Vec<String>,
    /// Repository directory holding accord.toml (default: the nearest one above the current directory).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FindingFormat::Human)]
    format: FindingFormat,
}

pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let ws = crate::workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
    let run = accord_engine::run_gates(&ws, &args.names)?;
    if args.format == FindingFormat::Human {
        if run.gates.is_empty() {
            writeln!(ctx.out, "no gates: accord.toml declares no [gates.NAME]")?;
        } else {
            write_table(ctx.out, &run.gates, &run.evaluations)?;
            writeln!(ctx.out)?;
        }
    }
    let details = serde_json::json!({ "gates": run.evaluations });
    render_findings(
        ctx,
        args.format,
        &ws.root,
        &run.findings,
        None,
        Some(&details),
    )?;
    Ok(exit_code(&run.findings))
}

fn write_table(out: &mut dyn Write, gates: &[Gate], evals: &[Evaluation]) -> std::io::Result<()> {
    let header = ["gate", "value", "threshold", "baseline", "delta", "verdict"];
    let rows: Vec<[String; 6]> = gates
        .iter()
        .zip(evals)
        .map(|(g, e)| {
            let unit = g.unit.as_str();
            let with_unit = |v: f64| {
                if unit == "%" {
                    format!("{}%", number(v))
                } else {
                    format!("{} {unit}", number(v))
                }
            };
            [
                g.name.clone(),
                e.value.map_or_else(|| "—".to_string(), with_unit),
                format!("{} {}", g.comparison.as_str(), with_unit(g.threshold)),
                e.baseline.map_or_else(|| "—".to_string(), with_unit),
                e.regression_percent
                    .map_or_else(|| "—".to_string(), percent),
                e.verdict.as_str().to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |out: &mut dyn Write, cells: &[&str]| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            text.extend(std::iter::repeat_n(' ', w - cell.chars().count()));
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(out, &header)?;
    for row in &rows {
        line(out, &row.each_ref().map(String::as_str))?;
    }
    Ok(())
}

//! `accord contracts list`: the registry table of seed 001.

use crate::EXIT_CLEAN;
use crate::cli::Ctx;
use accord_model::contract::Contract;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Print the registry: Contract | Version | Status | Provider | Consumer.
    List(ListArgs),
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Repository directory (default: the one holding the nearest accord.toml).
    dir: Option<PathBuf>,
    /// `table` for a terminal, `markdown` to paste into docs, `json` for tools.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Markdown,
    Json,
}

pub fn run(command: Command, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let Command::List(args) = command;
    let ws = crate::workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
    let registry = accord_contract::load_registry(&ws.root, &ws.manifest)?;
    let mut contracts: Vec<&Contract> = registry.contracts.iter().collect();
    contracts.sort_by(|a, b| a.path.cmp(&b.path));
    match args.format {
        ListFormat::Json => {
            let rows: Vec<_> = contracts
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "contract": c.name, "version": c.version, "status": c.status_text,
                        "provider": c.provider, "consumers": c.consumers, "path": c.path,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *ctx.out, &rows)?;
            writeln!(ctx.out)?;
        }
        ListFormat::Markdown => {
            // Linked as from a README beside the contracts folder (seed 001's layout).
            let dir = ws.manifest.contracts.dir.trim_end_matches('/');
            let readme = match dir.rsplit_once('/') {
                Some((parent, _)) => format!("{parent}/README.md"),
                None => "README.md".to_string(),
            };
            for row in accord_contract::governance::registry_rows(&registry.contracts, &readme) {
                writeln!(ctx.out, "{row}")?;
            }
        }
        ListFormat::Table => {
            let rows: Vec<[String; 5]> = contracts
                .iter()
                .map(|c| {
                    [
                        pair_label(c),
                        c.version.clone(),
                        c.status_text.clone(),
                        c.provider.clone(),
                        c.consumers.join(", "),
                    ]
                })
                .collect();
            let header = ["CONTRACT", "VERSION", "STATUS", "PROVIDER", "CONSUMER"];
            let mut widths = header.map(|h| h.chars().count());
            for row in &rows {
                for (w, cell) in widths.iter_mut().zip(row) {
                    *w = (*w).max(cell.chars().count());
                }
            }
            let line = |cells: [&str; 5]| {
                cells
                    .iter()
                    .zip(widths)
                    .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            writeln!(ctx.out, "{}", line(header))?;
            for row in &rows {
                writeln!(ctx.out, "{}", line(row.each_ref().map(String::as_str)))?;
            }
            if !registry.findings.is_empty() {
                writeln!(
                    ctx.err,
                    "note: {} contract file(s) could not be parsed; run `accord check` for details",
                    registry.findings.len()
                )?;
            }
        }
    }
    Ok(EXIT_CLEAN)
}

/// `Provider → Consumer`, the label seed 001's registry table uses.
fn pair_label(c: &Contract) -> String {
    format!("{} → {}", c.provider, c.consumers.join(", "))
}

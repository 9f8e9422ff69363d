//! `accord contracts list`: the registry table of seed 001.

use crate::EXIT_CLEAN;
use crate::cli::Ctx;
use crate::workspace::Workspace;
use accord_model::contract::{Contract, Status};
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
    let ws = Workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
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
            writeln!(
                ctx.out,
                "| Contract | Version | Status | Provider | Consumer |"
            )?;
            writeln!(
                ctx.out,
                "|----------|---------|--------|----------|----------|"
            )?;
            let link_dir = link_prefix(&ws.manifest.contracts.dir);
            for c in &contracts {
                let file = c.path.rsplit('/').next().unwrap_or(&c.path);
                writeln!(
                    ctx.out,
                    "| [{}]({link_dir}{}) | {} | {} | {} | {} |",
                    escape_cell(&pair_label(c)),
                    file,
                    escape_cell(&c.version),
                    status_badge(c),
                    escape_cell(&c.provider),
                    escape_cell(&c.consumers.join(", "))
                )?;
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

/// Links relative to the folder that holds the contracts folder, as in seed 001
/// (`./contracts/etl-mmos-v1.0.0.yaml` from `docs/expansion-packs/README.md`).
fn link_prefix(contracts_dir: &str) -> String {
    let last = contracts_dir
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("contracts");
    format!("./{last}/")
}

fn status_badge(c: &Contract) -> String {
    match c.status {
        Some(Status::Draft) => "📝 Draft".into(),
        Some(Status::Experimental) => "🧪 Experimental".into(),
        Some(Status::Stable) => "✅ Stable".into(),
        Some(Status::Deprecated) => "⚠️ Deprecated".into(),
        Some(Status::Retired) => "⛔ Retired".into(),
        None => format!("❓ {}", escape_cell(&c.status_text)),
    }
}

fn escape_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

//! `accord new adr|proposal|story|contract|migration TITLE`: a correctly named file from
//! seed 000's template, with `TODO:` placeholders that `accord check` reports until they are
//! filled in. Written through `accord-fs`, never over an existing file.

use crate::EXIT_CLEAN;
use crate::cli::Ctx;
use accord_contract::governance::documents::{
    DocKind, NewDocument, document_file_name, highest_number, render_document, slugify,
};
use anyhow::{anyhow, bail};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to write.
    #[arg(value_enum)]
    kind: Kind,
    /// The title (several words are joined by spaces).
    #[arg(required = true, num_args = 1..)]
    title: Vec<String>,
    /// Repository directory (default: the one holding the nearest accord.toml).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// A contract's provider pack.
    #[arg(long, required_if_eq("kind", "contract"))]
    provider: Option<String>,
    /// A contract's consumer pack.
    #[arg(long, required_if_eq("kind", "contract"))]
    consumer: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// An Architecture Decision Record, numbered after the highest one.
    Adr,
    /// An epic proposal, dated today.
    Proposal,
    /// A cross-pack story, numbered after the highest one.
    Story,
    /// A contract `{provider}-{consumer}-v1.0.0.yaml` between two packs.
    Contract,
    /// A migration `YYYYMMDD-HHMMSS-title.sql` with its `-- Epic:` and `-- Packs affected:` header.
    Migration,
}

pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let ws = crate::workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
    let title = args.title.join(" ").trim().to_string();
    if title.is_empty() || title.contains('\n') {
        bail!("the title must be one non-empty line");
    }
    let config = accord_engine::governance::governance_config(&ws)?;
    let now = time::OffsetDateTime::now_utc();
    let date = accord_model::date::format_date(now.date());
    let (path, text) = match args.kind {
        Kind::Adr | Kind::Proposal | Kind::Story => {
            let (kind, dir, prefix) = match args.kind {
                Kind::Adr => (DocKind::Adr, &config.adrs_dir, "ADR-"),
                Kind::Proposal => (DocKind::Proposal, &config.proposals_dir, ""),
                _ => (DocKind::Story, &config.stories_dir, "STORY-"),
            };
            if dir.is_empty() {
                bail!(
                    "`[governance]` of {} turns this kind of document off (its directory is \"\")",
                    ws.manifest.path
                );
            }
            let number = if prefix.is_empty() {
                0
            } else {
                highest_number(&accord_engine::governance::documents_in(&ws, dir)?, prefix) + 1
            };
            let doc = NewDocument {
                title: &title,
                number,
                date: &date,
            };
            (
                format!("{dir}/{}", document_file_name(kind, &doc)),
                render_document(kind, &doc),
            )
        }
        Kind::Contract => {
            let party = |flag: &str, name: Option<&String>| -> anyhow::Result<_> {
                let name = name.ok_or_else(|| anyhow!("--{flag} is required for a contract"))?;
                ws.manifest.pack(name).ok_or_else(|| {
                    let names: Vec<&str> =
                        ws.manifest.packs.iter().map(|p| p.name.as_str()).collect();
                    let hint = accord_contract::did_you_mean(name, &names)
                        .map(|n| format!("; did you mean `{n}`?"))
                        .unwrap_or_default();
                    anyhow!(
                        "--{flag} `{name}` is no pack of {}{hint} (packs: {})",
                        ws.manifest.path,
                        names.join(", ")
                    )
                })
            };
            let provider = party("provider", args.provider.as_ref())?;
            let consumer = party("consumer", args.consumer.as_ref())?;
            if provider.name == consumer.name {
                bail!(
                    "a contract is between two packs; provider and consumer are both `{}`",
                    provider.name
                );
            }
            (
                format!(
                    "{}/{}-{}-v1.0.0.yaml",
                    ws.manifest.contracts.dir.trim_end_matches('/'),
                    provider.name,
                    consumer.name
                ),
                contract_template(
                    &title,
                    &provider.display_name,
                    &consumer.display_name,
                    &date,
                ),
            )
        }
        Kind::Migration => {
            let database = accord_engine::governance::database_config(&ws)?;
            let stamp = format!(
                "{}-{:02}{:02}{:02}",
                date.replace('-', ""),
                now.hour(),
                now.minute(),
                now.second()
            );
            let name = format!("{stamp}-{}.sql", slugify(&title));
            let path = format!("{}/{name}", database.migrations.trim_end_matches('/'));
            let text = format!(
                "-- {path}\n-- Epic: TODO: EPIC-NNN-name of the epic or proposal\n-- Packs affected: TODO: the packs owning the tables this changes\n-- TODO: {title}: write the statements below (`accord migrate apply` runs the file in a transaction and records it)\n"
            );
            (path, text)
        }
    };
    let fs = ws.fs()?;
    match fs.create_new(&path, text.as_bytes()) {
        Ok(_) => {}
        Err(e) if e.is_already_exists() => {
            bail!("{path} already exists; accord new never overwrites a file")
        }
        Err(e) => return Err(e.into()),
    }
    writeln!(ctx.out, "wrote {path}")?;
    writeln!(
        ctx.out,
        "next: replace its `TODO:` placeholders; `accord check` reports them until you do"
    )?;
    Ok(EXIT_CLEAN)
}

/// No `yaml-language-server` directive yet: the contract schema is in `docs/schemas/` of
/// Accord's repository but hosted nowhere (`SCHEMA_BASE_URL` is a placeholder), and a
/// directive an editor cannot load is worse than none.
fn contract_template(title: &str, provider: &str, consumer: &str, date: &str) -> String {
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    format!(
        r#"contract:
  name: {name}
  version: "1.0.0"
  status: "draft"
  provider: {provider}
  consumer: {consumer}

  interface:
    format: "TODO: the data format (YAML, JSON, Markdown file, directory)"
    location: "TODO: where the provider writes it, e.g. outputs/{{slug}}/file.yaml"
    encoding: "UTF-8"

  backward_compatibility:
    guarantees:
      - "TODO: what the consumer may rely on"

  breaking_changes_history:
    - version: "1.0.0"
      date: "{date}"
      change: "Initial contract definition"
"#,
        name = quoted(&format!("{provider} → {consumer} {title}")),
        provider = quoted(provider),
        consumer = quoted(consumer),
    )
}

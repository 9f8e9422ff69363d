//! `accord approve FINGERPRINT --justification …`: writes one reviewed exception into the
//! approvals file named by `[policy] approvals_file`.
//!
//! The full 16-digit fingerprint is required, not a prefix: a prefix can only be resolved
//! against findings, and the findings that matter are those of `check --base` at the head,
//! which `approve` does not recompute. Reports print the full fingerprint and the command.

use crate::EXIT_CLEAN;
use crate::cli::Ctx;
use anyhow::{Context, anyhow};
use std::path::PathBuf;

/// How long an approval counts when `--expires` is not given.
const DEFAULT_VALIDITY_DAYS: i64 = 90;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The finding's fingerprint (16 hex digits), as the human, Markdown, JSON and SARIF
    /// reports show it.
    fingerprint: String,
    /// Why the exception is acceptable; recorded in the decision and the ledger.
    #[arg(long, short = 'j')]
    justification: String,
    /// Who approves: a person the manifest's `[roles]` name as database owner, integration
    /// owner of the finding's contract (code contracts included, by contract name) or
    /// architect.
    #[arg(long, env = "ACCORD_APPROVER")]
    approver: String,
    /// Last day the approval counts (default: 90 days from today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    expires: Option<String>,
    /// Conditions attached to the approval; each becomes a non-blocking required action.
    #[arg(long = "conditions", alias = "condition", value_name = "TEXT", num_args = 1..)]
    conditions: Vec<String>,
    /// Repository directory holding accord.toml (default: the nearest one above the current directory).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Today's date, for the default expiry and refusing past ones (default: the system date).
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    today: Option<String>,
}

pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let ws = crate::workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
    let policy = accord_policy::Policy::parse(
        ws.manifest.sections.get("policy"),
        &ws.manifest.path,
        &ws.manifest_text,
    )
    .map_err(|e| anyhow!("{e}"))?;
    let today = match &args.today {
        Some(day) => accord_policy::parse_date(day)
            .ok_or_else(|| anyhow!("--today {day}: expected YYYY-MM-DD"))?,
        None => time::OffsetDateTime::now_utc().date(),
    };
    let expires = match &args.expires {
        Some(day) => accord_policy::parse_date(day)
            .ok_or_else(|| anyhow!("--expires {day}: expected a date as YYYY-MM-DD"))?,
        None => today + time::Duration::days(DEFAULT_VALIDITY_DAYS),
    };
    if expires < today {
        return Err(anyhow!(
            "--expires {}: that day has passed; an expired approval lifts nothing",
            accord_policy::format_date(expires)
        ));
    }
    let root = ws.fs()?;
    let file = policy.approvals_file.as_str();
    let existing = match root.read_optional(file)? {
        Some(bytes) => String::from_utf8(bytes).map_err(|_| anyhow!("{file}: not valid UTF-8"))?,
        None => String::new(),
    };
    let entry = accord_policy::NewApproval {
        fingerprint: args.fingerprint,
        justification: args.justification,
        approver: args.approver,
        expires,
        conditions: args.conditions,
    };
    let text = accord_policy::append_approval(file, &existing, &entry)?;
    root.write_atomic(file, text.as_bytes())
        .with_context(|| format!("cannot write {file}"))?;
    writeln!(
        ctx.out,
        "{file}: approved {} by {} until {}; commit the file with the change: `accord check --base` reads approvals at the head",
        entry.fingerprint.trim().to_ascii_lowercase(),
        entry.approver.trim(),
        accord_policy::format_date(expires)
    )?;
    Ok(EXIT_CLEAN)
}

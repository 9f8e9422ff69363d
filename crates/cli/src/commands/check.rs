//! `accord check`: everything Accord can say about a repository.

use crate::changes;
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
    /// Compare against this git revision (e.g. `origin/main`) and decide on the change.
    #[arg(long, value_name = "REF")]
    base: Option<String>,
    /// The revision under review (default: the working tree).
    #[arg(long, value_name = "REF", requires = "base")]
    head: Option<String>,
    /// The pull-request body, for its "Contract Impact:" declaration and review notes.
    #[arg(long, value_name = "FILE", requires = "base")]
    pr_body: Option<PathBuf>,
    /// Write the decision record to the decisions directory and append it to the ledger.
    #[arg(long, requires = "base")]
    record: bool,
    /// Today's date for deprecation windows and approval expiry (default: the system date).
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    today: Option<String>,
}

pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let ws = Workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
    let registry = accord_contract::load_registry(&ws.root, &ws.manifest)?;
    let mut findings: Vec<Finding> = registry.findings.clone();
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
    findings.extend(crate::commands::surface::drift_findings(&ws, None, None)?);
    let Some(base) = args.base.as_deref() else {
        if args.format == FindingFormat::Human {
            write_overview(ctx.out, &ws, &registry.contracts, &conformance.matches)?;
        }
        // Without a base revision there is no change under review: a SAFE migration finding
        // ("creates table") only narrates history, so only problems are kept.
        findings.extend(
            accord_sql::check_migrations(&ws.root, &ws.manifest, &registry.contracts, None)?
                .into_iter()
                .filter(|f| f.class != accord_model::Class::Safe),
        );
        let details = serde_json::json!({ "conformance": conformance.matches });
        render_findings(ctx, args.format, &ws.root, &findings, None, Some(&details))?;
        return Ok(exit_code(&findings));
    };

    let today = match &args.today {
        Some(day) => accord_policy::parse_date(day)
            .ok_or_else(|| anyhow::anyhow!("--today {day}: expected YYYY-MM-DD"))?,
        None => time::OffsetDateTime::now_utc().date(),
    };
    let pr = args.pr_body.as_deref().map(changes::pr_body).transpose()?;
    // Printed only once the revisions resolved, so an unknown base is just an error.
    let mut overview = Vec::new();
    if args.format == FindingFormat::Human {
        write_overview(
            &mut overview,
            &ws,
            &registry.contracts,
            &conformance.matches,
        )?;
    }
    let judged = judge(
        &ws,
        findings,
        base,
        args.head.as_deref(),
        pr,
        today,
        Some(registry.contracts),
    )?;
    let (findings, comparison, policy, result) = (
        judged.findings,
        judged.comparison,
        judged.policy,
        judged.result,
    );
    let decision = result.decision.clone();
    ctx.out.write_all(&overview)?;

    let mut details = serde_json::json!({
        "conformance": conformance.matches,
        "base": { "rev": comparison.base.rev, "commit": comparison.base.commit },
        "head": { "rev": comparison.head.rev, "commit": comparison.head.commit },
        "changed_files": comparison.changed.len(),
    });
    if args.record {
        let record = build_record(&comparison, &policy, &result, &findings, None);
        let path = write_record(&ws, &comparison, &policy, &record)?;
        details["record"] = serde_json::json!(path);
    }
    render_findings(
        ctx,
        args.format,
        &ws.root,
        &findings,
        Some(&decision),
        Some(&details),
    )?;
    Ok(if decision.outcome == accord_model::Outcome::Deny {
        crate::EXIT_FAILED
    } else {
        crate::EXIT_CLEAN
    })
}

/// A change judged by policy.
pub struct Judged {
    /// Every finding, policy applied, the policy's own findings last.
    pub findings: Vec<Finding>,
    /// Both sides and the evidence.
    pub comparison: changes::Comparison,
    /// The effective policy.
    pub policy: accord_policy::Policy,
    /// The decision and what it rests on.
    pub result: accord_policy::PolicyResult,
}

/// Classifies the change from `base` to `head` (working tree when `None`) and decides.
/// `findings` are the violations already found in the working tree (registry, conformance).
pub fn judge(
    ws: &Workspace,
    mut findings: Vec<Finding>,
    base: &str,
    head: Option<&str>,
    pr: Option<accord_policy::PrBody>,
    today: time::Date,
    worktree_contracts: Option<Vec<accord_model::contract::Contract>>,
) -> anyhow::Result<Judged> {
    let today_text = accord_policy::format_date(today);
    let mut comparison = changes::compare(&ws.root, base, head, &today_text, worktree_contracts)?;
    // The working tree was linted already; a revision's parse error of the same file is
    // the same problem, reported once.
    let seen: std::collections::HashSet<(String, String)> = findings
        .iter()
        .map(|f| (f.rule.clone(), f.location.path.clone()))
        .collect();
    findings.extend(
        comparison
            .findings
            .iter()
            .filter(|f| {
                f.rule != "registry-parse-error"
                    || !seen.contains(&(f.rule.clone(), f.location.path.clone()))
            })
            .cloned(),
    );
    findings.extend(accord_sql::check_migration_change(
        &comparison.base_migrations,
        &comparison.head_migrations,
        &comparison.head.manifest,
        &comparison.head.contracts,
    )?);
    comparison.evidence.pr = pr;
    let (policy, approvals) = changes::policy_and_approvals(&ws.root, &comparison.head)?;
    policy.apply(&mut findings);
    let (_, result) = changes::decide(&findings, &comparison, &policy, &approvals, today);
    findings.extend(result.policy_findings.iter().cloned());
    Ok(Judged {
        findings,
        comparison,
        policy,
        result,
    })
}

/// The decision record of a judged change; `timestamp` defaults to now.
pub fn build_record(
    comparison: &changes::Comparison,
    policy: &accord_policy::Policy,
    result: &accord_policy::PolicyResult,
    findings: &[Finding],
    timestamp: Option<String>,
) -> accord_policy::DecisionRecord {
    let inputs = comparison
        .base
        .inputs
        .iter()
        .chain(&comparison.head.inputs)
        .map(|(p, b)| (p.as_str(), b.as_slice()));
    accord_policy::DecisionRecord::new(
        result,
        findings.to_vec(),
        accord_policy::RecordContext {
            base: accord_policy::Revision {
                rev: comparison.base.rev.clone(),
                commit: comparison.base.commit.clone(),
            },
            head: accord_policy::Revision {
                rev: comparison.head.rev.clone(),
                commit: comparison.head.commit.clone(),
            },
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            policy_digest: accord_policy::record::policy_digest(policy),
            inputs_digest: accord_policy::record::inputs_digest(inputs),
            timestamp: timestamp.unwrap_or_else(accord_policy::record::now_rfc3339),
        },
    )
}

/// Writes `decisions/<id>.json` and appends the record to the ledger; returns the file path.
fn write_record(
    ws: &Workspace,
    comparison: &changes::Comparison,
    policy: &accord_policy::Policy,
    record: &accord_policy::DecisionRecord,
) -> anyhow::Result<String> {
    use anyhow::Context;
    let relative = record.file_name(&policy.decisions_dir);
    let path = ws.root.join(&relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    // Write beside and rename, so a crash never leaves half a record.
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, record.to_json())
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))?;
    let target = accord_policy::LedgerTarget::from_manifest(
        &comparison.head.manifest,
        &comparison.head.manifest_text,
        &ws.root,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut ledger = accord_policy::Ledger::open(&target)?;
    ledger.append(record)?;
    Ok(relative)
}
/// What was looked at, so a clean run says more than "nothing found".
fn write_overview(
    out: &mut dyn std::io::Write,
    ws: &Workspace,
    contracts: &[accord_model::contract::Contract],
    matches: &[accord_contract::conformance::ContractMatches],
) -> anyhow::Result<()> {
    let manifest = &ws.manifest;
    writeln!(
        out,
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
    let schema = ws
        .manifest
        .sections
        .contains_key("database")
        .then(|| accord_sql::schema_at(&ws.root, manifest).ok())
        .flatten();
    if let Some(schema) = schema {
        let read: usize = contracts.iter().map(|c| c.interface.tables.len()).sum();
        writeln!(
            out,
            "  {:<48} {:>3} tables   ({} read through database contracts)",
            "database schema (replayed from migrations)",
            schema.tables.len(),
            read
        )?;
    }
    for m in matches {
        let slugs: Vec<String> = m
            .slugs
            .iter()
            .map(|(name, values)| format!("{name}: {}", values.join(", ")))
            .collect();
        writeln!(
            out,
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
    writeln!(out)?;
    Ok(())
}

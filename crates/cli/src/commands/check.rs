//! `accord check`: everything Accord can say about a repository.

use crate::cli::Ctx;
use crate::output::{FindingFormat, exit_code};
use crate::workspace::Workspace;
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
    /// The ledger to append to with --record: `postgres://…`, `sqlite:PATH` or a path.
    /// Takes precedence over ACCORD_LEDGER and `[ledger]` of accord.toml. With CI=true a
    /// ledger chosen by the repository itself is refused.
    #[arg(long, value_name = "SPEC", requires = "record")]
    ledger: Option<String>,
    /// Today's date for deprecation windows and approval expiry (default: the system date).
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    today: Option<String>,
}

pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let ws = crate::workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
    let options = crate::output::conformance_options(args.format);
    let Some(base) = args.base.as_deref() else {
        let checked = accord_engine::check(&ws, &options)?;
        if args.format == FindingFormat::Human {
            write_overview(ctx.out, &ws, &checked.tree)?;
        }
        let details = serde_json::json!({ "conformance": checked.tree.matches });
        let overview = html_overview(&ws, &checked.tree, Vec::new());
        crate::output::render_findings_with(
            ctx,
            args.format,
            &ws.root,
            None,
            &checked.findings,
            None,
            Some(&details),
            Some(&overview),
        )?;
        return Ok(exit_code(&checked.findings));
    };

    let today = match &args.today {
        Some(day) => accord_policy::parse_date(day)
            .ok_or_else(|| anyhow::anyhow!("--today {day}: expected YYYY-MM-DD"))?,
        None => time::OffsetDateTime::now_utc().date(),
    };
    let pr = args.pr_body.as_deref().map(pr_body).transpose()?;
    let judged = accord_engine::judge(
        &ws,
        accord_engine::Request {
            base,
            head: args.head.as_deref(),
            pr,
            today,
        },
        &options,
    )?;
    // Printed only once the revisions resolved, so an unknown base is just an error.
    if args.format == FindingFormat::Human {
        write_overview(ctx.out, &judged.head, &judged.tree)?;
    }
    let comparison = &judged.comparison;
    let mut details = serde_json::json!({
        "conformance": judged.tree.matches,
        "base": { "rev": comparison.base.rev, "commit": comparison.base.commit },
        "head": { "rev": comparison.head.rev, "commit": comparison.head.commit },
        "changed_files": comparison.changed.len(),
    });
    if args.record {
        let head_commit = match args.head {
            Some(_) => None,
            None => accord_engine::clean_head_commit(&ws)?,
        };
        let mut record = accord_engine::build_record(&judged, head_commit, None);
        let target = crate::ledger::target(
            &comparison.head.manifest,
            &comparison.head.manifest_text,
            &ws.root,
            args.ledger.as_deref(),
            crate::ledger::in_ci(),
        )?;
        let written = match accord_engine::write_record(&ws, &judged, &mut record, &target) {
            Ok(written) => written,
            Err(e) if e.is_tampering() => {
                writeln!(ctx.err, "error: {e}")?;
                writeln!(
                    ctx.err,
                    "error: the decision was not recorded: run `accord ledger verify` and restore the ledger"
                )?;
                return Ok(crate::EXIT_FAILED);
            }
            Err(e) => return Err(e.into()),
        };
        details["record"] = serde_json::json!(written.path);
    }
    let decision = &judged.result.decision;
    let revision = |side: &accord_engine::Side| match &side.commit {
        Some(commit) => format!(
            "{} ({})",
            side.rev,
            commit.chars().take(12).collect::<String>()
        ),
        None => side.rev.clone(),
    };
    let facts = vec![
        ("base".to_string(), revision(&comparison.base)),
        ("head".to_string(), revision(&comparison.head)),
        (
            "changed files".to_string(),
            comparison.changed.len().to_string(),
        ),
    ];
    let overview = html_overview(&judged.head, &judged.tree, facts);
    crate::output::render_findings_with(
        ctx,
        args.format,
        &ws.root,
        comparison.head.commit.clone(),
        &judged.findings,
        Some(decision),
        Some(&details),
        Some(&overview),
    )?;
    Ok(if decision.outcome == accord_model::Outcome::Deny {
        crate::EXIT_FAILED
    } else {
        crate::EXIT_CLEAN
    })
}

/// Largest `--pr-body` read: pull-request descriptions are a few kilobytes.
const PR_BODY_LIMIT: u64 = 1024 * 1024;

/// Reads `--pr-body FILE`.
fn pr_body(path: &std::path::Path) -> anyhow::Result<accord_policy::PrBody> {
    let bytes = accord_fs::read_user_file(path, PR_BODY_LIMIT)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: not valid UTF-8 (offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(accord_policy::PrBody {
        path: path.display().to_string(),
        text,
    })
}

/// What was looked at, so a clean run says more than "nothing found".
fn write_overview(
    out: &mut dyn std::io::Write,
    ws: &Workspace,
    tree: &accord_engine::TreeReport,
) -> anyhow::Result<()> {
    let (contracts, matches) = (&tree.contracts, &tree.matches);
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
        let promises: Vec<accord_sql::promise::Promise<'_>> = contracts
            .iter()
            .flat_map(accord_sql::promise::Promise::all)
            .collect();
        let kept = promises.iter().filter(|p| p.kept_by(&schema)).count();
        let promised = match promises.len() {
            0 => String::new(),
            n if kept == n => format!("; {n} keys, indexes and constraints promised, all kept"),
            n => format!("; {kept} of {n} keys, indexes and constraints promised kept"),
        };
        writeln!(
            out,
            "  {:<48} {:>3} tables   ({} read through database contracts{promised})",
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

/// What the HTML report shows beside the findings: the packs, the contracts with what their
/// locations matched, and the pack graph the tree check built.
fn html_overview<'a>(
    ws: &Workspace,
    tree: &'a accord_engine::TreeReport,
    facts: Vec<(String, String)>,
) -> accord_report::Overview<'a> {
    let project = &ws.manifest.project;
    let mut title = if project.name.is_empty() {
        "project".to_string()
    } else {
        project.name.clone()
    };
    if let Some(version) = &project.version {
        title.push_str(&format!(" v{version}"));
    }
    let packs = ws
        .manifest
        .packs
        .iter()
        .map(|pack| accord_report::PackRow {
            name: pack.name.clone(),
            display_name: pack.display_name.clone(),
            paths: pack.paths.clone(),
        })
        .collect();
    let contracts = tree
        .contracts
        .iter()
        .map(|c| accord_report::ContractRow {
            name: c.name.clone(),
            version: c.version.clone(),
            status: c.status_text.clone(),
            provider: c.provider.clone(),
            consumers: c.consumers.clone(),
            path: c.path.clone(),
            artifacts: tree
                .matches
                .iter()
                .find(|m| m.path == c.path)
                .map(|m| m.artifacts),
        })
        .collect();
    accord_report::Overview {
        title,
        facts,
        packs,
        contracts,
        graph: Some(&tree.arch.graph),
    }
}

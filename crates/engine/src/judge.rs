//! The pipeline: a tree, or a change between two revisions, to findings and a decision.

use crate::compare::{Comparison, compare, policy_and_approvals, prefix_of};
use crate::tree::{TreeReport, check_tree};
use crate::{EngineError, Workspace};
use accord_contract::conformance::ConformanceOptions;
use accord_model::{Class, Finding};
use accord_policy::{Policy, PolicyResult, PrBody};
use accord_vcs::Repo;
use std::collections::HashSet;
use std::path::Path;

/// What `accord check` without a base revision finds in a tree.
#[derive(Debug)]
pub struct Checked {
    /// Every finding.
    pub findings: Vec<Finding>,
    /// What was looked at.
    pub tree: TreeReport,
}

/// Checks the tree of `ws` with no change to judge.
pub fn check(ws: &Workspace, options: &ConformanceOptions) -> Result<Checked, EngineError> {
    crate::compare::parse_policy(&ws.manifest, &ws.manifest_text)?;
    let tree = check_tree(ws, options)?;
    let mut findings = tree.findings.clone();
    crate::security::apply_approvals(ws, &mut findings, time::OffsetDateTime::now_utc().date())?;
    // Without a change under review a SAFE migration finding ("creates table") only
    // narrates history: only problems are kept.
    findings.extend(
        accord_sql::check_migrations(&ws.root, &ws.manifest, &tree.contracts, None)?
            .into_iter()
            .filter(|f| f.class != Class::Safe),
    );
    Ok(Checked { findings, tree })
}

/// A change to judge.
#[derive(Debug)]
pub struct Request<'a> {
    /// The base revision (`origin/main`, a commit).
    pub base: &'a str,
    /// The revision under review; `None` is the working tree.
    pub head: Option<&'a str>,
    /// The pull-request body, for its "Contract Impact:" declaration and review notes.
    pub pr: Option<PrBody>,
    /// Today, for deprecation windows and approval expiry.
    pub today: time::Date,
}

/// A change judged by policy.
pub struct Judged {
    /// Every finding, policy applied, the policy's own findings last.
    pub findings: Vec<Finding>,
    /// The head's tree check (registry, conformance, surface drift).
    pub tree: TreeReport,
    /// The head as a workspace (a revision is materialized in a temporary directory).
    pub head: Workspace,
    /// Both sides and the evidence.
    pub comparison: Comparison,
    /// The effective policy.
    pub policy: Policy,
    /// The decision and what it rests on.
    pub result: PolicyResult,
    /// Keeps a materialized head alive as long as the result.
    _materialized: Option<tempfile::TempDir>,
}

impl std::fmt::Debug for Judged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Judged")
            .field("findings", &self.findings.len())
            .field("outcome", &self.result.decision.outcome)
            .finish()
    }
}

/// Opens the git repository holding `root`.
pub(crate) fn open_repo(root: &Path) -> Result<Repo, EngineError> {
    Repo::open(root).map_err(|e| match e {
        accord_vcs::VcsError::NotARepo { .. } => EngineError::NoManifest(format!(
            "--base needs a git repository at {}: {e}",
            root.display()
        )),
        other => other.into(),
    })
}

/// Classifies the change from `request.base` to `request.head` and decides.
///
/// Everything about the head comes from the head: with a revision, its files are
/// materialized from git objects into a temporary directory and checked there, so the
/// decision never depends on what the working tree holds (and a recorded decision can be
/// recomputed later from its revisions alone).
pub fn judge(
    ws: &Workspace,
    request: Request<'_>,
    options: &ConformanceOptions,
) -> Result<Judged, EngineError> {
    let repo = open_repo(&ws.root)?;
    let prefix = prefix_of(&repo, &ws.root)?;
    // Both revisions resolve before any work, so a typo is just an error.
    repo.resolve(request.base)?;
    let (head, materialized) = match request.head {
        None => (ws.clone(), None),
        Some(rev) => {
            let tree = repo.at(rev)?;
            let dir = tempfile::Builder::new()
                .prefix("accord-head-")
                .tempdir()
                .map_err(|source| EngineError::Io {
                    context: "cannot create a temporary directory for the head".into(),
                    source,
                })?;
            let root = accord_fs::Root::open(dir.path())?;
            tree.materialize(prefix.trim_end_matches('/'), &root)?;
            let manifest = dir.path().join("accord.toml");
            if !manifest.is_file() {
                return Err(EngineError::NoManifest(format!("no accord.toml at {rev}")));
            }
            (Workspace::at(&manifest)?, Some(dir))
        }
    };
    let tree = check_tree(&head, options)?;
    let today_text = accord_policy::format_date(request.today);
    let mut comparison = compare(
        &repo,
        &prefix,
        request.base,
        request.head,
        &today_text,
        Some(tree.contracts.clone()),
    )?;
    let mut findings = tree.findings.clone();
    crate::security::without_tree_secrets(&mut findings);
    // The head's parse errors are reported by its tree check; the base's parse error of the
    // same file is the same problem, reported once.
    let seen: HashSet<(String, String)> = findings
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
    let removed_extensions = crate::vet::removed_extensions(&comparison)?;
    // Read before the changelog duties: removed and newly deprecated CLI flags are changes
    // the CHANGELOG must name.
    let cli_windows = crate::window::cli_window_findings(&head, &repo, &prefix, request.base)?;
    let changes: Vec<Finding> = comparison
        .findings
        .iter()
        .chain(&removed_extensions)
        .chain(cli_windows.iter().filter(|f| {
            f.rule == crate::rules::CLI_FLAG_REMOVED.id
                || f.rule == crate::rules::CLI_FLAG_DEPRECATED.id
        }))
        .cloned()
        .collect();
    findings.extend(crate::release::changelog_findings(
        &head,
        &changes,
        &repo,
        &prefix,
        request.base,
    )?);
    findings.extend(removed_extensions);
    let mut windows = crate::window::window_findings(&head, &repo, &prefix, request.base)?;
    windows.extend(crate::window::shallow_without_releases(&head, &repo)?);
    windows.extend(cli_windows);
    windows.extend(crate::window::contract_window_findings(
        &head,
        &comparison,
        &repo,
        &prefix,
    )?);
    // The CLI and contract counts both read each release's version: a manifest unreadable
    // at a tag is one note, not one per count.
    let mut notes = HashSet::new();
    windows.retain(|f| {
        f.rule != "deprecation-history-unreadable"
            || notes.insert((f.message.clone(), f.location.path.clone()))
    });
    findings.extend(windows);
    findings.extend(crate::vet::audit_change(&comparison)?);
    findings.extend(crate::governance::check_change(
        &head,
        &comparison.evidence,
        &comparison.head_migrations,
        &comparison.base.manifest,
        request.today,
    )?);
    comparison.evidence.pr = request.pr;
    let (policy, approvals) = policy_and_approvals(&comparison.head)?;
    crate::arch::attach_usages(
        &tree.arch,
        &mut findings,
        &mut comparison.evidence,
        policy.consider_usage,
    );
    policy.apply(&mut findings);
    let result = accord_policy::decide(
        &findings,
        &comparison.evidence,
        &policy,
        &approvals,
        &comparison.head.manifest,
        request.today,
    );
    findings.extend(result.policy_findings.iter().cloned());
    Ok(Judged {
        findings,
        tree,
        head,
        comparison,
        policy,
        result,
        _materialized: materialized,
    })
}

//! Runs every rule over a migration set, statement by statement against the replayed
//! schema, and applies `-- accord:allow` suppressions.

use crate::config::DatabaseConfig;
use crate::effect::Effect;
use crate::migration::{Migration, Stmt, Suppression, parse_file_name};
use crate::rules::{self, Check, Env, FileCtx, ProjectCtx, Session, StmtCtx, finding_at};
use crate::schema::Schema;
use accord_model::Finding;
use accord_model::contract::Contract;
use accord_model::manifest::Manifest;
use std::collections::{BTreeMap, BTreeSet};

/// What to lint against.
#[derive(Debug, Clone, Copy)]
pub struct LintOptions<'a> {
    /// `[database]`.
    pub config: &'a DatabaseConfig,
    /// The manifest (owners, DBA packs, clearances), when there is one.
    pub manifest: Option<&'a Manifest>,
    /// Parsed contracts (database contracts are the ones that matter).
    pub contracts: &'a [Contract],
    /// Contract file texts by contract path, to locate findings in them (may be empty).
    pub contract_texts: &'a BTreeMap<String, String>,
    /// Report only on these migration paths (the new ones); all when `None`. Every
    /// migration is still replayed so the schema is right.
    pub only: Option<&'a BTreeSet<String>>,
    /// Versions already applied or committed, besides the migrations outside `only`.
    pub baseline: &'a [String],
    /// Also run the project-wide rules (contract privacy).
    pub project_rules: bool,
}

/// Lints `migrations` (in apply order) and returns the findings, sorted by place.
pub fn lint(migrations: &[Migration], opts: &LintOptions<'_>) -> Vec<Finding> {
    let paths: Vec<&str> = migrations.iter().map(|m| m.path.as_str()).collect();
    let result: Result<_, std::convert::Infallible> = lint_each(
        &paths,
        |i| Ok(std::borrow::Cow::Borrowed(&migrations[i])),
        opts,
    );
    let Ok(findings) = result;
    findings
}

/// Lints the migrations of `source` one at a time: each file is read and parsed when the
/// linter reaches it and its statements are dropped once it has been linted, so memory
/// stays bounded by the largest file and the schema, whatever the number of migrations.
///
/// Linting is sequential (each statement is judged against the schema every earlier one
/// left), but reading and parsing are not: a second thread parses up to
/// [`PARSED_AHEAD`] files ahead of the linter, so the two halves overlap and memory stays
/// bounded by that many files.
pub fn lint_streaming(
    source: &crate::migration::Pending,
    opts: &LintOptions<'_>,
) -> Result<Vec<Finding>, crate::SqlError> {
    let paths: Vec<&str> = source.paths().collect();
    let count = paths.len();
    std::thread::scope(|scope| {
        let (parsed, next) = std::sync::mpsc::sync_channel(PARSED_AHEAD);
        scope.spawn(move || {
            for i in 0..count {
                // The linter stopped (an error, or it is done): nothing more to parse.
                if parsed.send(source.load(i)).is_err() {
                    break;
                }
            }
        });
        lint_each(
            &paths,
            |i| match next.recv() {
                Ok(loaded) => loaded.map(std::borrow::Cow::Owned),
                // Only when the parsing thread panicked; the scope re-raises that panic.
                Err(_) => Err(crate::SqlError::Io {
                    path: paths[i].to_string(),
                    source: std::io::Error::other("the migration parser stopped"),
                }),
            },
            opts,
        )
    })
}

/// Files parsed ahead of the linter by [`lint_streaming`].
const PARSED_AHEAD: usize = 2;

/// The engine: `paths` are the migrations in apply order, `load(i)` yields the i-th.
fn lint_each<'m, E>(
    paths: &[&str],
    mut load: impl FnMut(usize) -> Result<std::borrow::Cow<'m, Migration>, E>,
    opts: &LintOptions<'_>,
) -> Result<Vec<Finding>, E> {
    let env = Env {
        config: opts.config,
        manifest: opts.manifest,
        contracts: opts.contracts,
        contract_texts: opts.contract_texts,
    };
    let registry = rules::registry();
    let mut baseline: Vec<String> = opts.baseline.to_vec();
    if let Some(only) = opts.only {
        baseline.extend(
            paths
                .iter()
                .filter(|p| !only.contains(**p))
                .filter_map(|p| parse_file_name(p.rsplit('/').next().unwrap_or(p)))
                .map(|(version, _)| version),
        );
    }
    // The files already linted, without their text and statements (file rules only look
    // at names and versions of earlier files).
    let mut done: Vec<Migration> = Vec::with_capacity(paths.len());
    let mut out = Vec::new();
    let mut schema = Schema::default();
    let mut session = Session::default();
    for index in 0..paths.len() {
        let m = load(index)?;
        let m = m.as_ref();
        session.new_file();
        let reported = opts.only.is_none_or(|only| only.contains(&m.path));
        let stmt_effects: Vec<Vec<Effect>> = m.statements.iter().map(Stmt::effects).collect();
        if reported {
            done.push(m.head());
            let ctx = FileCtx {
                env: &env,
                migration: m,
                all: &done,
                index,
                baseline: &baseline,
                effects: &stmt_effects,
            };
            for (_, check) in registry {
                if let Check::File(f) = check {
                    f(&ctx, &mut out);
                }
            }
        }
        let mut created_in_file: BTreeSet<String> = BTreeSet::new();
        let mut explicit_tx = false;
        for (stmt, effs) in m.statements.iter().zip(&stmt_effects) {
            if reported {
                let ctx = StmtCtx {
                    env: &env,
                    migration: m,
                    stmt,
                    effects: effs,
                    created_in_file: &created_in_file,
                    before: &schema,
                    in_transaction: explicit_tx || !m.header.no_transaction,
                    session: &session,
                };
                let mut found = Vec::new();
                for (_, check) in registry {
                    if let Check::Stmt(f) = check {
                        f(&ctx, &mut found);
                    }
                }
                out.extend(apply_suppressions(m, &stmt.suppressions, found));
            }
            session.locked |= effs.iter().any(|e| rules::blocks(e, &created_in_file));
            for e in effs {
                session.record(e);
                match e {
                    Effect::Begin => explicit_tx = true,
                    Effect::Commit | Effect::Rollback => explicit_tx = false,
                    Effect::CreateTable { table, .. } | Effect::RenameTable { to: table, .. } => {
                        created_in_file.insert(table.clone());
                    }
                    _ => {}
                }
                schema.apply(e, &m.path);
            }
            session.statement_done(explicit_tx || !m.header.no_transaction);
        }
        if reported {
            for s in &m.loose_suppressions {
                out.push(unused(m, s, "it follows the last statement"));
            }
        } else {
            done.push(m.head());
        }
    }
    if opts.project_rules {
        let ctx = ProjectCtx {
            env: &env,
            schema: &schema,
        };
        for (_, check) in registry {
            if let Check::Project(f) = check {
                f(&ctx, &mut out);
            }
        }
    }
    out.sort_by(|a, b| {
        (
            &a.location.path,
            a.location.line,
            a.location.column,
            &a.rule,
        )
            .cmp(&(
                &b.location.path,
                b.location.line,
                b.location.column,
                &b.rule,
            ))
    });
    Ok(out)
}

fn apply_suppressions(
    m: &Migration,
    suppressions: &[Suppression],
    found: Vec<Finding>,
) -> Vec<Finding> {
    let mut used = vec![false; suppressions.len()];
    let mut out = Vec::new();
    for finding in found {
        let hit = suppressions
            .iter()
            .position(|s| s.reason.is_some() && s.rule == finding.rule);
        match hit {
            Some(i) => used[i] = true,
            None => out.push(finding),
        }
    }
    for (s, used) in suppressions.iter().zip(used) {
        if s.reason.is_none() {
            out.push(
                finding_at(
                    &rules::migration_suppression_without_reason::RULE,
                    m,
                    s.span,
                    format!(
                        "`accord:allow {}` has no reason=\"…\" and suppresses nothing",
                        s.rule
                    ),
                )
                .with_logical_path(format!("allow[{}]", s.rule))
                .with_help(format!(
                    "write `-- accord:allow {} reason=\"why this is fine\"`",
                    s.rule
                )),
            );
        } else if !used {
            let why = if rules::rules().iter().any(|r| r.id == s.rule) {
                "the rule does not fire on this statement"
            } else {
                "no rule has this id"
            };
            out.push(unused(m, s, why));
        }
    }
    out
}

fn unused(m: &Migration, s: &Suppression, why: &str) -> Finding {
    finding_at(
        &rules::migration_unused_suppression::RULE,
        m,
        s.span,
        format!("`accord:allow {}` suppresses nothing: {why}", s.rule),
    )
    .with_logical_path(format!("allow[{}]", s.rule))
    .with_help("delete the comment")
}

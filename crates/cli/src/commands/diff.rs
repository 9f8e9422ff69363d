//! `accord diff OLD NEW`: classify the change between two contract files, two JSON Schema
//! files, or two source trees of one package.

use crate::cli::Ctx;
use crate::output::{FindingFormat, render_findings_with};
use crate::{EXIT_CLEAN, EXIT_FAILED};
use accord_contract::doc::{Document, parse_json, parse_yaml};
use accord_diff::schema::{Compatibility, ContentModel};
use accord_model::{Class, Finding, Location};
use anyhow::{Context, anyhow};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old version: a contract file, a JSON Schema file, or a package directory.
    old: PathBuf,
    /// The new version, of the same kind.
    new: PathBuf,
    /// Schema compatibility mode: BACKWARD, FORWARD, FULL (each optionally _TRANSITIVE) or NONE.
    #[arg(long, default_value = "BACKWARD")]
    compatibility: String,
    /// Versions before OLD, oldest first (repeat the option): *_TRANSITIVE modes check the
    /// new schema against every one of them, not only against OLD.
    #[arg(long = "earlier", value_name = "SCHEMA")]
    earlier: Vec<PathBuf>,
    /// `lenient` (adding a property to an open model is a MINOR addition) or `strict`
    /// (it is incompatible, as in Confluent Schema Registry).
    #[arg(long, default_value = "lenient")]
    content_model: String,
    /// Language of two package trees (default: detected from Cargo.toml, package.json or
    /// pyproject.toml).
    #[arg(long, value_parser = ["rust", "typescript", "javascript", "python"])]
    lang: Option<String>,
    /// Entry file or package of both trees, relative to each (repeat for several): overrides
    /// detection — package.json `exports`/`types`/`main`, pyproject.toml, the language's own
    /// convention — like `entry` in `[packs.NAME.code]` (e.g. `dist/index.d.ts`, `src/acme/widgets`).
    #[arg(long = "entry", value_name = "PATH")]
    entry: Vec<String>,
    /// The bump the new version declares (major, minor, patch, none): reported as
    /// insufficient when the changes need more.
    #[arg(long, value_name = "BUMP")]
    declared_bump: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FindingFormat::Human)]
    format: FindingFormat,
}

enum Kind {
    Contract,
    Schema,
}

pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    if args.old.is_dir() || args.new.is_dir() {
        return diff_trees(&args, ctx);
    }
    let (old_text, old_doc) = load(&args.old)?;
    let (new_text, new_doc) = load(&args.new)?;
    let kind = match (kind_of(&old_doc), kind_of(&new_doc)) {
        (Kind::Contract, Kind::Contract) => Kind::Contract,
        (Kind::Schema, Kind::Schema) => Kind::Schema,
        _ => {
            return Err(anyhow!(
                "{} and {} are not of the same kind: give two contract files or two JSON Schemas",
                args.old.display(),
                args.new.display()
            ));
        }
    };
    let root = common_root(&args.old, &args.new);
    let rel = |p: &Path| {
        p.strip_prefix(&root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    match kind {
        Kind::Schema => {
            let mode = Compatibility::parse(&args.compatibility).ok_or_else(|| {
                anyhow!(
                    "--compatibility {}: expected BACKWARD, FORWARD, FULL, *_TRANSITIVE or NONE",
                    args.compatibility
                )
            })?;
            let model = ContentModel::parse(&args.content_model).ok_or_else(|| {
                anyhow!(
                    "--content-model {}: expected strict or lenient",
                    args.content_model
                )
            })?;
            let mut history = Vec::with_capacity(args.earlier.len() + 1);
            for path in &args.earlier {
                history.push(load(path)?.1.value);
            }
            history.push(old_doc.value.clone());
            let verdict = accord_diff::schema::schema_compat_transitive(
                &history,
                &new_doc.value,
                mode,
                model,
            );
            let new_path = rel(&args.new);
            let lines = accord_model::LineIndex::new(&new_text);
            let findings: Vec<Finding> = verdict
                .findings
                .into_iter()
                .map(|f| {
                    let span = new_doc.span_of(&f.logical_path);
                    let location =
                        Location::from_span_indexed(new_path.clone(), &new_text, &lines, span);
                    f.at(location)
                })
                .collect();
            let details = serde_json::json!({
                "compatible": verdict.compatible,
                "compatibility": mode.as_str(),
                "content_model": model.as_str(),
            });
            let overview = diff_overview(
                &args,
                vec![
                    (
                        "verdict".to_string(),
                        if verdict.compatible {
                            "compatible".to_string()
                        } else {
                            "INCOMPATIBLE".to_string()
                        },
                    ),
                    ("compatibility".to_string(), mode.as_str().to_string()),
                    ("content model".to_string(), model.as_str().to_string()),
                ],
            );
            render_diff(ctx, &args, &root, &findings, &details, &overview)?;
            if args.format == FindingFormat::Human {
                writeln!(
                    ctx.out,
                    "verdict: {} under {} ({} content model)",
                    if verdict.compatible {
                        "compatible"
                    } else {
                        "INCOMPATIBLE"
                    },
                    mode.as_str(),
                    model.as_str()
                )?;
            }
            Ok(if verdict.compatible {
                EXIT_CLEAN
            } else {
                EXIT_FAILED
            })
        }
        Kind::Contract => {
            if !args.earlier.is_empty() {
                return Err(anyhow!(
                    "--earlier applies to JSON Schemas; a contract's history is its own breaking_changes_history"
                ));
            }
            let old = accord_contract::parse_contract(&rel(&args.old), &old_text)
                .map_err(|e| anyhow!("{}", describe(&args.old, &e.diagnostics)))?;
            let new = accord_contract::parse_contract(&rel(&args.new), &new_text)
                .map_err(|e| anyhow!("{}", describe(&args.new, &e.diagnostics)))?;
            let mut dctx = accord_diff::DiffContext::new(None, None);
            dctx.old_text = Some(&old_text);
            dctx.new_text = Some(&new_text);
            let findings = accord_diff::diff_contracts(&old, &new, &dctx);
            let overview = diff_overview(
                &args,
                vec![(
                    "contract".to_string(),
                    format!("{} {} → {}", new.name, old.version, new.version),
                )],
            );
            let details = serde_json::Value::Null;
            render_diff(ctx, &args, &root, &findings, &details, &overview)?;
            Ok(if findings.iter().any(|f| f.class == Class::Breaking) {
                EXIT_FAILED
            } else {
                EXIT_CLEAN
            })
        }
    }
}

fn describe(path: &Path, diagnostics: &[accord_contract::Diagnostic]) -> String {
    match diagnostics.first() {
        Some(d) => format!("{}:{}:{}: {}", path.display(), d.line, d.column, d.message),
        None => format!("{}: cannot be parsed", path.display()),
    }
}

fn load(path: &Path) -> anyhow::Result<(String, Document)> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "{}: not valid UTF-8 (first bad byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let is_json = path.extension().is_some_and(|e| e == "json");
    let doc = if is_json {
        parse_json(&text)
    } else {
        parse_yaml(&text)
    }
    .map_err(|e| anyhow!("{}:{}:{}: {}", path.display(), e.line, e.column, e.message))?;
    Ok((text, doc))
}

fn kind_of(doc: &Document) -> Kind {
    if doc.value.get("contract").is_some() {
        Kind::Contract
    } else {
        Kind::Schema
    }
}

/// The deepest directory holding both files, so findings show short relative paths.
fn common_root(a: &Path, b: &Path) -> PathBuf {
    let a = std::fs::canonicalize(a).unwrap_or_else(|_| a.to_path_buf());
    let b = std::fs::canonicalize(b).unwrap_or_else(|_| b.to_path_buf());
    let mut root = PathBuf::new();
    for (x, y) in a.components().zip(b.components()) {
        if x != y {
            break;
        }
        root.push(x);
    }
    if root.as_os_str().is_empty() || root == a || root == b {
        a.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        root
    }
}

/// Two versions of one package: extract both surfaces and classify the difference.
fn diff_trees(args: &Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    for dir in [&args.old, &args.new] {
        if !dir.is_dir() {
            return Err(anyhow!(
                "{} is not a directory: give two package directories, two contract files or two JSON Schemas",
                dir.display()
            ));
        }
    }
    let lang = match args.lang.as_deref() {
        None => None,
        Some(name) => Some(accord_model::surface::Language::parse(name).ok_or_else(|| {
            anyhow!("--lang {name}: expected rust, typescript, javascript or python")
        })?),
    };
    let declared = match args.declared_bump.as_deref() {
        None => None,
        Some(text) => Some(accord_model::Bump::parse(text).ok_or_else(|| {
            anyhow!("--declared-bump {text}: expected major, minor, patch or none")
        })?),
    };
    // Both sides are read as the old one's language, and extracted at the same time: each
    // extraction has sequential stretches (walk, resolution) the other fills.
    let lang = lang.or_else(|| accord_surface::detect_language(&args.old));
    // They also share parses: a file or macro invocation identical on both sides is read once.
    let options = accord_surface::Options {
        entries: args.entry.clone(),
        shared: Some(accord_surface::Shared::default()),
        ..accord_surface::Options::default()
    };
    let (old, new) = std::thread::scope(|s| {
        let new = s.spawn(|| accord_surface::extract_tree_with(&args.new, lang, &options));
        let old = accord_surface::extract_tree_with(&args.old, lang, &options);
        (old, new.join())
    });
    let (old, old_notes) =
        old.with_context(|| format!("cannot extract the API of {}", args.old.display()))?;
    let (new, new_notes) = new
        .map_err(|_| anyhow!("extracting the API of {} panicked", args.new.display()))?
        .with_context(|| format!("cannot extract the API of {}", args.new.display()))?;
    let mut findings = accord_diff::code::diff_surfaces(&old, &new);
    let required = accord_diff::required_bump(&findings);
    findings.extend(old_notes);
    findings.extend(new_notes);
    let mut details = serde_json::json!({
        "language": new.language,
        "old_symbols": old.symbols.len(),
        "new_symbols": new.symbols.len(),
        "required_bump": required,
    });
    let mut insufficient = false;
    if let Some(declared) = declared {
        insufficient = declared < required;
        details["declared_bump"] = serde_json::json!(declared);
        details["declared_bump_sufficient"] = serde_json::json!(!insufficient);
    }
    let mut facts = vec![
        ("language".to_string(), new.language.as_str().to_string()),
        (
            "symbols".to_string(),
            format!("{} → {}", old.symbols.len(), new.symbols.len()),
        ),
        ("required bump".to_string(), required.to_string()),
    ];
    if let Some(declared) = declared {
        let verdict = if insufficient {
            "NOT enough"
        } else {
            "suffices"
        };
        facts.push((
            "declared bump".to_string(),
            format!("{declared} ({verdict})"),
        ));
    }
    let overview = diff_overview(args, facts);
    render_diff(ctx, args, &args.new, &findings, &details, &overview)?;
    if args.format == FindingFormat::Human {
        writeln!(
            ctx.out,
            "{} → {} symbols; required bump: {required}{}",
            old.symbols.len(),
            new.symbols.len(),
            match declared {
                Some(d) if insufficient => format!(" — declared {d} is NOT enough"),
                Some(d) => format!(" — declared {d} suffices"),
                None => String::new(),
            }
        )?;
    }
    Ok(
        if insufficient || findings.iter().any(|f| f.class == Class::Breaking) {
            EXIT_FAILED
        } else {
            EXIT_CLEAN
        },
    )
}

/// The HTML report's heading and facts for a diff: there is no repository to draw.
fn diff_overview(args: &Args, facts: Vec<(String, String)>) -> accord_report::Overview<'static> {
    let mut all = vec![
        ("old".to_string(), args.old.display().to_string()),
        ("new".to_string(), args.new.display().to_string()),
    ];
    all.extend(facts);
    accord_report::Overview {
        title: format!("diff {} → {}", args.old.display(), args.new.display()),
        facts: all,
        ..accord_report::Overview::default()
    }
}

fn render_diff(
    ctx: &mut Ctx,
    args: &Args,
    root: &Path,
    findings: &[Finding],
    details: &serde_json::Value,
    overview: &accord_report::Overview<'_>,
) -> anyhow::Result<()> {
    render_findings_with(
        ctx,
        args.format,
        root,
        None,
        findings,
        None,
        (!details.is_null()).then_some(details),
        Some(overview),
    )
}

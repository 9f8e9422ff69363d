//! Choices about how to print: colour, formats, and tool errors.

use accord_report::SourceLookup;
use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

/// Reads repository files on demand so reporters can show snippets.
pub struct RepoSources {
    pub root: PathBuf,
    /// The commit judged when it is not the working tree: snippets come from it.
    pub head: Option<String>,
}

/// Reporters only need text around a finding: a larger file simply gets no snippet.
const SNIPPET_SOURCE_LIMIT: u64 = 8 * 1024 * 1024;

impl RepoSources {
    /// `path` at `revision` (a commit), read from git objects relative to the root.
    fn at_revision(&self, path: &str, revision: &str) -> Option<String> {
        let repo = accord_vcs::Repo::open(&self.root).ok()?;
        let workdir = repo.workdir()?.canonicalize().ok()?;
        let root = self.root.canonicalize().ok()?;
        let prefix = root
            .strip_prefix(&workdir)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        let full = if prefix.is_empty() {
            path.to_string()
        } else {
            format!("{prefix}/{path}")
        };
        let bytes = repo.read_file(revision, &full).ok()??;
        String::from_utf8(bytes).ok()
    }
}

impl SourceLookup for RepoSources {
    fn source(&self, path: &str) -> Option<Cow<'_, str>> {
        // Through the guarded reader: a file symlinked out of the repository is never shown.
        let root = accord_fs::Root::open(&self.root)
            .ok()?
            .with_limit(SNIPPET_SOURCE_LIMIT);
        root.read_to_string(path).ok().map(Cow::Owned)
    }

    fn source_at(&self, path: &str, revision: Option<&str>) -> Option<Cow<'_, str>> {
        match revision.or(self.head.as_deref()) {
            None => self.source(path),
            Some(revision) => self.at_revision(path, revision).map(Cow::Owned),
        }
    }
}

/// Renders a tool error: diagnostics with snippets when the error carries them.
pub fn report_error(
    error: &anyhow::Error,
    manifest: Option<&Path>,
    err: &mut dyn Write,
    color: bool,
) {
    if let Some(config) = crate::workspace::config_error(error) {
        for d in &config.diagnostics {
            let _ = writeln!(
                err,
                "{}",
                accord_report::render_snippet(
                    &config.display_path,
                    &config.text,
                    d.span,
                    &d.message,
                    &d.label,
                    color
                )
            );
            if let Some(help) = &d.help {
                let _ = writeln!(err, "  = help: {help}");
            }
        }
        let _ = writeln!(
            err,
            "error: {} is not a valid manifest ({} problem{})",
            config.display_path,
            config.diagnostics.len(),
            if config.diagnostics.len() == 1 {
                ""
            } else {
                "s"
            }
        );
        return;
    }
    let text = error.to_string();
    if let Some(rendered) = manifest_snippets(&text, manifest, color) {
        let _ = write!(err, "{rendered}");
    } else {
        let _ = writeln!(err, "error: {error}");
    }
    for cause in error.chain().skip(1) {
        let _ = writeln!(err, "  caused by: {cause}");
    }
}

/// Largest manifest read again to show a snippet.
const MANIFEST_SNIPPET_LIMIT: u64 = 8 * 1024 * 1024;

/// The sections other crates parse (`[policy]`, `[database]`, `[gates]`, `[ledger]`,
/// `[packs.NAME.code]`…) report `accord.toml:LINE:COLUMN: message`, one problem a line; each
/// such line is shown with its snippet, like a manifest diagnostic. `None` when no line
/// names a position in the manifest that can be read.
fn manifest_snippets(message: &str, manifest: Option<&Path>, color: bool) -> Option<String> {
    use accord_contract::manifest::MANIFEST_FILE;
    let mut positioned = Vec::new();
    for line in message.lines() {
        let at = line.find(&format!("{MANIFEST_FILE}:"))?;
        let token_start = line[..at].rfind(' ').map_or(0, |i| i + 1);
        let after = at + MANIFEST_FILE.len();
        let mut parts = line[after + 1..].splitn(3, ':');
        let row: u32 = parts.next()?.parse().ok()?;
        let column: u32 = parts.next()?.parse().ok()?;
        let what = parts.next()?.trim();
        // What the line said before the position (`pack: `), kept with the message.
        let before = &line[..token_start];
        positioned.push((
            line[token_start..after].to_string(),
            row,
            column,
            format!("{before}{what}"),
        ));
    }
    // The text the command loaded; else (a command that failed before loading it) the
    // manifest named by --manifest.
    let (loaded_path, text) = match crate::workspace::loaded_manifest() {
        Some((path, text)) => (Some(path), text),
        None => {
            let bytes = accord_fs::read_user_file(manifest?, MANIFEST_SNIPPET_LIMIT).ok()?;
            (None, String::from_utf8(bytes).ok()?)
        }
    };
    let mut out = String::new();
    for (written, row, column, what) in positioned {
        let shown = loaded_path.clone().unwrap_or(written);
        let mut span = accord_report::span_at(&text, row, column)?;
        // A string value's span starts inside its quotes: keep the closing one out too.
        if text[..span.start].ends_with('"')
            && text[..span.end].ends_with('"')
            && span.end > span.start + 1
        {
            span.end -= 1;
        }
        out.push_str(&accord_report::render_snippet(
            &shown, &text, span, &what, "here", color,
        ));
        out.push('\n');
    }
    Some(out)
}

/// `--format` of commands that report findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FindingFormat {
    /// Snippets with carets, for people.
    #[default]
    Human,
    /// The versioned JSON report (`docs/schemas/report.schema.json`).
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow commands.
    Github,
    /// A pull-request summary.
    Markdown,
    /// JUnit XML, for CI test tabs.
    Junit,
    /// One self-contained HTML page (redirect it to a file): decision, pack graph, findings.
    Html,
}

impl FindingFormat {
    fn to_report(self) -> accord_report::Format {
        match self {
            FindingFormat::Human => accord_report::Format::Human,
            FindingFormat::Json => accord_report::Format::Json,
            FindingFormat::Sarif => accord_report::Format::Sarif,
            FindingFormat::Github => accord_report::Format::Github,
            FindingFormat::Markdown => accord_report::Format::Markdown,
            FindingFormat::Junit => accord_report::Format::Junit,
            FindingFormat::Html => accord_report::Format::Html,
        }
    }
}

/// Renders findings (and a decision) in the chosen format to standard output.
pub fn render_findings(
    ctx: &mut crate::cli::Ctx,
    format: FindingFormat,
    root: &std::path::Path,
    findings: &[accord_model::Finding],
    decision: Option<&accord_model::Decision>,
    details: Option<&serde_json::Value>,
) -> anyhow::Result<()> {
    render_findings_at(ctx, format, root, None, findings, decision, details)
}

/// [`render_findings`] for a judged revision `head` (`None`: the working tree).
pub fn render_findings_at(
    ctx: &mut crate::cli::Ctx,
    format: FindingFormat,
    root: &std::path::Path,
    head: Option<String>,
    findings: &[accord_model::Finding],
    decision: Option<&accord_model::Decision>,
    details: Option<&serde_json::Value>,
) -> anyhow::Result<()> {
    render_findings_with(ctx, format, root, head, findings, decision, details, None)
}

/// [`render_findings_at`] with an overview of the repository, which the HTML report shows.
#[allow(clippy::too_many_arguments)]
pub fn render_findings_with(
    ctx: &mut crate::cli::Ctx,
    format: FindingFormat,
    root: &std::path::Path,
    head: Option<String>,
    findings: &[accord_model::Finding],
    decision: Option<&accord_model::Decision>,
    details: Option<&serde_json::Value>,
    overview: Option<&accord_report::Overview<'_>>,
) -> anyhow::Result<()> {
    let rules = crate::catalog();
    let sources = RepoSources {
        root: root.to_path_buf(),
        head,
    };
    let report = accord_report::Report {
        findings,
        decision,
        rules: &rules,
        sources: &sources,
        tool_version: env!("CARGO_PKG_VERSION"),
        extra: details,
        overview,
    };
    let options = accord_report::RenderOptions {
        color: ctx.color && format == FindingFormat::Human,
        ..Default::default()
    };
    accord_report::render(format.to_report(), &report, &options, &mut *ctx.out)?;
    Ok(())
}

/// Exit code for a set of findings: 1 when any is at error level.
pub fn exit_code(findings: &[accord_model::Finding]) -> u8 {
    if findings
        .iter()
        .any(|f| f.level == accord_model::Level::Error)
    {
        crate::EXIT_FAILED
    } else {
        crate::EXIT_CLEAN
    }
}

/// A progress bar on stderr, only when stderr is a terminal and the output is for people.
struct Bar(indicatif::ProgressBar);

impl accord_contract::conformance::Progress for Bar {
    fn start(&self, total: u64) {
        self.0.set_length(total);
    }
    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

/// Conformance options for a command; a progress bar when a person is watching.
pub fn conformance_options(
    format: FindingFormat,
) -> accord_contract::conformance::ConformanceOptions {
    let mut options = accord_contract::conformance::ConformanceOptions::default();
    if format == FindingFormat::Human && std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(0).with_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} checking artifacts {pos}/{len} [{elapsed}]",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        options.progress = Some(std::sync::Arc::new(Bar(bar)));
    }
    options
}

//! Renders Accord's findings, and the policy decision when there is one, in every output
//! format the CLI offers: `human`, `json`, `sarif`, `github`, `markdown`, `junit` and `html`.
//!
//! Each format is one [`Emitter`] in its own module. Emitters never print: they write to the
//! `&mut dyn Write` they are given, so the CLI decides between stdout, a file or a buffer in
//! tests. Source text for snippets is fetched lazily through [`SourceLookup`], so a report with
//! no snippets (JSON, Markdown, …) never reads a file.
//!
//! Every format lists findings in the same order: by path, line, column, then rule id.
//!
//! ```
//! use accord_model::{Finding, Class, Bump, Location, RuleSet};
//! use accord_report::{render, Format, NoSources, RenderOptions, Report};
//!
//! let findings = vec![
//!     Finding::new("registry-bad-status", Class::Breaking, Bump::None, "status `gold` is not a lifecycle state")
//!         .at(Location::new("contracts/a-b-v1.0.0.yaml", 4, 11)),
//! ];
//! let rules = RuleSet::default();
//! let report = Report::new(&findings, &rules, &NoSources, "0.1.0");
//!
//! let mut out = Vec::new();
//! render(Format::Json, &report, &RenderOptions::default(), &mut out)?;
//! let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
//! assert_eq!(json["summary"]["by_class"]["BREAKING"], 1);
//! assert_eq!(json["summary"]["required_bump"], "none");
//! # Ok::<(), std::io::Error>(())
//! ```

mod github;
mod html;
mod human;
mod json;
mod junit;
mod layout;
mod markdown;
mod sarif;
mod schema;
mod snippet;
mod summary;

use accord_model::{Decision, Finding, RuleSet};
use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

pub use github::GithubEmitter;
pub use html::{ContractRow, HtmlEmitter, Overview, PackRow};
pub use human::HumanEmitter;
pub use json::JsonEmitter;
pub use junit::JunitEmitter;
pub use markdown::MarkdownEmitter;
pub use sarif::SarifEmitter;
pub use schema::{REPORT_SCHEMA_ID, report_schema};
pub use snippet::{render_snippet, span_at};
pub use summary::{ByClass, Summary, summary};

/// The version of the JSON report layout (`"version"` in the JSON output).
pub const JSON_REPORT_VERSION: u32 = 1;

/// Where Accord is documented; SARIF consumers link to it.
pub const INFORMATION_URI: &str = "https://example.invalid/accord";

/// Everything an emitter may show.
#[derive(Clone, Copy)]
pub struct Report<'a> {
    /// The findings, in any order; emitters sort them.
    pub findings: &'a [Finding],
    /// The policy decision, when policy ran.
    pub decision: Option<&'a Decision>,
    /// The rule catalogue (SARIF `rules[]`, JUnit groups, rule summaries).
    pub rules: &'a RuleSet,
    /// Source text for snippets.
    pub sources: &'a dyn SourceLookup,
    /// The version of the tool, e.g. `env!("CARGO_PKG_VERSION")` of the CLI.
    pub tool_version: &'a str,
    /// Command-specific extras (matched slugs, epic details, …), rendered under `"details"`
    /// in the JSON report and ignored by the other formats.
    pub extra: Option<&'a serde_json::Value>,
    /// What was looked at (packs, contracts, the pack graph), for the HTML report; the
    /// other formats ignore it.
    pub overview: Option<&'a Overview<'a>>,
}

impl<'a> Report<'a> {
    /// A report with no decision and no extras.
    pub fn new(
        findings: &'a [Finding],
        rules: &'a RuleSet,
        sources: &'a dyn SourceLookup,
        tool_version: &'a str,
    ) -> Report<'a> {
        Report {
            findings,
            decision: None,
            rules,
            sources,
            tool_version,
            extra: None,
            overview: None,
        }
    }

    /// The same report with a decision.
    pub fn with_decision(mut self, decision: &'a Decision) -> Report<'a> {
        self.decision = Some(decision);
        self
    }

    /// The same report with extra details for the JSON output.
    pub fn with_extra(mut self, extra: &'a serde_json::Value) -> Report<'a> {
        self.extra = Some(extra);
        self
    }

    /// The same report with an overview of the repository (HTML).
    pub fn with_overview(mut self, overview: &'a Overview<'a>) -> Report<'a> {
        self.overview = Some(overview);
        self
    }

    /// The findings in report order: path, line, column, rule, then fingerprint so that
    /// equal positions still come out the same way on every run.
    pub fn sorted_findings(&self) -> Vec<&'a Finding> {
        let mut sorted: Vec<&Finding> = self.findings.iter().collect();
        sorted.sort_by(|a, b| {
            (
                &a.location.path,
                a.location.line,
                a.location.column,
                &a.rule,
                &a.fingerprint,
            )
                .cmp(&(
                    &b.location.path,
                    b.location.line,
                    b.location.column,
                    &b.rule,
                    &b.fingerprint,
                ))
        });
        sorted
    }

    /// Counts and the required bump of these findings.
    pub fn summary(&self) -> Summary {
        summary(self.findings)
    }

    /// The findings that block the decision, each with its fingerprint, in the order the
    /// decision lists its blocking actions: what a reviewer may approve instead of fixing.
    pub fn blocking(&self) -> Vec<Blocking<'a>> {
        let Some(decision) = self.decision else {
            return Vec::new();
        };
        let mut out: Vec<Blocking<'a>> = Vec::new();
        for action in decision.required_actions.iter().filter(|a| a.blocking) {
            for fingerprint in &action.findings {
                if !out.iter().any(|b| b.fingerprint == fingerprint.as_str()) {
                    out.push(Blocking {
                        fingerprint: fingerprint.as_str(),
                        finding: self.findings.iter().find(|f| f.fingerprint == *fingerprint),
                    });
                }
            }
        }
        out
    }
}

/// A finding that blocks the decision (see [`Report::blocking`]).
#[derive(Debug, Clone, Copy)]
pub struct Blocking<'a> {
    /// Its fingerprint, the key of an approval.
    pub fingerprint: &'a str,
    /// The finding, when the report holds it.
    pub finding: Option<&'a Finding>,
}

impl Blocking<'_> {
    /// The command that approves it; the reviewer fills in the justification and who they are.
    pub fn approve_command(&self) -> String {
        format!(
            "accord approve {} --justification \"WHY\" --approver NAME",
            self.fingerprint
        )
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Report")
            .field("findings", &self.findings.len())
            .field("decision", &self.decision.map(|d| d.outcome))
            .field("rules", &self.rules.len())
            .field("tool_version", &self.tool_version)
            .finish_non_exhaustive()
    }
}

/// Gives emitters the text of a repository file, for snippets and SARIF regions.
///
/// The CLI reads files lazily (and may cache); tests use [`NoSources`] or a map.
pub trait SourceLookup {
    /// The text of `path` (repository-relative, `/` separators), or `None` when it cannot
    /// be read; the emitter then shows the location without a snippet.
    fn source(&self, path: &str) -> Option<Cow<'_, str>>;

    /// The text of `path` at `revision` (`None`: the tree under review). A lookup that
    /// cannot read other revisions returns `None`, so a location in a removed file's old
    /// copy never gets a snippet from an unrelated current file.
    fn source_at(&self, path: &str, revision: Option<&str>) -> Option<Cow<'_, str>> {
        match revision {
            None => self.source(path),
            Some(_) => None,
        }
    }
}

/// A [`SourceLookup`] that knows no file: locations are shown without snippets.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSources;

impl SourceLookup for NoSources {
    fn source(&self, _path: &str) -> Option<Cow<'_, str>> {
        None
    }
}

impl<S: std::hash::BuildHasher> SourceLookup for std::collections::HashMap<String, String, S> {
    fn source(&self, path: &str) -> Option<Cow<'_, str>> {
        self.get(path).map(|text| Cow::Borrowed(text.as_str()))
    }
}

impl SourceLookup for std::collections::BTreeMap<String, String> {
    fn source(&self, path: &str) -> Option<Cow<'_, str>> {
        self.get(path).map(|text| Cow::Borrowed(text.as_str()))
    }
}

/// How to render, beyond the format itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// Emit ANSI colours (human format only). The CLI sets it when stdout is a terminal
    /// and `NO_COLOR` is unset.
    pub color: bool,
    /// Width that human snippets are fitted into (long lines are elided).
    pub term_width: usize,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions {
            color: false,
            term_width: 140,
        }
    }
}

impl RenderOptions {
    /// Default options with colour switched on or off.
    pub fn with_color(color: bool) -> RenderOptions {
        RenderOptions {
            color,
            ..RenderOptions::default()
        }
    }
}

/// One output format. Implementations write the whole report to `out` and never print.
pub trait Emitter {
    /// Writes `report` to `out`.
    fn emit(
        &self,
        report: &Report<'_>,
        opts: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()>;
}

/// The output formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    /// Diagnostics with source snippets, for a terminal.
    #[default]
    Human,
    /// The JSON report (`docs/schemas/report.schema.json`).
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// A pull-request summary in GitHub-flavoured Markdown.
    Markdown,
    /// JUnit XML, for CI test dashboards.
    Junit,
    /// One self-contained HTML page: decision, pack graph, findings with snippets.
    Html,
}

impl Format {
    /// Every format, in `--help` order.
    pub const ALL: [Format; 7] = [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Markdown,
        Format::Junit,
        Format::Html,
    ];

    /// The name accepted by `--format`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Markdown => "markdown",
            Format::Junit => "junit",
            Format::Html => "html",
        }
    }

    /// True for formats meant for programs rather than people: the CLI hides progress bars.
    pub fn is_machine_readable(self) -> bool {
        matches!(self, Format::Json | Format::Sarif | Format::Junit)
    }

    /// The emitter of this format.
    pub fn emitter(self) -> &'static dyn Emitter {
        match self {
            Format::Human => &HumanEmitter,
            Format::Json => &JsonEmitter,
            Format::Sarif => &SarifEmitter,
            Format::Github => &GithubEmitter,
            Format::Markdown => &MarkdownEmitter,
            Format::Junit => &JunitEmitter,
            Format::Html => &HtmlEmitter,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `--format` got a name that is not a format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
        write!(
            f,
            "unknown format `{}` (expected one of: {})",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(text: &str) -> Result<Format, UnknownFormat> {
        let wanted = text.trim();
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownFormat(text.to_string()))
    }
}

/// Renders `report` as `format` into `out`.
///
/// Every format passes through [`accord_model::redact::mask`] on its way out: findings quote
/// artifacts, snippets show source lines, decisions quote reasons, and any of them may hold a
/// secret written by the change under review. Masking keeps every byte offset, so the
/// output stays well-formed (a secret inside a JSON string becomes `*`s inside that string).
pub fn render(
    format: Format,
    report: &Report<'_>,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    // Sized up front: a buffer doubling its way to megabytes leaves every smaller copy
    // committed in the allocator, which was most of `migrate lint`'s peak memory.
    let mut buffer = Vec::with_capacity(4096 + 512 * report.findings.len());
    format.emitter().emit(report, opts, &mut buffer)?;
    let text = match String::from_utf8(buffer) {
        // Most reports hold no secret: write them without a second full-size copy.
        Ok(text) if accord_model::redact::secret_byte_ranges(&text).is_empty() => text,
        Ok(text) => accord_model::redact::mask(&text),
        Err(e) => {
            // Emitters write UTF-8; should one not, mask what decodes rather than skip it.
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            accord_model::redact::mask(&text)
        }
    };
    let text = if format == Format::Html {
        html::seal(text)
    } else {
        text
    };
    out.write_all(text.as_bytes())
}

/// Renders `report` into a string (handy for tests and for embedding in other output).
pub fn render_to_string(
    format: Format,
    report: &Report<'_>,
    opts: &RenderOptions,
) -> io::Result<String> {
    let mut out = Vec::new();
    render(format, report, opts, &mut out)?;
    String::from_utf8(out).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for format in Format::ALL {
            assert_eq!(format.as_str().parse::<Format>(), Ok(format));
            assert_eq!(format.to_string(), format.as_str());
        }
        assert_eq!("SARIF".parse::<Format>(), Ok(Format::Sarif));
    }

    #[test]
    fn unknown_format_lists_the_known_ones() {
        let err = "yaml".parse::<Format>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown format `yaml` (expected one of: human, json, sarif, github, markdown, junit, html)"
        );
    }
}

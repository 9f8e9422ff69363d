//! Human output, in the manner of rustc and ruff: one diagnostic per finding with a source
//! snippet, then a summary and the decision.

use crate::snippet::{excerpt, renderer};
use crate::{Emitter, RenderOptions, Report};
use accord_model::{Class, Decision, Finding, Location, Outcome};
use annotate_snippets::{AnnotationKind, Element, Group, Level, Origin};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};

/// Writes findings as annotated source snippets, then a summary and the decision.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanEmitter;

const BOLD: &str = "1";
const RED: &str = "1;91";
const YELLOW: &str = "1;93";
const GREEN: &str = "1;92";

fn paint(text: &str, style: &str, color: bool) -> String {
    if color {
        format!("\x1b[{style}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Each file is asked for once per report, however many findings point into it.
struct Sources<'a> {
    report: &'a Report<'a>,
    cache: HashMap<(String, Option<String>), Option<Cow<'a, str>>>,
    /// Each path as it may be shown: a file name is repository content, and its control
    /// characters must not reach the terminal.
    shown: HashMap<String, String>,
}

impl<'a> Sources<'a> {
    fn load(&mut self, location: &Location) {
        self.shown
            .entry(location.path.clone())
            .or_insert_with(|| clean(&location.path));
        let key = (location.path.clone(), location.revision.clone());
        if !key.0.is_empty() && !self.cache.contains_key(&key) {
            let text = self
                .report
                .sources
                .source_at(&location.path, location.revision.as_deref());
            self.cache.insert(key, text);
        }
    }

    fn shown<'s>(&'s self, location: &'s Location) -> &'s str {
        self.shown
            .get(&location.path)
            .map_or(location.path.as_str(), String::as_str)
    }

    fn get(&self, location: &Location) -> Option<&str> {
        self.cache
            .get(&(location.path.clone(), location.revision.clone()))
            .and_then(|t| t.as_deref())
    }
}

/// Makes user text safe for a terminal: control characters (escape sequences could rewrite
/// earlier output) and bidirectional overrides become visible symbols such as `␛`.
/// annotate-snippets does this for titles and source lines but not for messages.
fn clean(text: &str) -> String {
    annotate_snippets::normalize_untrusted_str(text)
}

fn level_of(finding: &Finding) -> Level<'static> {
    match finding.level {
        accord_model::Level::Error => Level::ERROR,
        accord_model::Level::Warning => Level::WARNING,
        accord_model::Level::Note => Level::NOTE,
    }
}

fn place<'t>(
    sources: &'t Sources<'_>,
    location: &'t Location,
    kind: AnnotationKind,
    label: Option<&'t str>,
) -> Option<Element<'t>> {
    let path = sources.shown(location);
    if path.is_empty() {
        // Findings about the repository as a whole (a missing contracts dir) have no place.
        return None;
    }
    if let Some(excerpt) = sources
        .get(location)
        .and_then(|text| excerpt(text, location))
    {
        return Some(excerpt.snippet(path, kind, label).into());
    }
    let mut origin = Origin::path(path);
    if location.line > 0 {
        origin = origin.line(location.line as usize);
        if location.column > 0 {
            origin = origin.char_column(location.column as usize);
        }
    }
    Some(origin.into())
}

fn consumers(finding: &Finding) -> Option<String> {
    match (
        finding.impacted.is_empty(),
        finding.impacted_indirect.is_empty(),
    ) {
        (true, true) => None,
        (false, true) => Some(finding.impacted.join(", ")),
        (true, false) => Some(format!(
            "(indirect) {}",
            finding.impacted_indirect.join(", ")
        )),
        (false, false) => Some(format!(
            "{}; indirect: {}",
            finding.impacted.join(", "),
            finding.impacted_indirect.join(", ")
        )),
    }
}

fn diagnostic(finding: &Finding, sources: &Sources<'_>, opts: &RenderOptions) -> String {
    let classified = format!(
        "{} change, requires {} version bump",
        finding.class,
        match finding.required_bump {
            accord_model::Bump::None => "no".to_string(),
            bump => format!("a {bump}"),
        }
    );
    let consumers = consumers(finding).map(|c| clean(&c));
    let contract = finding.contract.as_deref().map(clean);
    let help = finding.help.as_deref().map(clean);

    let mut main = level_of(finding)
        .primary_title(finding.message.as_str())
        .id(finding.rule.as_str())
        .elements(place(
            sources,
            &finding.location,
            AnnotationKind::Primary,
            None,
        ))
        .element(Level::NOTE.with_name("class").message(classified.as_str()));
    if let Some(contract) = &contract {
        main = main.element(Level::NOTE.with_name("contract").message(contract.as_str()));
    }
    if let Some(consumers) = &consumers {
        main = main.element(
            Level::NOTE
                .with_name("impacted consumers")
                .message(consumers.as_str()),
        );
    }
    if let Some(help) = &help {
        main = main.element(Level::HELP.message(help.as_str()));
    }

    let mut groups = vec![main];
    for related in &finding.related {
        groups.push(
            Group::with_title(Level::NOTE.secondary_title(related.message.as_str())).elements(
                place(sources, &related.location, AnnotationKind::Context, None),
            ),
        );
    }
    renderer(opts.color, opts.term_width).render(&groups)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn write_summary(report: &Report<'_>, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let summary = report.summary();
    if summary.findings == 0 {
        return writeln!(out, "{}", paint("No contract findings.", GREEN, color));
    }
    for class in Class::ALL.into_iter().rev() {
        let style = match class {
            Class::Breaking => RED,
            Class::Risky => YELLOW,
            Class::Safe => GREEN,
        };
        writeln!(
            out,
            "{}: {}",
            paint(&format!("{:>8}", class.as_str()), style, color),
            plural(summary.by_class.get(class), "finding")
        )?;
    }
    writeln!(
        out,
        "{}: {}",
        paint("required bump", BOLD, color),
        summary.required_bump
    )
}

fn write_decision(
    report: &Report<'_>,
    decision: &Decision,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let style = match decision.outcome {
        Outcome::Approve => GREEN,
        Outcome::ApproveWithConditions => YELLOW,
        Outcome::Deny => RED,
    };
    writeln!(
        out,
        "\n{} {}",
        paint("decision:", BOLD, color),
        paint(decision.outcome.as_str(), style, color)
    )?;
    for reason in &decision.reasons {
        writeln!(out, "  - {}", clean(reason))?;
    }
    if !decision.required_actions.is_empty() {
        writeln!(out, "{}", paint("required actions:", BOLD, color))?;
        for action in &decision.required_actions {
            let tag = if action.blocking {
                paint("[blocking]", RED, color)
            } else {
                "[to do]".to_string()
            };
            writeln!(
                out,
                "  {tag} {}: {}",
                clean(&action.condition),
                clean(&action.action)
            )?;
        }
    }
    let blocking = report.blocking();
    if !blocking.is_empty() {
        writeln!(
            out,
            "{}",
            paint(
                "to approve a blocking finding instead (reviewers):",
                BOLD,
                color
            )
        )?;
        for b in &blocking {
            let rule = b.finding.map_or("", |f| f.rule.as_str());
            writeln!(
                out,
                "  {} {}: {}",
                b.fingerprint,
                clean(rule),
                b.approve_command()
            )?;
        }
    }
    if !decision.impacted_consumers.is_empty() {
        writeln!(
            out,
            "{} {}",
            paint("impacted consumers:", BOLD, color),
            clean(&decision.impacted_consumers.join(", "))
        )?;
    }
    let epic = serde_json::to_value(decision.epic_class)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    if decision.epic_reason.is_empty() {
        writeln!(out, "{} {epic}", paint("epic class:", BOLD, color))
    } else {
        writeln!(
            out,
            "{} {epic} ({})",
            paint("epic class:", BOLD, color),
            clean(&decision.epic_reason)
        )
    }
}

impl Emitter for HumanEmitter {
    fn emit(
        &self,
        report: &Report<'_>,
        opts: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let findings = report.sorted_findings();
        let mut sources = Sources {
            report,
            cache: HashMap::new(),
            shown: HashMap::new(),
        };
        for finding in &findings {
            sources.load(&finding.location);
            for related in &finding.related {
                sources.load(&related.location);
            }
        }
        for finding in &findings {
            writeln!(out, "{}\n", diagnostic(finding, &sources, opts))?;
        }
        write_summary(report, opts.color, out)?;
        if let Some(decision) = report.decision {
            write_decision(report, decision, opts.color, out)?;
        }
        Ok(())
    }
}

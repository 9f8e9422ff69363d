//! JUnit XML: one test suite per rule group, one test case per finding; error-level findings
//! are failures, so CI dashboards show them as failed tests.

use crate::{Emitter, RenderOptions, Report};
use accord_model::{Finding, Level, Outcome};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Writes a `<testsuites>` document.
#[derive(Debug, Clone, Copy, Default)]
pub struct JunitEmitter;

/// Escapes text for XML 1.0. Characters XML cannot carry at all, even as references
/// (most C0 controls, U+FFFE, U+FFFF), become U+FFFD rather than producing an invalid file.
/// In attributes, whitespace is written as references so parsers do not normalise it away.
fn xml(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn where_of(finding: &Finding) -> String {
    let location = &finding.location;
    match (location.line, location.column) {
        (0, _) => location.path.clone(),
        (line, 0) => format!("{}:{line}", location.path),
        (line, column) => format!("{}:{line}:{column}", location.path),
    }
}

fn details(finding: &Finding) -> String {
    let mut text = format!(
        "{}\nrule: {}\nclass: {}, required bump: {}\nlocation: {}",
        finding.message,
        finding.rule,
        finding.class,
        finding.required_bump,
        where_of(finding)
    );
    if let Some(contract) = &finding.contract {
        text.push_str(&format!("\ncontract: {contract}"));
    }
    if !finding.impacted.is_empty() {
        text.push_str(&format!(
            "\nimpacted consumers: {}",
            finding.impacted.join(", ")
        ));
    }
    for related in &finding.related {
        let l = &related.location;
        text.push_str(&format!(
            "\nnote: {} ({}:{})",
            related.message, l.path, l.line
        ));
    }
    if let Some(help) = &finding.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    text.push_str(&format!("\nfingerprint: {}", finding.fingerprint));
    text
}

struct Case {
    name: String,
    classname: String,
    file: Option<(String, u32)>,
    failure: Option<(String, String, String)>,
    output: Option<String>,
}

fn write_suite(name: &str, cases: &[Case], out: &mut dyn Write) -> io::Result<()> {
    let failures = cases.iter().filter(|c| c.failure.is_some()).count();
    writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        xml(name, true),
        cases.len()
    )?;
    for case in cases {
        write!(
            out,
            "    <testcase name=\"{}\" classname=\"{}\"",
            xml(&case.name, true),
            xml(&case.classname, true)
        )?;
        if let Some((file, line)) = &case.file {
            write!(out, " file=\"{}\"", xml(file, true))?;
            if *line > 0 {
                write!(out, " line=\"{line}\"")?;
            }
        }
        if case.failure.is_none() && case.output.is_none() {
            writeln!(out, "/>")?;
            continue;
        }
        writeln!(out, ">")?;
        if let Some((message, kind, body)) = &case.failure {
            writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                xml(message, true),
                xml(kind, true),
                xml(body, false)
            )?;
        }
        if let Some(output) = &case.output {
            writeln!(out, "      <system-out>{}</system-out>", xml(output, false))?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")
}

impl Emitter for JunitEmitter {
    fn emit(
        &self,
        report: &Report<'_>,
        _opts: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut suites: BTreeMap<String, Vec<Case>> = BTreeMap::new();
        for finding in report.sorted_findings() {
            let group = report
                .rules
                .get(&finding.rule)
                .map_or("other", |rule| rule.group);
            let failed = finding.level == Level::Error;
            let body = details(finding);
            suites
                .entry(format!("accord.{group}"))
                .or_default()
                .push(Case {
                    name: format!("{} @ {}", finding.rule, where_of(finding)),
                    classname: format!("accord.{group}.{}", finding.rule),
                    file: (!finding.location.path.is_empty())
                        .then(|| (finding.location.path.clone(), finding.location.line)),
                    failure: failed.then(|| {
                        (
                            finding.message.clone(),
                            finding.class.to_string(),
                            body.clone(),
                        )
                    }),
                    output: (!failed).then(|| format!("{}: {body}", finding.level)),
                });
        }
        if suites.is_empty() {
            // A run with nothing to say still shows up as one passing test in dashboards.
            suites.entry("accord".to_string()).or_default().push(Case {
                name: "no contract findings".to_string(),
                classname: "accord".to_string(),
                file: None,
                failure: None,
                output: None,
            });
        }
        if let Some(decision) = report.decision {
            let mut body = decision.outcome.to_string();
            for reason in &decision.reasons {
                body.push_str(&format!("\n- {reason}"));
            }
            for action in &decision.required_actions {
                let tag = if action.blocking { "blocking" } else { "to do" };
                body.push_str(&format!(
                    "\n[{tag}] {}: {}",
                    action.condition, action.action
                ));
            }
            let denied = decision.outcome == Outcome::Deny;
            suites
                .entry("accord.decision".to_string())
                .or_default()
                .push(Case {
                    name: "policy decision".to_string(),
                    classname: "accord.decision".to_string(),
                    file: None,
                    failure: denied.then(|| {
                        (
                            decision.reasons.first().cloned().unwrap_or_default(),
                            decision.outcome.to_string(),
                            body.clone(),
                        )
                    }),
                    output: (!denied).then_some(body),
                });
        }

        let tests: usize = suites.values().map(Vec::len).sum();
        let failures = suites
            .values()
            .flatten()
            .filter(|c| c.failure.is_some())
            .count();
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            out,
            "<testsuites name=\"accord {}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">",
            xml(report.tool_version, true)
        )?;
        for (name, cases) in &suites {
            write_suite(name, cases, out)?;
        }
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_replaced_and_markup_escaped() {
        assert_eq!(
            xml("a<b>&\"'\u{7}", true),
            "a&lt;b&gt;&amp;&quot;&apos;\u{fffd}"
        );
        assert_eq!(xml("l1\nl2\t\"", false), "l1\nl2\t\"");
        assert_eq!(xml("l1\nl2", true), "l1&#10;l2");
    }
}

//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

use crate::{Emitter, RenderOptions, Report};
use accord_model::{Finding, Level, Outcome};
use std::io::{self, Write};

/// Writes one `::error` / `::warning` / `::notice` workflow command per finding, and one
/// for the decision when there is one.
#[derive(Debug, Clone, Copy, Default)]
pub struct GithubEmitter;

/// Escapes the message of a workflow command (actions/toolkit `escapeData`).
fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            // The Actions log honours ANSI escapes; user text must not restyle or hide lines.
            c if c.is_control() && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value (actions/toolkit `escapeProperty`): `,` and `:` separate
/// properties, so they must not appear raw in a value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "notice",
    }
}

fn write_finding(finding: &Finding, out: &mut dyn Write) -> io::Result<()> {
    let location = &finding.location;
    let mut properties = Vec::new();
    if !location.path.is_empty() {
        properties.push(format!("file={}", escape_property(&location.path)));
        if location.line > 0 {
            properties.push(format!("line={}", location.line));
            if location.column > 0 {
                properties.push(format!("col={}", location.column));
            }
        }
    }
    properties.push(format!("title={}", escape_property(&finding.rule)));

    let mut message = format!(
        "{} [{}, required bump: {}]",
        finding.message, finding.class, finding.required_bump
    );
    if let Some(contract) = &finding.contract {
        message.push_str(&format!("\ncontract: {contract}"));
    }
    if !finding.impacted.is_empty() {
        message.push_str(&format!(
            "\nimpacted consumers: {}",
            finding.impacted.join(", ")
        ));
    }
    if let Some(help) = &finding.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    writeln!(
        out,
        "::{} {}::{}",
        command(finding.level),
        properties.join(","),
        escape_data(&message)
    )
}

impl Emitter for GithubEmitter {
    fn emit(
        &self,
        report: &Report<'_>,
        _opts: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for finding in report.sorted_findings() {
            write_finding(finding, out)?;
        }
        if let Some(decision) = report.decision {
            let level = match decision.outcome {
                Outcome::Approve => Level::Note,
                Outcome::ApproveWithConditions => Level::Warning,
                Outcome::Deny => Level::Error,
            };
            let mut message = decision.outcome.as_str().to_string();
            for reason in &decision.reasons {
                message.push_str(&format!("\n- {reason}"));
            }
            for action in &decision.required_actions {
                let tag = if action.blocking { "required" } else { "to do" };
                message.push_str(&format!("\n[{tag}] {}", action.action));
            }
            writeln!(
                out,
                "::{} title={}::{}",
                command(level),
                escape_property("accord decision"),
                escape_data(&message)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_escape_separators() {
        assert_eq!(escape_property("a,b:c%d\ne"), "a%2Cb%3Ac%25d%0Ae");
        assert_eq!(escape_data("50%: a,b\r\n"), "50%25: a,b%0D%0A");
        assert_eq!(escape_data("\u{1b}[31mred"), "\u{fffd}[31mred");
    }
}

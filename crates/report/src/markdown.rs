//! The pull-request summary in GitHub-flavoured Markdown.

use crate::{Emitter, RenderOptions, Report};
use accord_model::{Class, Finding, Outcome};
use std::collections::BTreeSet;
use std::io::{self, Write};

/// Writes the decision, a findings table, the impacted consumers and the required actions.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownEmitter;

/// GitHub rejects comments over 65 536 characters; past this many rows the table is cut
/// and the full list is left to the other formats.
const MAX_ROWS: usize = 150;

/// Where a piece of text lands: table cells need `|` escaped and cannot hold line breaks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Cell,
    Line,
}

/// Makes `text` safe to paste: raw HTML is neutralised and `|` cannot end a cell, while
/// `code spans` written by rule messages keep rendering as code (entities are not decoded
/// inside code spans, so they must be left alone there).
fn inline(text: &str, context: Context) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let run = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..run];
            let after = &rest[run..];
            if let Some(end) = closing_fence(after, run) {
                out.push_str(fence);
                for c in after[..end].chars() {
                    match c {
                        '|' if context == Context::Cell => out.push_str("\\|"),
                        '\n' => out.push(' '),
                        c if c.is_control() && c != '\t' => {}
                        c => out.push(c),
                    }
                }
                out.push_str(fence);
                rest = &after[end + run..];
            } else {
                // An unmatched run would swallow the rest of the cell into a code span.
                for _ in 0..run {
                    out.push_str("\\`");
                }
                rest = after;
            }
            continue;
        }
        match c {
            '|' if context == Context::Cell => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' => out.push_str("\\\\"),
            '\r' => {}
            '\n' if context == Context::Cell => out.push_str("<br>"),
            '\n' => out.push(' '),
            // Terminal control characters mean nothing on a web page and can hide text.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Byte offset in `text` of a backtick run of exactly `len` characters.
fn closing_fence(text: &str, len: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' {
                i += 1;
            }
            if i - start == len {
                return Some(start);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// `text` as a code span, with a fence longer than any backtick run inside it.
fn code(text: &str, context: Context) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    let mut body = text.replace(['\r', '\n'], " ");
    if context == Context::Cell {
        body = body.replace('|', "\\|");
    }
    format!("{fence}{pad}{body}{pad}{fence}")
}

fn class_badge(class: Class) -> String {
    let dot = match class {
        Class::Breaking => "🔴",
        Class::Risky => "🟡",
        Class::Safe => "🟢",
    };
    format!("{dot} {class}")
}

fn where_cell(finding: &Finding) -> String {
    let location = &finding.location;
    let text = match (location.line, location.column) {
        (0, _) => location.path.clone(),
        (line, 0) => format!("{}:{line}", location.path),
        (line, column) => format!("{}:{line}:{column}", location.path),
    };
    if text.is_empty() {
        String::new()
    } else {
        code(&text, Context::Cell)
    }
}

fn consumers_cell(finding: &Finding) -> String {
    let direct: Vec<String> = finding
        .impacted
        .iter()
        .map(|p| code(p, Context::Cell))
        .collect();
    let indirect: Vec<String> = finding
        .impacted_indirect
        .iter()
        .map(|p| code(p, Context::Cell))
        .collect();
    match (direct.is_empty(), indirect.is_empty()) {
        (true, true) => "—".to_string(),
        (false, true) => direct.join(", "),
        (true, false) => format!("indirect: {}", indirect.join(", ")),
        (false, false) => format!("{} (indirect: {})", direct.join(", "), indirect.join(", ")),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl Emitter for MarkdownEmitter {
    fn emit(
        &self,
        report: &Report<'_>,
        _opts: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let findings = report.sorted_findings();
        let summary = report.summary();
        writeln!(out, "## Accord contract report\n")?;

        if let Some(decision) = report.decision {
            let icon = match decision.outcome {
                Outcome::Approve => "✅",
                Outcome::ApproveWithConditions => "⚠️",
                Outcome::Deny => "❌",
            };
            writeln!(out, "### {icon} Decision: {}\n", decision.outcome)?;
            for reason in &decision.reasons {
                writeln!(out, "- {}", inline(reason, Context::Line))?;
            }
            if !decision.reasons.is_empty() {
                writeln!(out)?;
            }
            let epic = serde_json::to_value(decision.epic_class)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            if decision.epic_reason.is_empty() {
                writeln!(out, "**Epic class:** {epic}\n")?;
            } else {
                writeln!(
                    out,
                    "**Epic class:** {epic} — {}\n",
                    inline(&decision.epic_reason, Context::Line)
                )?;
            }
        }

        if findings.is_empty() {
            writeln!(out, "✅ No contract findings.\n")?;
        } else {
            let counts: Vec<String> = Class::ALL
                .into_iter()
                .rev()
                .map(|class| format!("{} {}", summary.by_class.get(class), class_badge(class)))
                .collect();
            writeln!(
                out,
                "**{}** — {} — required bump: **{}**\n",
                plural(summary.findings, "finding"),
                counts.join(" · "),
                summary.required_bump
            )?;
            writeln!(out, "| Class | Rule | Where | Message | Consumers |")?;
            writeln!(out, "| --- | --- | --- | --- | --- |")?;
            for finding in findings.iter().take(MAX_ROWS) {
                let mut message = inline(&finding.message, Context::Cell);
                if let Some(contract) = &finding.contract {
                    message.push_str(&format!(
                        "<br>contract: {}",
                        inline(contract, Context::Cell)
                    ));
                }
                if let Some(help) = &finding.help {
                    message.push_str(&format!("<br>*help:* {}", inline(help, Context::Cell)));
                }
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    class_badge(finding.class),
                    code(&finding.rule, Context::Cell),
                    where_cell(finding),
                    message,
                    consumers_cell(finding)
                )?;
            }
            if findings.len() > MAX_ROWS {
                writeln!(
                    out,
                    "\n… and {} more; run `accord check --format human` for the full list.",
                    findings.len() - MAX_ROWS
                )?;
            }
            writeln!(out)?;
        }

        let consumers: Vec<String> = match report.decision {
            Some(decision) => decision.impacted_consumers.clone(),
            None => findings
                .iter()
                .flat_map(|f| f.impacted.iter().chain(&f.impacted_indirect))
                .cloned()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
        };
        if !consumers.is_empty() {
            writeln!(out, "### Impacted consumers\n")?;
            for consumer in &consumers {
                writeln!(out, "- {}", code(consumer, Context::Line))?;
            }
            writeln!(out)?;
        }

        if let Some(decision) = report.decision.filter(|d| !d.required_actions.is_empty()) {
            writeln!(out, "### Required actions\n")?;
            for action in &decision.required_actions {
                let tag = if action.blocking { "**blocking** " } else { "" };
                writeln!(
                    out,
                    "- [ ] {tag}{} ({})",
                    inline(&action.action, Context::Line),
                    code(&action.condition, Context::Line)
                )?;
            }
            writeln!(out)?;
        }

        let blocking = report.blocking();
        if !blocking.is_empty() {
            writeln!(out, "### Approving instead of fixing\n")?;
            writeln!(
                out,
                "A reviewer who holds the role may approve a blocking finding by its fingerprint (then commit the approvals file):\n"
            )?;
            writeln!(out, "| Fingerprint | Rule | Command |")?;
            writeln!(out, "| --- | --- | --- |")?;
            for b in &blocking {
                writeln!(
                    out,
                    "| {} | {} | {} |",
                    code(b.fingerprint, Context::Cell),
                    b.finding
                        .map_or_else(String::new, |f| code(&f.rule, Context::Cell)),
                    code(&b.approve_command(), Context::Cell)
                )?;
            }
            writeln!(out)?;
        }

        writeln!(
            out,
            "<sub>accord {}</sub>",
            inline(report.tool_version, Context::Line)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_are_escaped_inside_and_outside_code() {
        assert_eq!(inline("a | `b|c` d", Context::Cell), "a \\| `b\\|c` d");
    }

    #[test]
    fn html_is_neutralised_outside_code_only() {
        assert_eq!(
            inline("<img> `Vec<u8>`", Context::Line),
            "&lt;img&gt; `Vec<u8>`"
        );
    }

    #[test]
    fn unmatched_backtick_does_not_open_a_span() {
        assert_eq!(inline("it`s | x", Context::Cell), "it\\`s \\| x");
    }

    #[test]
    fn code_fence_outgrows_inner_backticks() {
        assert_eq!(code("a`b", Context::Line), "``a`b``");
        assert_eq!(code("`x", Context::Line), "`` `x ``");
    }

    #[test]
    fn newlines_in_cells_become_breaks() {
        assert_eq!(inline("one\r\ntwo", Context::Cell), "one<br>two");
    }
}

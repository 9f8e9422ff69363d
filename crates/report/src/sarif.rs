//! SARIF 2.1.0 (OASIS), the format code-scanning services ingest. Only the subset Accord
//! emits is modelled; `tests/sarif.rs` checks it against a subset of the official schema.

use crate::{Emitter, INFORMATION_URI, RenderOptions, Report, SourceLookup};
use accord_model::{Finding, Level, RuleMeta, Span};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

/// Writes a SARIF 2.1.0 log with one run.
#[derive(Debug, Clone, Copy, Default)]
pub struct SarifEmitter;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Paths are relative to the repository root, which SARIF names with a base id.
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    results: Vec<SarifResult<'a>>,
    /// Accord counts columns in characters, not the UTF-16 units SARIF assumes by default.
    column_kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RunProperties<'a>>,
}

#[derive(Serialize)]
struct RunProperties<'a> {
    #[serde(rename = "accord/decision")]
    decision: &'a accord_model::Decision,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    information_uri: &'static str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RuleProperties>,
}

#[derive(Serialize)]
struct Text {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

impl Text {
    fn plain(text: impl Into<String>) -> Text {
        Text {
            text: text.into(),
            markdown: None,
        }
    }
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    class: &'static str,
    bump: &'static str,
    group: &'static str,
    tags: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    partial_fingerprints: BTreeMap<&'static str, &'a str>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    class: &'static str,
    required_bump: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    contract: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    impacted: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    impacted_indirect: &'a [String],
    #[serde(skip_serializing_if = "str::is_empty")]
    logical_path: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
    }
}

/// Percent-encodes a repository path into a relative URI reference. `:` is encoded too,
/// so a first segment like `c:x` cannot be mistaken for a URI scheme.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Source text per path, read at most once for the whole log.
struct Texts<'a> {
    lookup: &'a dyn SourceLookup,
    cache: HashMap<(String, Option<String>), Option<String>>,
}

impl Texts<'_> {
    /// The end of the region, when the span is known and agrees with the line and column
    /// (a span from a stale source would otherwise point somewhere unrelated).
    fn end_of(&mut self, location: &accord_model::Location) -> Option<(u32, u32)> {
        let span = location.span?;
        let text = self
            .cache
            .entry((location.path.clone(), location.revision.clone()))
            .or_insert_with(|| {
                self.lookup
                    .source_at(&location.path, location.revision.as_deref())
                    .map(|t| t.into_owned())
            })
            .as_deref()?;
        if span.end > text.len() || span.end <= span.start {
            return None;
        }
        let start = Span::new(span.start, span.start).line_col(text);
        (start == (location.line, location.column))
            .then(|| Span::new(span.end, span.end).line_col(text))
    }
}

fn physical(location: &accord_model::Location, texts: &mut Texts<'_>) -> Option<PhysicalLocation> {
    if location.path.is_empty() {
        return None;
    }
    let region = (location.line > 0).then(|| {
        let end = texts.end_of(location);
        Region {
            start_line: location.line,
            start_column: (location.column > 0).then_some(location.column),
            end_line: end.map(|(line, _)| line),
            end_column: end.map(|(_, column)| column),
        }
    });
    Some(PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: uri(&location.path),
            uri_base_id: SRCROOT,
        },
        region,
    })
}

fn descriptor(rule: &'static RuleMeta) -> Descriptor<'static> {
    let docs = rule.markdown();
    Descriptor {
        id: rule.id,
        short_description: Some(Text::plain(rule.summary)),
        full_description: Some(Text {
            text: rule.summary.to_string(),
            markdown: Some(docs.clone()),
        }),
        help: Some(Text {
            text: docs.clone(),
            markdown: Some(docs),
        }),
        default_configuration: Some(Configuration {
            level: level(Level::default_for(rule.class)),
        }),
        properties: Some(RuleProperties {
            class: rule.class.as_str(),
            bump: rule.bump.as_str(),
            group: rule.group,
            tags: vec![rule.group.to_string(), rule.class.as_str().to_lowercase()],
        }),
    }
}

fn result<'a>(
    finding: &'a Finding,
    rule_index: Option<usize>,
    texts: &mut Texts<'_>,
) -> SarifResult<'a> {
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related = finding
        .related
        .iter()
        .filter_map(|r| Some((physical(&r.location, texts)?, r)))
        .enumerate()
        .map(|(id, (physical_location, r))| SarifLocation {
            id: Some(id),
            physical_location,
            message: Some(Text::plain(r.message.clone())),
        })
        .collect();
    SarifResult {
        rule_id: &finding.rule,
        rule_index,
        level: level(finding.level),
        message: Text::plain(message),
        locations: physical(&finding.location, texts)
            .map(|physical_location| SarifLocation {
                id: None,
                physical_location,
                message: None,
            })
            .into_iter()
            .collect(),
        related_locations: related,
        partial_fingerprints: BTreeMap::from([("accord/v1", finding.fingerprint.as_str())]),
        properties: ResultProperties {
            class: finding.class.as_str(),
            required_bump: finding.required_bump.as_str(),
            contract: finding.contract.as_deref(),
            impacted: &finding.impacted,
            impacted_indirect: &finding.impacted_indirect,
            logical_path: &finding.logical_path,
        },
    }
}

impl Emitter for SarifEmitter {
    fn emit(
        &self,
        report: &Report<'_>,
        _opts: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let findings = report.sorted_findings();
        let mut rules: Vec<Descriptor<'_>> = report.rules.iter().map(descriptor).collect();
        let mut index: HashMap<&str, usize> = report
            .rules
            .iter()
            .enumerate()
            .map(|(i, rule)| (rule.id, i))
            .collect();
        // A finding whose rule is missing from the catalogue still gets a descriptor, so
        // every result can point at one.
        for finding in &findings {
            if !index.contains_key(finding.rule.as_str()) {
                index.insert(&finding.rule, rules.len());
                rules.push(Descriptor {
                    id: &finding.rule,
                    short_description: None,
                    full_description: None,
                    help: None,
                    default_configuration: None,
                    properties: None,
                });
            }
        }
        let mut texts = Texts {
            lookup: report.sources,
            cache: HashMap::new(),
        };
        let results = findings
            .iter()
            .map(|f| result(f, index.get(f.rule.as_str()).copied(), &mut texts))
            .collect();
        let log = Log {
            schema: SCHEMA,
            version: "2.1.0",
            runs: vec![Run {
                tool: Tool {
                    driver: Driver {
                        name: "accord",
                        version: report.tool_version,
                        information_uri: INFORMATION_URI,
                        rules,
                    },
                },
                results,
                column_kind: "unicodeCodePoints",
                properties: report.decision.map(|decision| RunProperties { decision }),
            }],
        };
        serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
        out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_encodes_what_a_uri_cannot_hold() {
        assert_eq!(uri("docs/a b/ç:1.yaml"), "docs/a%20b/%C3%A7%3A1.yaml");
        assert_eq!(uri("a/b-c_d.e~f"), "a/b-c_d.e~f");
    }
}

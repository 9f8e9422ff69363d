//! The JSON report: the public, versioned interface described by `report_schema()`.

use crate::{Emitter, JSON_REPORT_VERSION, RenderOptions, Report, Summary};
use accord_model::{Decision, Finding};
use serde::Serialize;
use std::io::{self, Write};

/// Writes the JSON report: `{"version", "findings", "summary", "decision"?, "details"?}`.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonEmitter;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    findings: Vec<&'a Finding>,
    summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    decision: Option<&'a Decision>,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a serde_json::Value>,
}

impl Emitter for JsonEmitter {
    fn emit(
        &self,
        report: &Report<'_>,
        _opts: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let body = JsonReport {
            version: JSON_REPORT_VERSION,
            findings: report.sorted_findings(),
            summary: report.summary(),
            decision: report.decision,
            details: report.extra,
        };
        serde_json::to_writer_pretty(&mut *out, &body).map_err(io::Error::other)?;
        out.write_all(b"\n")
    }
}

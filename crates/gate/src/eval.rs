//! A gate against its report (and baseline) → an [`Evaluation`] → findings.

use crate::config::{Aggregate, Baseline, Comparison, Gate, Severity, Unit};
use crate::rules::{
    GATE_ERROR, GATE_FAILED, GATE_REGRESSION, GATE_REGRESSION_JUSTIFY, GATE_WARNING,
};
use crate::select::{Selector, Sink, walk};
use accord_fs::{FsError, Root};
use accord_model::{Finding, Location};
use serde::Serialize;
use std::io::BufReader;

/// Reports may be far larger than any source file (every sample of a benchmark run); they
/// are streamed, so the ceiling only bounds time, never memory.
pub const REPORT_READ_LIMIT: u64 = 4 * 1024 * 1024 * 1024;

/// Why a gate's number could not be read. Never a pass: each becomes a `gate-error` finding.
#[derive(Debug, thiserror::Error)]
pub enum GateError {
    /// The report is missing, outside the repository, not a regular file or unreadable.
    #[error(transparent)]
    File(#[from] FsError),
    /// The report is not JSON, or the selector does not lead to finite numbers in it.
    #[error("{path}:{line}:{column}: {message}")]
    Report {
        /// The report, relative to the repository root.
        path: String,
        /// 1-based line (0 when the failure has no position, e.g. a read error).
        line: u32,
        /// 1-based column.
        column: u32,
        /// What is wrong.
        message: String,
    },
}

impl GateError {
    /// Where the problem is, when it is inside the report.
    pub fn location(&self) -> Option<Location> {
        match self {
            GateError::Report {
                path, line, column, ..
            } => Some(Location::new(path.clone(), *line, *column)),
            GateError::File(_) => None,
        }
    }
}

/// The numbers a selector matched, reduced to one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Reading {
    /// The value.
    pub value: f64,
    /// How many numbers went into it.
    pub samples: u64,
}

/// Reads `selector` from the JSON report at `path` (streamed; see [`crate::select`]).
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("r.json"), r#"{"runs": [{"ms": 3}, {"ms": 1}, {"ms": 2}]}"#).unwrap();
/// let root = accord_fs::Root::open(dir.path()).unwrap();
/// let sel = accord_gate::Selector::parse("runs[*].ms").unwrap();
/// let r = accord_gate::read_value(&root, "r.json", &sel, Some(accord_gate::Aggregate::Max)).unwrap();
/// assert_eq!((r.value, r.samples), (3.0, 3));
/// ```
pub fn read_value(
    root: &Root,
    path: &str,
    selector: &Selector,
    aggregate: Option<Aggregate>,
) -> Result<Reading, GateError> {
    let mut sink = Sink::new(aggregate);
    stream(root, path, selector, &mut sink)?;
    finish(path, selector, aggregate, sink)
}

/// Reads the values `selector` reaches in the JSON report at `path`, each whole with its
/// JSON Pointer, streaming past everything else: for per-item records (one extension's
/// conformance result) inside a report too large to hold as a tree. A selector that
/// reaches nothing is an error, as for a gate.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("r.json"), r#"{"big": [1, 2, 3], "items": [{"n": "a"}, {"n": "b"}]}"#).unwrap();
/// let root = accord_fs::Root::open(dir.path()).unwrap();
/// let sel = accord_gate::Selector::parse("items[*]").unwrap();
/// let r = accord_gate::read_records(&root, "r.json", &sel).unwrap();
/// assert_eq!(r[1].0, "/items/1");
/// assert_eq!(r[1].1["n"], "b");
/// ```
pub fn read_records(
    root: &Root,
    path: &str,
    selector: &Selector,
) -> Result<Vec<(String, serde_json::Value)>, GateError> {
    let file = root.clone().with_limit(REPORT_READ_LIMIT).open_read(path)?;
    read_records_from(BufReader::with_capacity(1 << 16, file), path, selector)
}

/// [`read_records`] over any reader (a report read from a git revision); `path` names it in
/// errors.
pub fn read_records_from<R: std::io::Read>(
    reader: R,
    path: &str,
    selector: &Selector,
) -> Result<Vec<(String, serde_json::Value)>, GateError> {
    let mut sink = Sink::records();
    stream_from(reader, path, selector, &mut sink)?;
    Ok(sink.records.unwrap_or_default())
}

fn stream(root: &Root, path: &str, selector: &Selector, sink: &mut Sink) -> Result<(), GateError> {
    let file = root.clone().with_limit(REPORT_READ_LIMIT).open_read(path)?;
    stream_from(
        BufReader::with_capacity(1 << 16, file),
        path,
        selector,
        sink,
    )
}

fn stream_from<R: std::io::Read>(
    reader: R,
    path: &str,
    selector: &Selector,
    sink: &mut Sink,
) -> Result<(), GateError> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let positioned = |e: serde_json::Error| {
        let text = e.to_string();
        // serde_json appends " at line L column C"; the position is kept as data instead.
        let message = match text.rfind(" at line ") {
            Some(i) if e.line() > 0 => text[..i].to_string(),
            _ => text,
        };
        let message = if e.is_eof() {
            format!("{message} (the report is truncated or empty)")
        } else {
            message
        };
        GateError::Report {
            path: path.to_string(),
            line: u32::try_from(e.line()).unwrap_or(u32::MAX),
            column: u32::try_from(e.column()).unwrap_or(u32::MAX),
            message,
        }
    };
    walk(&mut de, selector, sink).map_err(positioned)?;
    de.end().map_err(positioned)?;
    Ok(())
}

fn finish(
    path: &str,
    selector: &Selector,
    aggregate: Option<Aggregate>,
    mut sink: Sink,
) -> Result<Reading, GateError> {
    let value = match aggregate {
        None => sink.sum,
        Some(Aggregate::Count) => sink.count as f64,
        Some(Aggregate::Sum) => sink.sum,
        Some(Aggregate::Min) => sink.min,
        Some(Aggregate::Max) => sink.max,
        Some(Aggregate::Mean) => sink.sum / sink.count as f64,
        Some(a @ (Aggregate::P50 | Aggregate::P95 | Aggregate::P99)) => {
            let p = match a {
                Aggregate::P50 => 50.0,
                Aggregate::P95 => 95.0,
                _ => 99.0,
            };
            percentile(&mut sink.values, p)
        }
    };
    // A count of zero is an answer; any other aggregate of nothing is not. The walk already
    // refuses an empty wildcard, so this guards arrays at the end of a selector.
    if sink.count == 0 && aggregate != Some(Aggregate::Count) {
        return Err(GateError::Report {
            path: path.to_string(),
            line: 0,
            column: 0,
            message: format!("`{selector}` matched no number"),
        });
    }
    if !value.is_finite() {
        return Err(GateError::Report {
            path: path.to_string(),
            line: 0,
            column: 0,
            message: format!(
                "the {} of `{selector}` is {value} (the numbers overflow)",
                aggregate.map_or("value", Aggregate::as_str)
            ),
        });
    }
    Ok(Reading {
        value,
        samples: sink.count,
    })
}

/// Nearest-rank percentile: the smallest value with at least `p` % of the values at or
/// below it — always one of the measured values, never an interpolation.
fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * values.len() as f64).ceil().max(1.0) as usize;
    let (_, nth, _) = values.select_nth_unstable_by(rank - 1, f64::total_cmp);
    *nth
}

/// The outcome of one gate, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Verdict {
    /// The value could not be read.
    Error,
    /// The threshold is broken.
    Fail,
    /// The value regressed more than `regression_fail` percent.
    Regression,
    /// An advisory gate's threshold is broken.
    Warning,
    /// The value regressed within the tolerated margin: document it.
    Justify,
    /// Within threshold and margin.
    Pass,
}

impl Verdict {
    /// The verdict as shown in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Error => "ERROR",
            Verdict::Fail => "FAIL",
            Verdict::Regression => "REGRESSION",
            Verdict::Warning => "WARN",
            Verdict::Justify => "JUSTIFY",
            Verdict::Pass => "PASS",
        }
    }
}

/// One gate, evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// The gate's name.
    pub gate: String,
    /// The measured value (`None` on error).
    pub value: Option<f64>,
    /// How many numbers went into the value.
    pub samples: u64,
    /// The comparison.
    pub comparison: Comparison,
    /// The threshold.
    pub threshold: f64,
    /// The unit.
    pub unit: Unit,
    /// The baseline value, when the gate has one and it could be read.
    pub baseline: Option<f64>,
    /// Regression against the baseline in percent (positive: worse; infinite when the
    /// baseline is 0 and the value is worse).
    pub regression_percent: Option<f64>,
    /// The worst outcome.
    pub verdict: Verdict,
    /// Why the gate could not be evaluated.
    pub error: Option<String>,
    /// Whether the threshold is met (`None` on error).
    pub threshold_met: Option<bool>,
    #[serde(skip)]
    error_location: Option<Location>,
}

/// Regression of `value` against `baseline` in percent, positive when worse for a gate
/// compared with `cmp`.
pub fn regression_percent(cmp: Comparison, value: f64, baseline: f64) -> f64 {
    let worse_by = match cmp {
        Comparison::Lt | Comparison::Le => value - baseline,
        Comparison::Gt | Comparison::Ge => baseline - value,
        Comparison::Eq => (value - baseline).abs(),
    };
    if baseline == 0.0 {
        return if worse_by > 0.0 {
            f64::INFINITY
        } else if worse_by < 0.0 {
            f64::NEG_INFINITY
        } else {
            0.0
        };
    }
    worse_by / baseline.abs() * 100.0
}

/// Evaluates `gate` against the files under `root`.
pub fn evaluate(root: &Root, gate: &Gate) -> Evaluation {
    let mut eval = Evaluation {
        gate: gate.name.clone(),
        value: None,
        samples: 0,
        comparison: gate.comparison,
        threshold: gate.threshold,
        unit: gate.unit,
        baseline: None,
        regression_percent: None,
        verdict: Verdict::Error,
        error: None,
        threshold_met: None,
        error_location: None,
    };
    let fail = |mut eval: Evaluation, e: GateError| {
        eval.error_location = e.location();
        eval.error = Some(match e {
            GateError::Report { path, message, .. } => format!("{path}: {message}"),
            other => other.to_string(),
        });
        eval.verdict = Verdict::Error;
        eval
    };
    let reading = match read_value(root, &gate.report, &gate.selector, gate.aggregate) {
        Ok(r) => r,
        Err(e) => return fail(eval, e),
    };
    eval.value = Some(reading.value);
    eval.samples = reading.samples;
    let met = gate.comparison.holds(reading.value, gate.threshold);
    eval.threshold_met = Some(met);
    let baseline = match &gate.baseline {
        None => None,
        Some(Baseline::Value(v)) => Some(*v),
        Some(Baseline::Report { path, selector }) => {
            match read_value(root, path, selector, gate.aggregate) {
                Ok(r) => Some(r.value),
                Err(e) => return fail(eval, e),
            }
        }
    };
    let mut verdict = Verdict::Pass;
    if let Some(base) = baseline {
        let pct = regression_percent(gate.comparison, reading.value, base);
        eval.baseline = Some(base);
        eval.regression_percent = Some(pct);
        if pct > gate.regression_fail {
            verdict = Verdict::Regression;
        } else if pct > gate.regression_warn {
            verdict = Verdict::Justify;
        }
    }
    if !met {
        verdict = verdict.min(match gate.severity {
            Severity::Error => Verdict::Fail,
            Severity::Warning => Verdict::Warning,
        });
    }
    eval.verdict = verdict;
    eval
}

/// Formats a number for messages: integers without a fraction, others with up to 3 decimals.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A regression percentage for messages and tables (`+25.0 %`, `n/a` for a 0 baseline).
pub fn percent(p: f64) -> String {
    if p.is_finite() {
        format!("{p:+.1} %")
    } else {
        "n/a (baseline 0)".to_string()
    }
}

impl Evaluation {
    /// The findings of this evaluation: one per broken promise (threshold, regression) or
    /// one `gate-error`. A passing gate has none. `manifest_path`/`manifest_text` place them
    /// on the gate's table in `accord.toml`.
    pub fn findings(&self, gate: &Gate, manifest_path: &str, manifest_text: &str) -> Vec<Finding> {
        let place = |span: accord_model::Span| {
            if span.end > span.start && !manifest_text.is_empty() {
                Location::from_span(manifest_path, manifest_text, span)
            } else {
                Location::file(manifest_path)
            }
        };
        let logical = format!("gates.{}", gate.name);
        let with_report = |f: Finding, span| {
            f.with_logical_path(logical.clone())
                .at(place(span))
                .related(Location::file(&gate.report), "the report the gate reads")
        };
        let what = match gate.aggregate {
            Some(a) => format!("{} of `{}`", a.as_str(), gate.selector),
            None => format!("`{}`", gate.selector),
        };
        let unit = gate.unit.as_str();
        let mut out = Vec::new();
        if let Some(error) = &self.error {
            let f = Finding::of(
                &GATE_ERROR,
                format!("gate `{}` could not be evaluated: {error}", gate.name),
            )
            .with_logical_path(logical.clone())
            .with_help("produce the report before the check, or fix the gate's selector; a gate that cannot read its number never passes");
            // The report's position is the primary place when known; the gate is related.
            let gate_at = place(gate.spans.report);
            out.push(match &self.error_location {
                Some(at) if at.line > 0 => f.at(at.clone()).related(gate_at, "the gate's report"),
                _ => f.at(gate_at),
            });
            return out;
        }
        let Some(value) = self.value else {
            return out;
        };
        if self.threshold_met == Some(false) {
            let rule = match gate.severity {
                Severity::Error => &GATE_FAILED,
                Severity::Warning => &GATE_WARNING,
            };
            out.push(with_report(
                Finding::of(
                    rule,
                    format!(
                        "gate `{}`: {what} in {} is {} {unit}, which breaks `{} {} {unit}`",
                        gate.name,
                        gate.report,
                        number(value),
                        gate.comparison.as_str(),
                        number(gate.threshold)
                    ),
                )
                .with_help(match gate.severity {
                    Severity::Error => "bring the metric back within its threshold, or change the threshold in a reviewed change",
                    Severity::Warning => "advisory gate: improve the metric; drop `severity = \"warning\"` once it is met reliably",
                }),
                gate.spans.threshold,
            ));
        }
        if let (Some(base), Some(pct)) = (self.baseline, self.regression_percent) {
            let regressed = |rule, limit: String, help: &str| {
                let f = with_report(
                    Finding::of(
                        rule,
                        format!(
                            "gate `{}`: {what} regressed from {} to {} {unit} ({}), {limit}",
                            gate.name,
                            number(base),
                            number(value),
                            percent(pct)
                        ),
                    ),
                    gate.spans.baseline,
                );
                let help = help.replace("{fingerprint}", &f.fingerprint);
                f.with_help(help)
            };
            if pct > gate.regression_fail {
                out.push(regressed(
                    &GATE_REGRESSION,
                    format!("more than the {} % that blocks", number(gate.regression_fail)),
                    "investigate and fix before merging; if this is the new normal, update the baseline in a reviewed change",
                ));
            } else if pct > gate.regression_warn {
                out.push(regressed(
                    &GATE_REGRESSION_JUSTIFY,
                    format!(
                        "within the {} % margin: document the regression",
                        number(gate.regression_fail)
                    ),
                    "document the regression: add `[approvals.{fingerprint}]` with a `justification` to the approvals file",
                ));
            }
        }
        out
    }
}

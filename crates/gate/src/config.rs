//! `[gates.NAME]` of `accord.toml` → [`Gate`]s, every mistake pointing into the manifest.

use crate::select::Selector;
use accord_model::manifest::RawSection;
use accord_model::{Location, Span};
use serde::Serialize;
use serde_json::Value;
use std::fmt;

const GATE_KEYS: &[&str] = &[
    "report",
    "selector",
    "aggregate",
    "comparison",
    "threshold",
    "unit",
    "severity",
    "baseline",
    "baseline_selector",
    "regression_fail",
    "regression_warn",
    "description",
];

/// Seed 002: "more than 20 % over the baseline blocks".
pub const DEFAULT_REGRESSION_FAIL: f64 = 20.0;
/// Seed 002: "less must be documented" — any regression at all.
pub const DEFAULT_REGRESSION_WARN: f64 = 0.0;

/// One gate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gate {
    /// The table key (`cold-load` in `[gates.cold-load]`).
    pub name: String,
    /// The JSON report, relative to the repository root.
    pub report: String,
    /// Which numbers of the report to read.
    pub selector: Selector,
    /// How several numbers become one; required when the selector can match several.
    pub aggregate: Option<Aggregate>,
    /// How the value is compared with the threshold.
    pub comparison: Comparison,
    /// The bound.
    pub threshold: f64,
    /// Unit of the value and threshold (shown, and part of the promise).
    pub unit: Unit,
    /// Whether a broken threshold blocks.
    pub severity: Severity,
    /// What the value is compared with for regressions.
    pub baseline: Option<Baseline>,
    /// Regression (in percent of the baseline) above which the change is blocked.
    pub regression_fail: f64,
    /// Regression above which (up to `regression_fail`) it must be documented.
    pub regression_warn: f64,
    /// Free text shown with findings.
    pub description: Option<String>,
    /// Where the gate is declared in `accord.toml`.
    pub spans: GateSpans,
}

/// Places in `accord.toml` a gate's findings point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct GateSpans {
    /// The `[gates.NAME]` table.
    pub table: Span,
    /// The `report` value (errors reading it).
    pub report: Span,
    /// The `threshold` value (a broken threshold).
    pub threshold: Span,
    /// The `baseline` value (a regression); the table when there is none.
    pub baseline: Span,
}

/// A gate's baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Baseline {
    /// A number written in `accord.toml`.
    Value(f64),
    /// Another report, read with `selector` (the gate's own unless `baseline_selector` is set).
    Report {
        /// The baseline report, relative to the repository root.
        path: String,
        /// Which numbers to read from it.
        selector: Selector,
    },
}

/// How several matched numbers become the gate's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    /// How many numbers matched.
    Count,
    /// Their sum.
    Sum,
    /// The smallest.
    Min,
    /// The largest.
    Max,
    /// The arithmetic mean.
    Mean,
    /// The median (nearest rank).
    P50,
    /// The 95th percentile (nearest rank).
    P95,
    /// The 99th percentile (nearest rank).
    P99,
}

impl Aggregate {
    const ALL: [(&'static str, Aggregate); 8] = [
        ("count", Aggregate::Count),
        ("sum", Aggregate::Sum),
        ("min", Aggregate::Min),
        ("max", Aggregate::Max),
        ("mean", Aggregate::Mean),
        ("p50", Aggregate::P50),
        ("p95", Aggregate::P95),
        ("p99", Aggregate::P99),
    ];

    /// The key used in `accord.toml`.
    pub fn as_str(self) -> &'static str {
        Aggregate::ALL
            .iter()
            .find(|(_, a)| *a == self)
            .map_or("", |(s, _)| s)
    }

    /// Whether the values themselves must be kept (percentiles), not only running totals.
    pub fn needs_values(self) -> bool {
        matches!(self, Aggregate::P50 | Aggregate::P95 | Aggregate::P99)
    }
}

/// The comparison a gate's value must satisfy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Comparison {
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `<=`
    #[serde(rename = "<=")]
    Le,
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `>=`
    #[serde(rename = ">=")]
    Ge,
    /// `==`
    #[serde(rename = "==")]
    Eq,
}

impl Comparison {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::Lt => "<",
            Comparison::Le => "<=",
            Comparison::Gt => ">",
            Comparison::Ge => ">=",
            Comparison::Eq => "==",
        }
    }

    /// Whether `value` satisfies `value OP threshold`.
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparison::Lt => value < threshold,
            Comparison::Le => value <= threshold,
            Comparison::Gt => value > threshold,
            Comparison::Ge => value >= threshold,
            // Reports print rounded numbers: equality within a relative 1e-9.
            Comparison::Eq => {
                (value - threshold).abs() <= 1e-9 * value.abs().max(threshold.abs()).max(1.0)
            }
        }
    }
}

/// Units a gate may declare (required: a bare number is not a promise anyone can read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Unit {
    /// Percent.
    #[serde(rename = "%")]
    Percent,
    /// Milliseconds.
    #[serde(rename = "ms")]
    Ms,
    /// Seconds.
    #[serde(rename = "s")]
    S,
    /// Megabytes.
    #[serde(rename = "MB")]
    Mb,
    /// Bytes.
    #[serde(rename = "bytes")]
    Bytes,
    /// A count of things.
    #[serde(rename = "count")]
    Count,
}

impl Unit {
    const ALL: [(&'static str, Unit); 6] = [
        ("%", Unit::Percent),
        ("ms", Unit::Ms),
        ("s", Unit::S),
        ("MB", Unit::Mb),
        ("bytes", Unit::Bytes),
        ("count", Unit::Count),
    ];

    /// The unit as written.
    pub fn as_str(self) -> &'static str {
        Unit::ALL
            .iter()
            .find(|(_, u)| *u == self)
            .map_or("", |(s, _)| s)
    }
}

/// Whether a broken threshold blocks the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// `gate-failed`, BREAKING: denies.
    #[default]
    Error,
    /// `gate-warning`, RISKY: shown, does not block.
    Warning,
}

/// One mistake in `[gates]`, with its place in `accord.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateConfigError {
    /// File, line and column.
    pub location: Location,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GateConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let l = &self.location;
        write!(f, "{}:{}:{}: {}", l.path, l.line, l.column, self.message)
    }
}

/// Every mistake in `[gates]`, reported at once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct GateConfigErrors(pub Vec<GateConfigError>);

impl fmt::Display for GateConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// Parses `[gates]` (`None`: no gates). `manifest_path` and `source` (the text of
/// `accord.toml`) place errors.
///
/// ```
/// use accord_model::manifest::RawSection;
/// let section = RawSection {
///     value: serde_json::json!({"load": {"report": "r.json", "selector": "/p95", "comparison": "<", "threshold": 200, "unit": "ms"}}),
///     spans: Default::default(),
/// };
/// let gates = accord_gate::parse_gates(Some(&section), "accord.toml", "").unwrap();
/// assert_eq!(gates[0].threshold, 200.0);
/// let bad = RawSection {
///     value: serde_json::json!({"load": {"report": "r.json", "selector": "/p95", "comparison": "<", "threshold": 200}}),
///     spans: Default::default(),
/// };
/// assert!(accord_gate::parse_gates(Some(&bad), "accord.toml", "").unwrap_err().to_string().contains("`gates.load.unit` is required"));
/// ```
pub fn parse_gates(
    section: Option<&RawSection>,
    manifest_path: &str,
    source: &str,
) -> Result<Vec<Gate>, GateConfigErrors> {
    let Some(section) = section else {
        return Ok(Vec::new());
    };
    let mut p = Parser {
        section,
        path: manifest_path,
        source,
        errors: Vec::new(),
    };
    let Some(table) = section.value.as_object() else {
        p.error("", "`[gates]` must be a table of `[gates.NAME]` tables");
        return Err(GateConfigErrors(p.errors));
    };
    let mut gates = Vec::new();
    for (name, value) in table {
        let ptr = format!("/{}", escape(name));
        if let Some(gate) = p.gate(name, &ptr, value) {
            gates.push(gate);
        }
    }
    if p.errors.is_empty() {
        Ok(gates)
    } else {
        Err(GateConfigErrors(p.errors))
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

struct Parser<'a> {
    section: &'a RawSection,
    path: &'a str,
    source: &'a str,
    errors: Vec<GateConfigError>,
}

impl Parser<'_> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let span = self.section.span_of(pointer);
        let location = if self.source.is_empty() {
            Location::file(self.path)
        } else {
            Location::from_span(self.path, self.source, span)
        };
        self.errors.push(GateConfigError {
            location,
            message: message.into(),
        });
    }

    fn gate(&mut self, name: &str, ptr: &str, value: &Value) -> Option<Gate> {
        let Some(t) = value.as_object() else {
            self.error(
                ptr,
                format!("`gates.{name}` must be a table (`[gates.{name}]`)"),
            );
            return None;
        };
        let before = self.errors.len();
        for key in t.keys() {
            if !GATE_KEYS.contains(&key.as_str()) {
                self.error(
                    &format!("{ptr}/{}", escape(key)),
                    format!(
                        "unknown key `gates.{name}.{key}`; expected one of {}",
                        GATE_KEYS.join(", ")
                    ),
                );
            }
        }
        let at = |key: &str| format!("{ptr}/{key}");
        let report = self.required_string(name, t, ptr, "report");
        if let Some(r) = &report
            && !accord_fs::is_confined(r)
        {
            self.error(
                &at("report"),
                format!("`gates.{name}.report` `{r}` leaves the repository; give a path relative to its root"),
            );
        }
        let selector = self
            .required_string(name, t, ptr, "selector")
            .and_then(|s| self.selector(&at("selector"), name, &s));
        let aggregate = match t.get("aggregate") {
            None => None,
            Some(v) => self.keyword(&at("aggregate"), name, "aggregate", v, &Aggregate::ALL),
        };
        let comparison = match t.get("comparison") {
            None => {
                self.error(
                    ptr,
                    format!("`gates.{name}.comparison` is required (one of <, <=, >, >=, ==)"),
                );
                None
            }
            Some(v) => self.keyword(
                &at("comparison"),
                name,
                "comparison",
                v,
                &[
                    ("<", Comparison::Lt),
                    ("<=", Comparison::Le),
                    (">", Comparison::Gt),
                    (">=", Comparison::Ge),
                    ("==", Comparison::Eq),
                ],
            ),
        };
        let threshold = match t.get("threshold") {
            None => {
                self.error(ptr, format!("`gates.{name}.threshold` is required"));
                None
            }
            Some(v) => self.number(&at("threshold"), name, "threshold", v),
        };
        let unit = match t.get("unit") {
            None => {
                self.error(
                    ptr,
                    format!("`gates.{name}.unit` is required (one of %, ms, s, MB, bytes, count): a threshold without a unit is not a promise anyone can check"),
                );
                None
            }
            Some(v) => self.keyword(&at("unit"), name, "unit", v, &Unit::ALL),
        };
        let severity = match t.get("severity") {
            None => Some(Severity::default()),
            Some(v) => self.keyword(
                &at("severity"),
                name,
                "severity",
                v,
                &[("error", Severity::Error), ("warning", Severity::Warning)],
            ),
        };
        let baseline_selector = match t.get("baseline_selector") {
            None => None,
            Some(v) => match v.as_str() {
                Some(s) => self.selector(&at("baseline_selector"), name, s),
                None => {
                    self.error(
                        &at("baseline_selector"),
                        format!("`gates.{name}.baseline_selector` must be a string"),
                    );
                    None
                }
            },
        };
        let baseline = match t.get("baseline") {
            None => {
                if t.contains_key("baseline_selector") {
                    self.error(
                        &at("baseline_selector"),
                        format!(
                            "`gates.{name}.baseline_selector` needs `baseline` (a report path)"
                        ),
                    );
                }
                None
            }
            Some(Value::String(path)) => {
                if !accord_fs::is_confined(path) {
                    self.error(&at("baseline"), format!("`gates.{name}.baseline` `{path}` leaves the repository; give a path relative to its root"));
                }
                Some(Baseline::Report {
                    path: path.clone(),
                    selector: baseline_selector.or_else(|| selector.clone())?,
                })
            }
            Some(v) => {
                if t.contains_key("baseline_selector") {
                    self.error(&at("baseline_selector"), format!("`gates.{name}.baseline_selector` only applies when `baseline` is a report path"));
                }
                self.number(&at("baseline"), name, "baseline", v)
                    .map(Baseline::Value)
            }
        };
        let mut percent = |key: &str, default: f64| match t.get(key) {
            None => default,
            Some(v) => match self.number(&at(key), name, key, v) {
                Some(n) if n >= 0.0 => n,
                Some(_) => {
                    self.error(
                        &at(key),
                        format!("`gates.{name}.{key}` is a percentage and cannot be negative"),
                    );
                    default
                }
                None => default,
            },
        };
        let regression_fail = percent("regression_fail", DEFAULT_REGRESSION_FAIL);
        let regression_warn = percent("regression_warn", DEFAULT_REGRESSION_WARN);
        if regression_warn > regression_fail {
            self.error(
                &at("regression_warn"),
                format!("`gates.{name}.regression_warn` ({regression_warn}) is above `regression_fail` ({regression_fail})"),
            );
        }
        if t.get("baseline").is_none()
            && (t.contains_key("regression_fail") || t.contains_key("regression_warn"))
        {
            self.error(
                ptr,
                format!(
                    "`gates.{name}` sets a regression margin but no `baseline` to regress from"
                ),
            );
        }
        let description = t.get("description").and_then(|v| {
            let s = v.as_str();
            if s.is_none() {
                self.error(
                    &at("description"),
                    format!("`gates.{name}.description` must be a string"),
                );
            }
            s.map(str::to_string)
        });
        if let (Some(sel), false) = (&selector, t.contains_key("aggregate"))
            && sel.has_wildcard()
        {
            self.error(
                &at("selector"),
                format!("`gates.{name}.selector` has a `*` wildcard and may match several numbers: set `aggregate` (count, sum, min, max, mean, p50, p95, p99)"),
            );
        }
        if self.errors.len() > before {
            return None;
        }
        Some(Gate {
            name: name.to_string(),
            report: report?,
            selector: selector?,
            aggregate,
            comparison: comparison?,
            threshold: threshold?,
            unit: unit?,
            severity: severity?,
            baseline,
            regression_fail,
            regression_warn,
            description,
            spans: GateSpans {
                table: self.section.span_of(ptr),
                report: self.section.span_of(&at("report")),
                threshold: self.section.span_of(&at("threshold")),
                baseline: self.section.span_of(&at("baseline")),
            },
        })
    }

    fn required_string(
        &mut self,
        name: &str,
        t: &serde_json::Map<String, Value>,
        ptr: &str,
        key: &str,
    ) -> Option<String> {
        match t.get(key) {
            None => {
                self.error(ptr, format!("`gates.{name}.{key}` is required"));
                None
            }
            Some(Value::String(s)) if !s.trim().is_empty() || key == "selector" => Some(s.clone()),
            Some(_) => {
                self.error(
                    &format!("{ptr}/{key}"),
                    format!("`gates.{name}.{key}` must be a non-empty string"),
                );
                None
            }
        }
    }

    fn selector(&mut self, ptr: &str, name: &str, text: &str) -> Option<Selector> {
        match Selector::parse(text) {
            Ok(s) => Some(s),
            Err(why) => {
                self.error(ptr, format!("`gates.{name}` selector `{text}`: {why}"));
                None
            }
        }
    }

    fn number(&mut self, ptr: &str, name: &str, key: &str, v: &Value) -> Option<f64> {
        match v.as_f64() {
            Some(n) if n.is_finite() => Some(n),
            _ => {
                self.error(ptr, format!("`gates.{name}.{key}` must be a finite number"));
                None
            }
        }
    }

    fn keyword<T: Copy>(
        &mut self,
        ptr: &str,
        name: &str,
        key: &str,
        v: &Value,
        table: &[(&str, T)],
    ) -> Option<T> {
        let found = v
            .as_str()
            .and_then(|s| table.iter().find(|(k, _)| *k == s.trim()));
        if found.is_none() {
            let expected: Vec<&str> = table.iter().map(|(k, _)| *k).collect();
            self.error(
                ptr,
                format!(
                    "`gates.{name}.{key}` must be one of {}, not {v}",
                    expected.join(", ")
                ),
            );
        }
        found.map(|(_, t)| *t)
    }
}

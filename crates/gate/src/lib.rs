//! Metric gates: `[gates.NAME]` of `accord.toml` reads a number from a JSON report (a
//! conformance pass rate, the p95 of a latency run), compares it with a threshold and,
//! optionally, with a baseline, and says so as findings.
//!
//! Reports are streamed ([`select`]): a selector into a 200 MB array keeps only the `f64`s
//! it needs. Anything that is not a clean number — a missing report, a selector matching
//! nothing, a string, `null`, an overflow — is a [`GateError`] and a `gate-error` finding,
//! never a pass.
//!
//! ```
//! use accord_model::manifest::RawSection;
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("budget.json"), r#"{"cold_load": {"samples_ms": [90, 120, 180, 210]}}"#).unwrap();
//! let section = RawSection {
//!     value: serde_json::json!({"cold-load": {
//!         "report": "budget.json", "selector": "/cold_load/samples_ms", "aggregate": "p95",
//!         "comparison": "<", "threshold": 200, "unit": "ms", "baseline": 180,
//!     }}),
//!     spans: Default::default(),
//! };
//! let gates = accord_gate::parse_gates(Some(&section), "accord.toml", "").unwrap();
//! let root = accord_fs::Root::open(dir.path()).unwrap();
//! let eval = accord_gate::evaluate(&root, &gates[0]);
//! assert_eq!(eval.value, Some(210.0));
//! assert_eq!(eval.verdict, accord_gate::Verdict::Fail);
//! let rules: Vec<String> = eval.findings(&gates[0], "accord.toml", "").into_iter().map(|f| f.rule).collect();
//! assert_eq!(rules, ["gate-failed", "gate-regression-justify"]);
//! ```

pub mod changelog;
mod config;
mod eval;
pub mod rules;
pub mod select;
pub mod trace;
pub mod window;

pub use config::{
    Aggregate, Baseline, Comparison, DEFAULT_REGRESSION_FAIL, DEFAULT_REGRESSION_WARN, Gate,
    GateConfigError, GateConfigErrors, GateSpans, Severity, Unit, parse_gates,
};
pub use eval::{
    Evaluation, GateError, REPORT_READ_LIMIT, Reading, Verdict, evaluate, number, percent,
    read_records, read_records_from, read_value, regression_percent,
};
pub use rules::rules;
pub use select::{Segment, Selector};

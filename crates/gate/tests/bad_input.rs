//! Bad input never passes a gate: each case is an error naming the file and the position
//! (line:col in the report, or in accord.toml for a bad gate declaration).

mod common;

use std::path::Path;

const GATE: &str = r#"[project]
name = "bad-input"

[gates.load]
report = "r.json"
selector = "SELECTOR"
AGGREGATE
comparison = "<"
threshold = 200
unit = "ms"
"#;

fn repo(selector: &str, aggregate: Option<&str>, report: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let toml = GATE.replace("SELECTOR", selector).replace(
        "AGGREGATE",
        &aggregate.map_or(String::new(), |a| format!("aggregate = \"{a}\"")),
    );
    std::fs::write(dir.path().join("accord.toml"), toml).unwrap();
    if let Some(report) = report {
        std::fs::write(dir.path().join("r.json"), report).unwrap();
    }
    dir
}

/// The one `gate-error` finding of the repository: (message, path:line:col).
fn gate_error(dir: &Path) -> (String, String) {
    let (_, evals, findings) = common::run(dir);
    assert_eq!(evals[0].verdict, accord_gate::Verdict::Error);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f.rule, "gate-error");
    assert_eq!(f.level, accord_model::Level::Error, "a gate error blocks");
    let l = &f.location;
    (
        f.message.clone(),
        format!("{}:{}:{}", l.path, l.line, l.column),
    )
}

#[test]
fn malformed_json_names_line_and_column() {
    let dir = repo("/p95", None, Some("{\n  \"p95\": 12,\n  \"p99\": 1 3\n}\n"));
    let (message, at) = gate_error(dir.path());
    assert_eq!(at, "r.json:3:12");
    assert!(message.contains("expected `,` or `}`"), "{message}");
}

#[test]
fn truncated_report_says_so() {
    let dir = repo("/p95", None, Some("{\"p95\": 12"));
    let (message, at) = gate_error(dir.path());
    assert!(message.contains("truncated or empty"), "{message}");
    assert!(at.starts_with("r.json:1:"), "{at}");
}

#[test]
fn a_selector_into_a_missing_field_names_the_field_and_the_object() {
    let dir = repo("/budgets/cold", None, Some("{\"budgets\": {\"warm\": 3}}"));
    let (message, at) = gate_error(dir.path());
    assert!(
        message.contains("`/budgets` has no field `cold`"),
        "{message}"
    );
    assert_eq!(at, "r.json:1:23");
}

#[test]
fn a_wildcard_element_without_the_field_is_an_error_not_a_smaller_sample() {
    let dir = repo(
        "runs[*].ms",
        Some("p95"),
        Some("{\"runs\": [{\"ms\": 3}, {\"sec\": 1}]}"),
    );
    let (message, _) = gate_error(dir.path());
    assert!(message.contains("`/runs/1` has no field `ms`"), "{message}");
}

#[test]
fn an_empty_wildcard_matches_nothing_and_is_an_error() {
    let dir = repo("runs[*].ms", Some("max"), Some("{\"runs\": []}"));
    let (message, _) = gate_error(dir.path());
    assert!(message.contains("`/runs` is an empty array"), "{message}");
}

#[test]
fn a_string_null_or_bool_where_a_number_belongs_is_an_error() {
    for (value, shown) in [
        ("\"12ms\"", "the string \"12ms\""),
        ("null", "`null`"),
        ("true", "`true`"),
    ] {
        let dir = repo("/p95", None, Some(&format!("{{\"p95\": {value}}}")));
        let (message, at) = gate_error(dir.path());
        assert!(
            message.contains(&format!("`/p95` is {shown}, not a number")),
            "{message}"
        );
        assert!(at.starts_with("r.json:1:"), "{at}");
    }
}

#[test]
fn nan_infinity_and_overflowing_numbers_are_errors() {
    for text in ["{\"p95\": NaN}", "{\"p95\": Infinity}", "{\"p95\": 1e400}"] {
        let dir = repo("/p95", None, Some(text));
        let (_, at) = gate_error(dir.path());
        assert!(at.starts_with("r.json:1:"), "{text}: {at}");
    }
    // Finite numbers whose sum is not.
    let dir = repo("/v", Some("sum"), Some("{\"v\": [1.7e308, 1.7e308]}"));
    let (message, _) = gate_error(dir.path());
    assert!(message.contains("overflow"), "{message}");
}

#[test]
fn a_missing_report_is_an_error_at_the_gate() {
    let dir = repo("/p95", None, None);
    let (message, at) = gate_error(dir.path());
    assert!(message.contains("r.json: no such file"), "{message}");
    assert_eq!(at, "accord.toml:5:11", "points at the gate's `report`");
}

#[test]
fn trailing_garbage_after_the_document_is_an_error() {
    let dir = repo("/p95", None, Some("{\"p95\": 1} {}"));
    let (message, at) = gate_error(dir.path());
    assert!(message.contains("trailing characters"), "{message}");
    assert_eq!(at, "r.json:1:12");
}

#[test]
fn an_array_without_an_aggregate_is_an_error() {
    let dir = repo("/samples", None, Some("{\"samples\": [1, 2]}"));
    let (message, _) = gate_error(dir.path());
    assert!(message.contains("set `aggregate`"), "{message}");
}

#[cfg(unix)]
#[test]
fn a_report_symlinked_out_of_the_repository_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("r.json"), "{\"p95\": 1}").unwrap();
    let dir = repo("/p95", None, None);
    std::os::unix::fs::symlink(outside.path().join("r.json"), dir.path().join("r.json")).unwrap();
    let (message, _) = gate_error(dir.path());
    assert!(message.contains("symlink"), "{message}");
}

#[test]
fn gate_declaration_mistakes_point_into_accord_toml() {
    let no_unit = "[gates.load]\nreport = \"r.json\"\nselector = \"/p95\"\ncomparison = \"<\"\nthreshold = 200\n";
    let e = common::config_errors(no_unit);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("accord.toml:1:1: `gates.load.unit` is required"),
        "{e:?}"
    );

    let many = "[gates.load]\nreport = \"../r.json\"\nselector = \"runs[*].ms\"\ncomparison = \"=<\"\nthreshold = \"200\"\nunit = \"minutes\"\naggregate = \"p90\"\ncolour = 1\n";
    let e = common::config_errors(many);
    let joined = e.join("\n");
    for expected in [
        "accord.toml:8:10: unknown key `gates.load.colour`",
        "accord.toml:2:11: `gates.load.report` `../r.json` leaves the repository",
        "accord.toml:7:14: `gates.load.aggregate` must be one of count, sum, min, max, mean, p50, p95, p99, not \"p90\"",
        "accord.toml:4:15: `gates.load.comparison` must be one of <, <=, >, >=, ==, not \"=<\"",
        "accord.toml:5:14: `gates.load.threshold` must be a finite number",
        "accord.toml:6:9: `gates.load.unit` must be one of %, ms, s, MB, bytes, count, not \"minutes\"",
    ] {
        assert!(
            joined.contains(expected),
            "missing {expected:?} in\n{joined}"
        );
    }

    let wildcard = "[gates.load]\nreport = \"r.json\"\nselector = \"runs[*].ms\"\ncomparison = \"<\"\nthreshold = 1\nunit = \"ms\"\n";
    let e = common::config_errors(wildcard);
    assert!(
        e[0].contains("has a `*` wildcard") && e[0].starts_with("accord.toml:3:"),
        "{e:?}"
    );

    let margins = "[gates.load]\nreport = \"r.json\"\nselector = \"/p\"\ncomparison = \"<\"\nthreshold = 1\nunit = \"ms\"\nregression_fail = 5\n";
    let e = common::config_errors(margins);
    assert!(e[0].contains("no `baseline`"), "{e:?}");

    let bad_selector = "[gates.load]\nreport = \"r.json\"\nselector = \"runs..ms\"\ncomparison = \"<\"\nthreshold = 1\nunit = \"ms\"\n";
    let e = common::config_errors(bad_selector);
    assert!(
        e[0].contains("empty step") && e[0].starts_with("accord.toml:3:13"),
        "{e:?}"
    );
}

#[test]
fn aggregates_over_the_matched_numbers() {
    let report = "{\"runs\": [{\"ms\": 5}, {\"ms\": 1}, {\"ms\": 4}, {\"ms\": 2}, {\"ms\": 3}]}";
    let dir = repo("runs[*].ms", None, Some(report));
    let root = accord_fs::Root::open(dir.path()).unwrap();
    let sel = accord_gate::Selector::parse("/runs/*/ms").unwrap();
    let got: Vec<f64> = ["count", "sum", "min", "max", "mean", "p50", "p95", "p99"]
        .iter()
        .map(|a| {
            let agg = [
                accord_gate::Aggregate::Count,
                accord_gate::Aggregate::Sum,
                accord_gate::Aggregate::Min,
                accord_gate::Aggregate::Max,
                accord_gate::Aggregate::Mean,
                accord_gate::Aggregate::P50,
                accord_gate::Aggregate::P95,
                accord_gate::Aggregate::P99,
            ]
            .into_iter()
            .find(|x| x.as_str() == *a)
            .unwrap();
            accord_gate::read_value(&root, "r.json", &sel, Some(agg))
                .unwrap()
                .value
        })
        .collect();
    assert_eq!(got, [5.0, 15.0, 1.0, 5.0, 3.0, 3.0, 5.0, 5.0]);
    // An index and a whole array under an aggregate.
    std::fs::write(dir.path().join("r.json"), "{\"a\": [[9, 7], [10, 20, 30]]}").unwrap();
    let r = accord_gate::read_value(
        &root,
        "r.json",
        &accord_gate::Selector::parse("a[1]").unwrap(),
        Some(accord_gate::Aggregate::Mean),
    )
    .unwrap();
    assert_eq!((r.value, r.samples), (20.0, 3));
}

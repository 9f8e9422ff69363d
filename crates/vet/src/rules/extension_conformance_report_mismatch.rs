//! The `extension-conformance-report-mismatch` rule: the inclusion list's conformance results
//! against the reports they come from.
use crate::config::ExtensionsConfig;
use crate::inclusion::InclusionList;
use crate::{MAX_INPUT, VetError};
use accord_contract::Diagnostic;
use accord_model::{Finding, Location, Span};
use accord_vcs::Tree;
use serde_json::Value;

accord_model::declare_rule! {
    /// ## What it does
    /// With `conformance_summary` (and `scenario_conformance`) in `[extensions]`, compares
    /// each listed extension's `conformance` with the reports the conformance harness wrote
    /// (seed 002: "`conformance_summary.json`", "`scenario_conformance.json`"). Reports a
    /// result the summary contradicts, a listed extension the summary does not name, a
    /// report entry for an extension the list does not name, and an extension listed at
    /// 100 % with a failing scenario.
    ///
    /// ## Why is this bad?
    /// The tier check trusts the inclusion list's number. Copied by hand, it drifts from the
    /// harness's: an extension can keep its tier on a figure no run produced.
    ///
    /// ## Example
    /// ```json
    /// // docs/extension-inclusion-list.json
    /// { "name": "snippet-box", "tier": "community", "conformance": { "passed": 28, "total": 30 } }
    /// // reports/conformance_summary.json
    /// { "extensions": [ { "extension": "snippet-box", "passed": 26, "total": 30 } ] }
    /// ```
    ///
    /// ## How to fix
    /// Copy the harness's result into the inclusion list (or re-run the harness), and add the
    /// missing extension to the run.
    pub static EXTENSION_CONFORMANCE_REPORT_MISMATCH = {
        id: "extension-conformance-report-mismatch",
        group: "extension",
        class: Breaking,
        bump: None,
        summary: "a listed extension's conformance result disagrees with the conformance reports",
    }
}

/// Reads the selected records of a report through accord-gate's streaming reader.
fn records(tree: &dyn Tree, path: &str, selector: &str) -> Result<Vec<(String, Value)>, VetError> {
    let Some(bytes) = tree.read(path)? else {
        return Err(VetError::Missing {
            path: path.to_string(),
            message: "the conformance report named by [extensions] of accord.toml does not exist"
                .to_string(),
        });
    };
    let selector = accord_gate::Selector::parse(selector).expect("a valid built-in selector");
    let bad = |message: String, at: Option<(u32, u32)>| {
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_INPUT)]).into_owned();
        let offset = at.map_or(0, |(line, column)| {
            text.split_inclusive('\n')
                .take(line.saturating_sub(1) as usize)
                .map(str::len)
                .sum::<usize>()
                + column.saturating_sub(1) as usize
        });
        let offset = offset.min(text.len());
        VetError::input(Diagnostic::new(
            path,
            &text,
            Span::new(offset, offset),
            message,
            "here",
        ))
    };
    if bytes.len() > MAX_INPUT {
        return Err(bad(
            format!("{} bytes exceeds the {MAX_INPUT} byte limit", bytes.len()),
            None,
        ));
    }
    accord_gate::read_records_from(&bytes[..], path, &selector).map_err(|e| match e {
        accord_gate::GateError::Report {
            line,
            column,
            message,
            ..
        } => bad(message, (line > 0).then_some((line, column))),
        other => bad(other.to_string(), None),
    })
}

fn field<'a>(
    path: &str,
    pointer: &str,
    record: &'a Value,
    key: &str,
) -> Result<&'a Value, VetError> {
    record.get(key).ok_or_else(|| VetError::Missing {
        path: path.to_string(),
        message: format!("`{pointer}` has no `{key}`"),
    })
}

fn name_of(path: &str, pointer: &str, record: &Value) -> Result<String, VetError> {
    match field(path, pointer, record, "extension")? {
        Value::String(s) => Ok(s.clone()),
        _ => Err(VetError::Missing {
            path: path.to_string(),
            message: format!("`{pointer}/extension` must be a string"),
        }),
    }
}

fn percent(rate: f64) -> String {
    let text = format!("{rate:.1}");
    format!("{} %", text.trim_end_matches(".0"))
}

/// Checks `list` against the reports `config` names.
pub(crate) fn check(
    tree: &dyn Tree,
    config: &ExtensionsConfig,
    list: &InclusionList,
) -> Result<Vec<Finding>, VetError> {
    let mut out = Vec::new();
    let finding = |name: &str, at: Location, message: String, path: &str| {
        Finding::of(&EXTENSION_CONFORMANCE_REPORT_MISMATCH, message)
            .at(at)
            .with_contract(format!("extension {name}"))
            .with_logical_path(format!("conformance/{path}"))
    };
    if let Some(path) = &config.conformance_summary {
        let mut seen = Vec::new();
        for (pointer, record) in records(tree, path, "extensions[*]")? {
            let name = name_of(path, &pointer, &record)?;
            let number = |key: &str| -> Result<Option<f64>, VetError> {
                match field(path, &pointer, &record, key)? {
                    Value::Null => Ok(None),
                    v => v.as_f64().map(Some).ok_or_else(|| VetError::Missing {
                        path: path.clone(),
                        message: format!("`{pointer}/{key}` must be a number or null"),
                    }),
                }
            };
            let (passed, total) = (number("passed")?, number("total")?);
            let reported = match (passed, total) {
                (Some(p), Some(t)) if t > 0.0 => Some((p / t * 100.0, format!(" ({p}/{t})"))),
                _ => None,
            };
            let Some(ext) = list.extensions.iter().find(|e| e.name == name) else {
                out.push(
                    finding(
                        &name,
                        Location::file(path.clone()),
                        format!(
                            "{path} has a result for extension `{name}` ({pointer}), which {} does not list",
                            list.path
                        ),
                        path,
                    )
                    .with_help("add the extension to the inclusion list, or drop it from the run"),
                );
                continue;
            };
            seen.push(name.clone());
            let listed = ext.conformance;
            let agrees = match (listed, &reported) {
                (Some(a), Some((b, _))) => (a - b).abs() < 0.05,
                (None, None) => true,
                _ => false,
            };
            if agrees {
                continue;
            }
            let said = |r: Option<f64>| r.map_or_else(|| "no result".to_string(), percent);
            out.push(
                finding(
                    &name,
                    list.loc(&format!("{}/name", ext.pointer)),
                    format!(
                        "extension `{name}`: {} says {} conformance, {path} says {}{}",
                        list.path,
                        said(listed),
                        said(reported.as_ref().map(|r| r.0)),
                        reported.as_ref().map_or("", |r| r.1.as_str())
                    ),
                    path,
                )
                .with_help(
                    "copy the harness's result into the inclusion list, or re-run the harness",
                ),
            );
        }
        for ext in list.extensions.iter().filter(|e| !seen.contains(&e.name)) {
            out.push(
                finding(
                    &ext.name,
                    list.loc(&format!("{}/name", ext.pointer)),
                    format!(
                        "extension `{}` has no result in {path}: its conformance was not measured",
                        ext.name
                    ),
                    path,
                )
                .with_help("add the extension to the conformance run"),
            );
        }
    }
    if let Some(path) = &config.scenario_conformance {
        for (pointer, record) in records(tree, path, "scenarios[*]")? {
            let name = name_of(path, &pointer, &record)?;
            let id = record.get("id").and_then(Value::as_str).unwrap_or(&pointer);
            let status = record.get("status").and_then(Value::as_str).unwrap_or("");
            let Some(ext) = list.extensions.iter().find(|e| e.name == name) else {
                out.push(
                    finding(
                        &name,
                        Location::file(path.clone()),
                        format!(
                            "{path}: scenario {id} is for extension `{name}`, which {} does not list",
                            list.path
                        ),
                        path,
                    )
                    .with_help("add the extension to the inclusion list, or drop the scenario"),
                );
                continue;
            };
            if status == "fail" && ext.conformance.is_some_and(|c| c >= 100.0) {
                out.push(
                    finding(
                        &name,
                        list.loc(&format!("{}/name", ext.pointer)),
                        format!(
                            "extension `{name}` is listed at 100 % conformance, but scenario {id} in {path} fails"
                        ),
                        path,
                    )
                    .with_help("fix the scenario, or record the extension's real result in the inclusion list"),
                );
            }
        }
    }
    Ok(out)
}

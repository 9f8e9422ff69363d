//! No output format ever shows a secret: not in a message, a help text, a related location,
//! a decision reason, nor a source snippet of the file a finding points into.

mod common;

use accord_model::{Bump, Class, Finding, Location, Span};
use accord_report::{Format, RenderOptions, Report, render_to_string};
use std::collections::BTreeMap;

/// Secrets as they reach findings: `(what must never appear, how it is written)`.
const SECRETS: &[(&str, &str)] = &[
    ("IOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
    (
        "0123456789abcdefghijABCDEFGHIJ",
        "ghp_0123456789abcdefghijABCDEFGHIJ012345",
    ),
    (
        "hunter2/with@signs",
        "postgres://app:hunter2/with@signs@db:5432/prod",
    ),
    ("sslpw-Zq81", "postgres://db/prod?sslpassword=sslpw-Zq81"),
    (
        "conn-pass-77",
        "host=db port=5432 password=conn-pass-77 user=app",
    ),
    (
        "1234567890-abcdefghijKLMN",
        "xoxb-1234567890-abcdefghijKLMN",
    ),
    (
        "eyJzdWIiOiIxMjM0NTY3ODkwIn0",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    ),
    ("9fK2mQx7Lp4Zr8Vb3Nc6Wd1Ye5", "9fK2mQx7Lp4Zr8Vb3Nc6Wd1Ye5"),
    (
        "MIIEowIBAAKCAQEAsecretkeybody",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAsecretkeybody\n-----END RSA PRIVATE KEY-----",
    ),
];

const ARTIFACT: &str = "outputs/config/service.yaml";

fn artifact_text() -> String {
    let mut text = String::from("service: billing\n");
    for (i, (_, written)) in SECRETS.iter().enumerate() {
        text.push_str(&format!("value{i}: {}\n", written.replace('\n', " ")));
    }
    text
}

fn secret_findings(text: &str) -> Vec<Finding> {
    SECRETS
        .iter()
        .enumerate()
        .map(|(i, (_, written))| {
            let line = format!("value{i}: ");
            let start = text.find(&line).expect("line") + line.len();
            let end = start + text[start..].find('\n').expect("eol");
            Finding::new(
                "conformance-schema-violation",
                Class::Breaking,
                Bump::None,
                format!("`{ARTIFACT}` violates the JSON Schema at `/value{i}`: {written} is not an integer"),
            )
            .at(Location::from_span(ARTIFACT, text, Span::new(start, end)))
            .related(
                Location::from_span(ARTIFACT, text, Span::new(start, end)),
                format!("the value was {written}"),
            )
            .with_help(format!("replace {written} by a number"))
            .with_logical_path(format!("value{i}"))
        })
        .collect()
}

#[test]
fn no_format_shows_a_secret() {
    let text = artifact_text();
    let findings = secret_findings(&text);
    let rules = common::rules();
    let sources = BTreeMap::from([(ARTIFACT.to_string(), text.clone())]);
    let mut decision = common::decision(&findings);
    decision.reasons.extend(
        SECRETS
            .iter()
            .map(|(_, w)| format!("denied because of {w}")),
    );
    let report = Report::new(&findings, &rules, &sources, "0.1.0").with_decision(&decision);
    for format in Format::ALL {
        for color in [false, true] {
            let out = render_to_string(format, &report, &RenderOptions::with_color(color))
                .expect("renders");
            for (secret, _) in SECRETS {
                assert!(
                    !out.contains(secret),
                    "{format} (color {color}) shows `{secret}`:\n{out}"
                );
            }
            // Still a useful report: the file, the rule and the non-secret words are there.
            assert!(out.contains("service.yaml"), "{format}: {out}");
            assert!(
                out.contains("is not an integer")
                    || format == Format::Junit && out.contains("not an integer"),
                "{format}: {out}"
            );
        }
    }
}

#[test]
fn machine_formats_stay_well_formed_when_masked() {
    let text = artifact_text();
    let findings = secret_findings(&text);
    let rules = common::rules();
    let sources = BTreeMap::from([(ARTIFACT.to_string(), text)]);
    let report = Report::new(&findings, &rules, &sources, "0.1.0");
    for format in [Format::Json, Format::Sarif] {
        let out = render_to_string(format, &report, &RenderOptions::default()).expect("renders");
        let parsed: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert!(parsed.is_object(), "{format}");
    }
}

#[test]
fn masking_keeps_snippet_positions() {
    let text = artifact_text();
    let findings = secret_findings(&text)[..1].to_vec();
    let rules = common::rules();
    let sources = BTreeMap::from([(ARTIFACT.to_string(), text)]);
    let report = Report::new(&findings, &rules, &sources, "0.1.0");
    let out = render_to_string(Format::Human, &report, &RenderOptions::default()).expect("renders");
    // The snippet line is shown, masked, with the caret under the masked value.
    let line = out
        .lines()
        .find(|l| l.contains("value0:"))
        .unwrap_or_else(|| panic!("snippet line shown:\n{out}"));
    assert!(
        line.contains(&format!("value0: {}", "*".repeat(20))),
        "{line}"
    );
    assert!(
        out.contains("^^^^^^^^^^^^^^^^^^^^"),
        "the caret spans the masked value:\n{out}"
    );
}

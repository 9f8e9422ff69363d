//! One snapshot per format, with and without a decision, and for an empty report.

mod common;

use accord_model::{Finding, Span};
use accord_report::{Format, NoSources, RenderOptions, Report, render_snippet, render_to_string};

fn rendered(format: Format, findings: &[Finding], with_decision: bool, color: bool) -> String {
    let rules = common::rules();
    let sources = common::sources();
    let decision = common::decision(findings);
    let extra = serde_json::json!({ "matched_slugs": { "minds": ["joão", "alan-turing"] } });
    let mut report = Report::new(findings, &rules, &sources, "0.1.0");
    if with_decision {
        report = report.with_decision(&decision).with_extra(&extra);
    }
    match render_to_string(format, &report, &RenderOptions::with_color(color)) {
        Ok(text) => text,
        Err(e) => panic!("{format} failed: {e}"),
    }
}

macro_rules! snapshots {
    ($($name:ident => $format:expr),* $(,)?) => {
        mod findings_only {
            use super::*;
            $(#[test] fn $name() {
                insta::assert_snapshot!(rendered($format, &common::findings(), false, false));
            })*
        }
        mod with_decision {
            use super::*;
            $(#[test] fn $name() {
                insta::assert_snapshot!(rendered($format, &common::findings(), true, false));
            })*
        }
        mod no_findings {
            use super::*;
            $(#[test] fn $name() {
                insta::assert_snapshot!(rendered($format, &[], false, false));
            })*
        }
    };
}

snapshots! {
    human => Format::Human,
    json => Format::Json,
    sarif => Format::Sarif,
    github => Format::Github,
    markdown => Format::Markdown,
    junit => Format::Junit,
}

#[test]
fn human_in_colour() {
    let text = rendered(Format::Human, &common::findings(), true, true);
    assert!(text.contains("\x1b["), "colour was asked for");
    insta::assert_snapshot!(text);
}

#[test]
fn human_without_colour_has_no_escape_codes() {
    let text = rendered(Format::Human, &common::findings(), true, false);
    assert!(!text.contains('\x1b'));
}

#[test]
fn human_without_sources_shows_positions_only() {
    let findings = common::findings();
    let rules = common::rules();
    let report = Report::new(&findings, &rules, &NoSources, "0.1.0");
    let text = render_to_string(Format::Human, &report, &RenderOptions::default()).unwrap();
    assert!(
        text.contains(&format!("--> {}:10:5", common::CONTRACT)),
        "{text}"
    );
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with('|')),
        "no snippet without sources:\n{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn manifest_error_snippet() {
    let text = "[project]\nname = \"expansion-packs\"\n\n[packs.mmos]\npaths = [\"expansion-packs/mmos/**\"]\nmaintaners = [\"ana\"]\n";
    let at = text.find("maintaners").unwrap();
    insta::assert_snapshot!(render_snippet(
        "accord.toml",
        text,
        Span::new(at, at + "maintaners".len()),
        "unknown key `maintaners` in `[packs.mmos]`",
        "did you mean `maintainers`?",
        false,
    ));
}

//! The HTML report: one self-contained page whose repository text can never become markup.
//! (That it renders and filters in a browser is `scripts/html-test.sh`.)

mod common;

use accord_model::arch::{Edge, EdgeKind, PackGraph};
use accord_model::{Bump, Class, Finding, Location, Span};
use accord_report::{
    ContractRow, Format, Overview, PackRow, RenderOptions, Report, render_to_string,
};
use std::collections::BTreeMap;

const HOSTILE: &str = "<script>window.pwned=1</script><img src=x onerror=alert(1)>";

fn page(report: &Report<'_>) -> String {
    render_to_string(Format::Html, report, &RenderOptions::default()).expect("renders")
}

/// The `<main>` element: the report without the fixed style and script.
fn main_of(html: &str) -> &str {
    let start = html.find("<main>").expect("main");
    let end = html.find("</main>").expect("/main");
    &html[start..end + "</main>".len()]
}

fn graph() -> PackGraph {
    let edge = |provider: &str, consumer: &str, kind| Edge {
        provider: provider.to_string(),
        consumer: consumer.to_string(),
        kind,
        allowed: false,
        sites: Vec::new(),
    };
    PackGraph {
        packs: ["etl", "mmos", "creator-os", "innerlens", HOSTILE]
            .map(String::from)
            .to_vec(),
        edges: vec![
            edge("etl", "mmos", EdgeKind::Contract),
            edge("mmos", "creator-os", EdgeKind::Contract),
            edge("mmos", "creator-os", EdgeKind::Import),
            edge("innerlens", "mmos", EdgeKind::Dependency),
            edge(HOSTILE, "etl", EdgeKind::Import),
        ],
        cycles: Vec::new(),
    }
}

fn overview(graph: &PackGraph) -> Overview<'_> {
    Overview {
        title: format!("Mente Lendária v2.0.0 {HOSTILE}"),
        facts: vec![("base".to_string(), "main (f47d8a5604fd)".to_string())],
        packs: graph
            .packs
            .iter()
            .map(|name| PackRow {
                name: name.clone(),
                display_name: String::new(),
                paths: vec![format!("packs/{name}/**")],
            })
            .collect(),
        contracts: vec![ContractRow {
            name: "MMOS → CreatorOS Voice Integration".to_string(),
            version: "2.0.0".to_string(),
            status: "stable".to_string(),
            provider: "mmos".to_string(),
            consumers: vec!["creator-os".to_string()],
            path: common::CONTRACT.to_string(),
            artifacts: Some(2),
        }],
        graph: Some(graph),
    }
}

/// The shared findings with a decision and an overview.
fn full_page() -> String {
    let findings = common::findings();
    let rules = common::rules();
    let sources = common::sources();
    let decision = common::decision(&findings);
    let graph = graph();
    let overview = overview(&graph);
    let report = Report::new(&findings, &rules, &sources, "0.1.0")
        .with_decision(&decision)
        .with_overview(&overview);
    page(&report)
}

#[test]
fn repository_text_never_becomes_markup() {
    let source = format!("line one\n{HOSTILE}</pre><script>x()</script>\n");
    let path = format!("packs/{HOSTILE}\u{1b}[2J\u{202e}.yaml");
    let sources = BTreeMap::from([(path.clone(), source.clone())]);
    let finding = Finding::new(
        "custom-rule",
        Class::Breaking,
        Bump::Major,
        format!("message {HOSTILE} and `{HOSTILE}`"),
    )
    .at(Location::from_span(
        path.clone(),
        &source,
        Span::new(9, 9 + HOSTILE.len()),
    ))
    .with_contract(HOSTILE)
    .with_help(format!("help {HOSTILE} 'accord-script-hash'"))
    .with_impacted([HOSTILE]);
    let findings = vec![finding];
    let rules = common::rules();
    let mut decision = common::decision(&findings);
    decision.reasons.push(HOSTILE.to_string());
    decision.impacted_consumers.push(HOSTILE.to_string());
    let graph = graph();
    let overview = overview(&graph);
    let report = Report::new(&findings, &rules, &sources, HOSTILE)
        .with_decision(&decision)
        .with_overview(&overview);
    let html = page(&report);

    assert_eq!(html.matches("<script").count(), 1, "only the report's own");
    assert_eq!(html.matches("</script>").count(), 1);
    assert!(!html.contains("<img"), "markup from the repository");
    assert_eq!(
        html.matches("<pre").count(),
        html.matches("</pre>").count(),
        "a snippet closed its <pre>"
    );
    assert!(html.contains("&lt;/pre&gt;&lt;script&gt;x()"));
    assert!(html.contains("&lt;script&gt;window.pwned=1&lt;/script&gt;"));
    assert!(!html.contains('\u{1b}') && !html.contains('\u{202e}'));
    // The snippet still marks the hostile text, escaped.
    assert!(
        html.contains("<mark>&lt;script&gt;window.pwned=1"),
        "{html}"
    );
    // A CSP hash slot written by the repository is left alone; the page's own is filled.
    assert!(html.contains("help &lt;script&gt;"));
    assert!(html.contains("&#39;accord-script-hash&#39;"));
    assert!(html.contains("script-src 'sha256-"));
    assert!(html.contains("style-src 'sha256-"));
}

#[test]
fn the_page_loads_nothing() {
    let findings = common::findings();
    let rules = common::rules();
    let sources = common::sources();
    let graph = graph();
    let overview = overview(&graph);
    let report = Report::new(&findings, &rules, &sources, "0.1.0").with_overview(&overview);
    let html = page(&report);
    assert!(html.contains("default-src 'none'"));
    for needle in [
        "<img",
        "<link",
        "<iframe",
        "href=\"http",
        "@import",
        "url(http",
        "url(//",
    ] {
        assert!(!html.contains(needle), "{needle} in the page");
    }
}

#[test]
fn the_graph_draws_every_pack_and_one_line_per_pair() {
    let html = full_page();
    assert_eq!(html.matches("<g class=\"pack").count(), 5);
    // mmos → creator-os is both a contract and an import: one line, drawn as the contract.
    assert_eq!(html.matches("<path class=\"edge").count(), 4);
    assert!(html.contains("mmos → creator-os: contract, import"));
    // Impacted consumers of the decision are highlighted.
    assert_eq!(html.matches("class=\"pack impacted\"").count(), 2);
}

#[test]
fn findings_are_grouped_by_contract_with_the_rest_last() {
    let findings = common::findings();
    let rules = common::rules();
    let sources = common::sources();
    let report = Report::new(&findings, &rules, &sources, "0.1.0");
    let html = page(&report);
    let groups: Vec<&str> = html
        .match_indices("<section class=\"group\" data-contract=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap_or(0)]
        })
        .collect();
    assert_eq!(groups, ["MMOS → CreatorOS Voice Integration", ""]);
    assert_eq!(
        html.matches("<article class=\"finding\"").count(),
        findings.len()
    );
}

#[test]
fn body_with_decision_and_overview() {
    insta::assert_snapshot!(main_of(&full_page()).replace("><", ">\n<"));
}

#[test]
fn body_without_findings() {
    let rules = common::rules();
    let sources = common::sources();
    let report = Report::new(&[], &rules, &sources, "0.1.0");
    insta::assert_snapshot!(main_of(&page(&report)).replace("><", ">\n<"));
}

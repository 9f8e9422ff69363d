//! Properties of each format that snapshots alone would not guard: escaping, ordering,
//! well-formedness.

mod common;

use accord_report::{Format, RenderOptions, Report, render_to_string};

fn render(format: Format, with_decision: bool) -> String {
    let findings = common::findings();
    let rules = common::rules();
    let sources = common::sources();
    let decision = common::decision(&findings);
    let mut report = Report::new(&findings, &rules, &sources, "0.1.0");
    if with_decision {
        report = report.with_decision(&decision);
    }
    render_to_string(format, &report, &RenderOptions::default()).unwrap()
}

/// Accepts `&name;` for the five XML entities and numeric references.
fn valid_reference(text: &str) -> bool {
    let Some(end) = text.find(';') else {
        return false;
    };
    let name = &text[1..end];
    matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
        || name
            .strip_prefix('#')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// A small XML 1.0 well-formedness check: balanced tags, quoted attributes, escaped `&`
/// and `<`, and only characters XML allows.
fn assert_well_formed_xml(xml: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = xml;
    for c in xml.chars() {
        let allowed =
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}');
        assert!(allowed, "character {c:?} is not allowed in XML");
    }
    while let Some(pos) = rest.find(['<', '&']) {
        let at = &rest[pos..];
        if let Some(after) = at.strip_prefix('&') {
            assert!(valid_reference(at), "bare `&` in text: {after:.30}");
            rest = after;
            continue;
        }
        let end = at.find('>').expect("unterminated tag");
        let tag = &at[1..end];
        if let Some(decl) = tag.strip_prefix('?') {
            assert!(decl.ends_with('?'), "bad declaration");
        } else if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name.trim()), "mismatched closing tag");
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body.split_whitespace().next().expect("tag name");
            let mut attrs = body[name.len()..].trim();
            while !attrs.is_empty() {
                let eq = attrs.find("=\"").expect("attribute without a quoted value");
                let value_end = attrs[eq + 2..].find('"').expect("unterminated attribute") + eq + 2;
                let value = &attrs[eq + 2..value_end];
                assert!(!value.contains('<'), "`<` in attribute");
                for (i, _) in value.match_indices('&') {
                    assert!(
                        valid_reference(&value[i..]),
                        "bare `&` in attribute {value}"
                    );
                }
                attrs = attrs[value_end + 1..].trim_start();
            }
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &at[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed tags: {stack:?}");
}

#[test]
fn junit_is_well_formed_xml() {
    for with_decision in [false, true] {
        assert_well_formed_xml(&render(Format::Junit, with_decision));
    }
}

#[test]
fn junit_fails_only_error_level_findings() {
    let xml = render(Format::Junit, false);
    let errors = common::findings()
        .iter()
        .filter(|f| f.level == accord_model::Level::Error)
        .count();
    assert_eq!(xml.matches("<failure ").count(), errors);
    assert!(xml.contains(&format!("failures=\"{errors}\"")));
}

#[test]
fn xml_checker_catches_bad_xml() {
    let bad = [
        "<a><b></a>",
        "<a x=\"1 & 2\"/>",
        "<a>1 & 2</a>",
        "<a>\u{7}</a>",
    ];
    for xml in bad {
        let result = std::panic::catch_unwind(|| assert_well_formed_xml(xml));
        assert!(result.is_err(), "accepted {xml:?}");
    }
}

#[test]
fn github_commands_keep_properties_and_message_apart() {
    let text = render(Format::Github, true);
    for line in text.lines() {
        let rest = line.strip_prefix("::").expect("a workflow command");
        let (head, message) = rest.split_once("::").expect("`::` before the message");
        assert!(!message.contains('\n') && !message.contains('\r'));
        let (command, properties) = head.split_once(' ').expect("properties");
        assert!(
            ["error", "warning", "notice"].contains(&command),
            "{command}"
        );
        for property in properties.split(',') {
            let (key, value) = property.split_once('=').expect("key=value");
            assert!(["file", "line", "col", "title"].contains(&key), "{key}");
            assert!(!value.contains(':'), "raw `:` in {key}={value}");
        }
    }
    assert!(text.contains("file=contracts/odd%2C name%3A1.yaml,line=4,col=11,"));
    assert!(text.contains("100%25"));
    assert!(
        text.contains("::error file=outputs/minds/joão/system_prompts/generalista.md,title="),
        "a whole-file finding has no line:\n{text}"
    );
}

/// Splits a table row on the pipes that are not escaped.
fn cells(row: &str) -> usize {
    let bytes = row.as_bytes();
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
        .count()
}

#[test]
fn markdown_rows_have_exactly_five_cells() {
    let text = render(Format::Markdown, true);
    let table = |header: &str| -> Vec<&str> {
        text.lines()
            .skip_while(|l| !l.starts_with(header))
            .take_while(|l| l.starts_with('|'))
            .collect()
    };
    let rows = table("| Class |");
    assert_eq!(rows.len(), 2 + common::findings().len());
    for row in rows {
        assert_eq!(cells(row), 6, "row does not have five cells: {row}");
    }
    // The blocking findings, each with the command that approves it.
    let approvals = table("| Fingerprint |");
    assert!(approvals.len() > 2, "{text}");
    for row in &approvals[2..] {
        assert_eq!(cells(row), 4, "{row}");
        assert!(row.contains("`accord approve "), "{row}");
    }
    assert!(!text.contains("<deprecated>"), "raw HTML leaked");
    assert!(text.contains("### Required actions"));
    assert!(text.contains("### ❌ Decision: DENY"));
}

#[test]
fn human_lists_findings_by_path_then_line() {
    let text = render(Format::Human, false);
    let positions: Vec<usize> = [
        "contracts/odd, name:1.yaml:4:11",
        "mmos-creator-os-v2.0.0.yaml:10:5",
        "mmos-creator-os-v2.0.0.yaml:14:9",
        "--> outputs/minds/joão/system_prompts/generalista.md\n",
        "packs/etl/writer.py:12",
    ]
    .iter()
    .map(|needle| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing:\n{text}"))
    })
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn json_findings_are_sorted_and_counted() {
    let value: serde_json::Value = serde_json::from_str(&render(Format::Json, false)).unwrap();
    let paths: Vec<&str> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(value["summary"]["findings"], 5);
    assert_eq!(value["summary"]["by_class"]["BREAKING"], 3);
    assert_eq!(value["summary"]["required_bump"], "major");
    assert!(value.get("decision").is_none());
    assert!(value.get("details").is_none());
}

#[test]
fn finding_without_a_path_renders_everywhere() {
    let findings = vec![accord_model::Finding::of(
        &common::BAD_STATUS,
        "the contracts directory `docs/contracts` does not exist",
    )];
    let rules = common::rules();
    let report = Report::new(&findings, &rules, &accord_report::NoSources, "0.1.0");
    for format in Format::ALL {
        let text = render_to_string(format, &report, &RenderOptions::default()).unwrap();
        assert!(text.contains("does not exist"), "{format}:\n{text}");
        assert!(
            !text.contains("-->"),
            "{format} shows an empty path:\n{text}"
        );
    }
}

#[test]
fn markdown_table_is_capped_for_pull_request_comments() {
    let findings: Vec<accord_model::Finding> = (0..400)
        .map(|i| {
            accord_model::Finding::of(&common::BAD_STATUS, format!("bad status {i}"))
                .at(accord_model::Location::new(format!("c/{i:03}.yaml"), 3, 1))
        })
        .collect();
    let rules = common::rules();
    let report = Report::new(&findings, &rules, &accord_report::NoSources, "0.1.0");
    let text = render_to_string(Format::Markdown, &report, &RenderOptions::default()).unwrap();
    assert!(text.len() < 65_536, "{} characters", text.len());
    assert!(text.contains("… and 250 more"));
}

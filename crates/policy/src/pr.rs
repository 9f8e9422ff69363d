//! The pull request's own account of itself (seed 003 §6.1): the "Contract Impact" line and
//! review notes.

use crate::evidence::PrBody;
use crate::rules::{
    POLICY_PR_DECLARATION_MALFORMED, POLICY_PR_DECLARATION_MISSING, POLICY_PR_DECLARATION_TOO_LOW,
};
use accord_model::{Class, Finding, Location, Span};

/// What the pull request declares as its contract impact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrDeclaration {
    /// A single impact; `None` is "Contract Impact: None".
    Declared {
        /// The declared class, `None` for no contract impact.
        impact: Option<Class>,
        /// Where it is declared.
        location: Location,
    },
    /// No "Contract Impact" anywhere.
    Missing,
    /// A "Contract Impact" that cannot be read as one value.
    Malformed {
        /// Where.
        location: Location,
        /// What is wrong.
        reason: String,
    },
}

struct Line<'a> {
    start: usize,
    raw: &'a str,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        out.push(Line {
            start,
            raw: raw.trim_end_matches(['\n', '\r']),
        });
        start += raw.len();
    }
    out
}

/// Strips Markdown decoration: bullets, heading marks, quotes, bold, code.
fn plain(line: &str) -> String {
    let mut s = line.trim();
    loop {
        let before = s;
        s = s.trim_start_matches(['#', '>', ' ', '\t']);
        for bullet in ["- ", "* ", "+ "] {
            if let Some(rest) = s.strip_prefix(bullet) {
                s = rest;
            }
        }
        if before == s {
            break;
        }
    }
    s.replace("**", "")
        .replace("__", "")
        .replace('`', "")
        .trim()
        .to_string()
}

/// `Some(checked)` for a task-list line `- [x] …` / `- [ ] …`, with its label.
fn checkbox(line: &str) -> Option<(bool, String)> {
    let s = line
        .trim_start()
        .trim_start_matches(['-', '*', '+'])
        .trim_start();
    let rest = s.strip_prefix('[')?;
    let (mark, label) = rest.split_once(']')?;
    let checked = match mark.trim() {
        "x" | "X" => true,
        "" => false,
        _ => return None,
    };
    Some((checked, plain(label)))
}

fn is_heading(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

enum Value {
    One(Option<Class>),
    Bad(String),
}

fn parse_value(text: &str) -> Value {
    let text = text.trim().trim_start_matches([':', '-', '=']).trim();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let options: Vec<Option<Class>> = words
        .iter()
        .filter_map(|w| {
            if w.eq_ignore_ascii_case("none") {
                Some(None)
            } else {
                Class::parse(w).map(Some)
            }
        })
        .collect();
    match (words.first(), options.as_slice()) {
        (None, _) => Value::Bad("no value after `Contract Impact`".to_string()),
        (_, []) => Value::Bad(format!(
            "`{text}` is not one of None, SAFE, RISKY, BREAKING"
        )),
        // The first word decides; later words may be an explanation ("BREAKING (drops x)").
        (Some(first), [one, ..])
            if options.len() == 1
                || !text.contains('/') && !text.contains('|') && is_option(first) =>
        {
            Value::One(*one)
        }
        _ => Value::Bad(format!(
            "`{text}` lists several impacts; keep exactly one of None, SAFE, RISKY, BREAKING"
        )),
    }
}

fn is_option(word: &str) -> bool {
    word.eq_ignore_ascii_case("none") || Class::parse(word).is_some()
}

/// The people a pull request body records as reviewers: every `Reviewed-by:` line (git
/// trailer style, also as a bullet or in bold), names separated by commas or semicolons,
/// `@` dropped. A name followed by `<email>` keeps the name only; a name of several words
/// (`Ana Silva`) stays one name, while `@ana @bo` are two handles.
pub fn reviewed_by(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = plain(line);
        let lower = line.to_ascii_lowercase();
        let Some(rest) = lower
            .strip_prefix("reviewed-by")
            .or_else(|| lower.strip_prefix("reviewed by"))
        else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        // Same offsets in `line`: lower-casing ASCII keeps byte positions.
        let names = &line[line.len() - rest.len()..];
        for part in names.split([',', ';']) {
            let part = part.split('<').next().unwrap_or_default();
            let words: Vec<&str> = part.split_whitespace().collect();
            let names: Vec<String> = if words.len() > 1 && words.iter().all(|w| w.starts_with('@'))
            {
                words.iter().map(|w| w.to_string()).collect()
            } else {
                vec![words.join(" ")]
            };
            for name in &names {
                let name = name.trim_start_matches('@');
                if !name.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(name)) {
                    out.push(name.to_string());
                }
            }
        }
    }
    out
}

/// Reads the "Contract Impact" declaration of a pull request body: `Contract Impact: RISKY`,
/// `**Contract Impact:** BREAKING`, or a heading/label followed by a task list with one box
/// ticked (`- [x] BREAKING`).
pub fn parse_pr_declaration(path: &str, text: &str) -> PrDeclaration {
    let lines = lines(text);
    let at = |line: &Line<'_>| {
        Location::from_span(
            path,
            text,
            Span::new(line.start, line.start + line.raw.len()),
        )
    };
    for (i, line) in lines.iter().enumerate() {
        let label_line = checkbox(line.raw).map_or_else(|| plain(line.raw), |(_, label)| label);
        let lower = label_line.to_ascii_lowercase();
        let Some(pos) = lower.find("contract impact") else {
            continue;
        };
        let rest = &label_line[pos + "contract impact".len()..];
        if !rest.trim().trim_start_matches(':').trim().is_empty() {
            return match parse_value(rest) {
                Value::One(impact) => PrDeclaration::Declared {
                    impact,
                    location: at(line),
                },
                Value::Bad(reason) => PrDeclaration::Malformed {
                    location: at(line),
                    reason,
                },
            };
        }
        // A heading or a bare label: the answer is in the lines below.
        let mut checked = Vec::new();
        let mut boxes = 0;
        for next in lines.iter().skip(i + 1) {
            if is_heading(next.raw) {
                break;
            }
            if let Some((ticked, label)) = checkbox(next.raw) {
                boxes += 1;
                if ticked {
                    checked.push((label, next));
                }
                continue;
            }
            let value = plain(next.raw);
            if value.is_empty() || value.starts_with("<!--") {
                continue;
            }
            if boxes == 0 {
                return match parse_value(&value) {
                    Value::One(impact) => PrDeclaration::Declared {
                        impact,
                        location: at(next),
                    },
                    Value::Bad(reason) => PrDeclaration::Malformed {
                        location: at(next),
                        reason,
                    },
                };
            }
            break;
        }
        return match checked.as_slice() {
            [(label, l)] => match parse_value(label) {
                Value::One(impact) => PrDeclaration::Declared {
                    impact,
                    location: at(l),
                },
                Value::Bad(reason) => PrDeclaration::Malformed {
                    location: at(l),
                    reason,
                },
            },
            [] if boxes > 0 => PrDeclaration::Malformed {
                location: at(line),
                reason: "no Contract Impact box is ticked; tick exactly one".to_string(),
            },
            [] => PrDeclaration::Malformed {
                location: at(line),
                reason: "no value after `Contract Impact`".to_string(),
            },
            _ => PrDeclaration::Malformed {
                location: at(line),
                reason: format!(
                    "{} Contract Impact boxes are ticked ({}); tick exactly one",
                    checked.len(),
                    checked
                        .iter()
                        .map(|(l, _)| l.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
        };
    }
    PrDeclaration::Missing
}

/// True when the body has a "Review notes" section or label with real content (not an
/// HTML comment, `TODO`, `N/A` or `-`).
pub fn has_review_notes(text: &str) -> bool {
    let lines = lines(text);
    let meaningful = |s: &str| {
        let s = s.trim().trim_start_matches(':').trim();
        !(s.is_empty()
            || s.starts_with("<!--")
            || ["todo", "n/a", "na", "none", "-", "tbd"].contains(&s.to_ascii_lowercase().as_str()))
    };
    for (i, line) in lines.iter().enumerate() {
        let p = plain(line.raw);
        let lower = p.to_ascii_lowercase();
        let Some(rest) = lower
            .strip_prefix("review notes")
            .or_else(|| lower.strip_prefix("review note"))
        else {
            continue;
        };
        if meaningful(&p[p.len() - rest.len()..]) {
            return true;
        }
        for next in lines.iter().skip(i + 1) {
            if is_heading(next.raw) {
                break;
            }
            if meaningful(&plain(next.raw)) {
                return true;
            }
        }
    }
    false
}

/// Findings about the declaration against `detected`, the highest class among the change's
/// findings (`None`: no contract impact detected).
pub fn check_pr_declaration(pr: &PrBody, detected: Option<Class>) -> Vec<Finding> {
    let show = |c: Option<Class>| c.map_or("None", Class::as_str);
    match parse_pr_declaration(&pr.path, &pr.text) {
        PrDeclaration::Declared { impact, location } => {
            // Option<Class> orders None below SAFE, which is the order of seed 003 §6.1.
            if impact < detected {
                let class = detected.unwrap_or(Class::Safe);
                vec![
                    Finding::of(
                        &POLICY_PR_DECLARATION_TOO_LOW,
                        format!(
                            "the pull request declares Contract Impact {} but Accord detected {}",
                            show(impact),
                            show(detected)
                        ),
                    )
                    .with_class(class)
                    .with_logical_path("contract_impact")
                    .at(location)
                    .with_help(format!(
                        "declare `Contract Impact: {}` and attach the decision record",
                        show(detected)
                    )),
                ]
            } else {
                Vec::new()
            }
        }
        PrDeclaration::Missing => vec![
            Finding::of(
                &POLICY_PR_DECLARATION_MISSING,
                "the pull request body does not declare its Contract Impact",
            )
            .with_logical_path("contract_impact")
            .at(Location::file(&pr.path))
            .with_help(format!(
                "add a line `Contract Impact: {}` (None, SAFE, RISKY or BREAKING)",
                show(detected)
            )),
        ],
        PrDeclaration::Malformed { location, reason } => vec![
            Finding::of(
                &POLICY_PR_DECLARATION_MALFORMED,
                format!("cannot read the Contract Impact declaration: {reason}"),
            )
            .with_logical_path("contract_impact")
            .at(location)
            .with_help("write exactly one of `Contract Impact: None | SAFE | RISKY | BREAKING`"),
        ],
    }
}

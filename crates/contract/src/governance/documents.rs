//! Seed 000's document contracts: the Architecture Decision Record, the epic proposal and
//! the cross-pack story. Each kind has a template (a title line, header fields such as
//! `**Status:**`, required `##` sections); the same table renders the template for
//! `accord new` and validates the committed documents, so a fresh document fails only on its
//! `TODO:` placeholders and passes once they are filled in.
//!
//! pulldown-cmark decides what a heading, a code block or a link is (as for Markdown
//! contracts), so `## Context` inside a fenced block is not a section and `[text](url)` is
//! not a placeholder. Header fields are the `**Name:** value` lines between the title and the
//! first section: Markdown has no field syntax, so those lines are read as text.

use super::duties::epic_exists;
use super::rules::{
    governance_adr_duplicate::GOVERNANCE_ADR_DUPLICATE,
    governance_doc_field_invalid::GOVERNANCE_DOC_FIELD_INVALID,
    governance_doc_file_name::GOVERNANCE_DOC_FILE_NAME,
    governance_doc_placeholder::GOVERNANCE_DOC_PLACEHOLDER,
    governance_doc_section_missing::GOVERNANCE_DOC_SECTION_MISSING,
};
use crate::conformance::markdown::{headings, names, normalize};
use crate::did_you_mean;
use accord_model::manifest::{Manifest, is_database};
use accord_model::{Finding, Location, Span};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;

/// The kinds of governance document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    /// `ADR-NNN-slug.md` in `[governance] adrs_dir`.
    Adr,
    /// `YYYYMMDD-epic-slug.md` in `[governance] proposals_dir`.
    Proposal,
    /// A cross-pack story in `[governance] stories_dir`.
    Story,
}

/// What a header field's value must be.
#[derive(Debug, Clone, Copy)]
enum Value {
    /// One of these words (case-insensitive); more text may follow (`Superseded by ADR-004`).
    OneOf(&'static [&'static str]),
    /// `YYYY-MM-DD`.
    Date,
    /// Any non-empty text.
    Text,
    /// Comma-separated pack names of the manifest, at least this many.
    Packs(usize),
    /// An epic document in the epics or proposals directory.
    Epic,
}

struct Field {
    name: &'static str,
    required: bool,
    value: Value,
    /// What `accord new` writes.
    template: &'static str,
}

/// A kind's template: title prefix, header fields, required sections (each with what the
/// template asks for, from seed 000).
struct Template {
    noun: &'static str,
    title: &'static str,
    fields: &'static [Field],
    sections: &'static [(&'static str, &'static str)],
}

const ADR_STATUS: &[&str] = &["Proposed", "Accepted", "Superseded"];
const PROPOSAL_STATUS: &[&str] = &["Proposed", "Approved", "Accepted", "Rejected", "Archived"];

static ADR: Template = Template {
    noun: "ADR",
    title: "ADR-NNN:",
    fields: &[
        Field {
            name: "Status",
            required: true,
            value: Value::OneOf(ADR_STATUS),
            template: "Proposed",
        },
        Field {
            name: "Date",
            required: true,
            value: Value::Date,
            template: "{date}",
        },
        Field {
            name: "Deciders",
            required: true,
            value: Value::Text,
            template: "TODO: names or roles",
        },
    ],
    sections: &[
        ("Context", "What's the problem? Why do we need to decide?"),
        ("Decision", "What did we decide? Why?"),
        (
            "Alternatives Considered",
            "What other options did we evaluate?",
        ),
        (
            "Consequences",
            "Positive (benefits), negative (drawbacks), neutral (tradeoffs).",
        ),
        (
            "Implementation",
            "How will this be implemented? Which packs are affected?",
        ),
    ],
};

static PROPOSAL: Template = Template {
    noun: "epic proposal",
    title: "Epic Proposal:",
    fields: &[
        Field {
            name: "Status",
            required: false,
            value: Value::OneOf(PROPOSAL_STATUS),
            template: "Proposed",
        },
        Field {
            name: "Packs",
            required: false,
            value: Value::Packs(1),
            template: "TODO: the packs affected, comma-separated",
        },
    ],
    sections: &[
        ("Problem", "What problem are we solving?"),
        (
            "Packs Affected",
            "One line per pack: `- Pack: changes needed`.",
        ),
        (
            "Integration Points",
            "New: the new integrations. Modified: the modified integrations.",
        ),
        (
            "Database Changes",
            "Schema changes, new tables, migrations (or none).",
        ),
        (
            "Alternatives Considered",
            "Other approaches, why not chosen.",
        ),
        ("Estimated Effort", "Story points across packs."),
    ],
};

static STORY: Template = Template {
    noun: "cross-pack story",
    title: "Story:",
    fields: &[
        Field {
            name: "Type",
            required: true,
            value: Value::OneOf(&["Cross-Pack"]),
            template: "Cross-Pack",
        },
        Field {
            name: "Packs",
            required: true,
            value: Value::Packs(2),
            template: "TODO: two or more packs, comma-separated",
        },
        Field {
            name: "Epic",
            required: true,
            value: Value::Epic,
            template: "TODO: EPIC-NNN-name of the epic or proposal",
        },
    ],
    sections: &[
        (
            "User Story",
            "As a [user], I want [capability], so that [benefit].",
        ),
        ("Acceptance Criteria", "One checkbox per criterion."),
        (
            "Pack Breakdown",
            "One `###` sub-story per pack: title, owner, effort, tasks.",
        ),
        (
            "Integration Story",
            "Title, owner (the Integration Owner), effort, tasks.",
        ),
        ("Total Effort", "Points per pack and for the integration."),
    ],
};

fn template(kind: DocKind) -> &'static Template {
    match kind {
        DocKind::Adr => &ADR,
        DocKind::Proposal => &PROPOSAL,
        DocKind::Story => &STORY,
    }
}

/// One governance document to validate.
#[derive(Debug, Clone)]
pub struct Document {
    /// What it is (by the directory it lives in).
    pub kind: DocKind,
    /// Repository-relative path.
    pub path: String,
    /// Its text.
    pub text: String,
}

/// Whether a Markdown file in a documents directory is a document (an index or a template
/// kept beside the documents is not).
pub fn is_document_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md")
        && !matches!(lower.as_str(), "readme.md" | "index.md")
        && !lower.contains("template")
}

/// Validates `documents` against their templates. `epic_documents` are the paths in the
/// epics and proposals directories, for a story's `**Epic:**`; `epic_dirs` name those
/// directories in messages.
pub fn check_documents(
    manifest: &Manifest,
    documents: &[Document],
    epic_documents: &[String],
    epic_dirs: &[String],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut adr_numbers: BTreeMap<u32, Vec<(&Document, Location)>> = BTreeMap::new();
    for doc in documents {
        let t = template(doc.kind);
        let structure = Structure::read(&doc.text);
        out.extend(placeholders(&doc.path, &doc.text));
        let title_at = structure
            .title
            .as_ref()
            .map(|(_, span)| Location::from_span(&doc.path, &doc.text, line_of(&doc.text, *span)))
            .unwrap_or_else(|| Location::new(&doc.path, 1, 1));
        let name = doc.path.rsplit('/').next().unwrap_or(&doc.path);

        // Title.
        let title_text = structure.title.as_ref().map(|(t, _)| t.as_str());
        let adr_number = match (doc.kind, title_text) {
            (DocKind::Adr, Some(title)) => adr_title_number(title),
            _ => None,
        };
        let title_ok = match (doc.kind, title_text) {
            (_, None) => false,
            (DocKind::Adr, Some(_)) => adr_number.is_some(),
            (_, Some(title)) => title
                .to_lowercase()
                .strip_prefix(&t.title.to_lowercase())
                .is_some_and(|rest| !rest.trim().is_empty()),
        };
        if !title_ok {
            let expected = match doc.kind {
                DocKind::Adr => "# ADR-NNN: Decision Title".to_string(),
                _ => format!("# {} Name", t.title),
            };
            out.push(
                Finding::of(
                    &GOVERNANCE_DOC_FIELD_INVALID,
                    match title_text {
                        Some(title) => format!(
                            "{name}: the title `# {title}` does not follow the {} template `{expected}`",
                            t.noun
                        ),
                        None => format!("{name}: the {} has no `{expected}` title", t.noun),
                    },
                )
                .at(title_at.clone())
                .with_logical_path(format!("{}#title", doc.path))
                .with_help(format!("start the document with `{expected}`")),
            );
        }

        // Header fields.
        for field in t.fields {
            let Some(found) = structure
                .fields
                .iter()
                .find(|f| f.name.eq_ignore_ascii_case(field.name))
            else {
                if field.required {
                    out.push(
                        Finding::of(
                            &GOVERNANCE_DOC_FIELD_INVALID,
                            format!(
                                "{name}: the {} has no `**{}:**` header field",
                                t.noun, field.name
                            ),
                        )
                        .at(title_at.clone())
                        .with_logical_path(format!("{}#{}", doc.path, field.name))
                        .with_help(format!(
                            "add `**{}:** …` below the title, as in the seed's template{}",
                            field.name,
                            match field.value {
                                Value::OneOf(words) => format!(" ({})", words.join(" | ")),
                                _ => String::new(),
                            }
                        )),
                    );
                }
                continue;
            };
            if has_placeholder(&found.value) {
                continue; // reported once, as a placeholder
            }
            let at = Location::from_span(&doc.path, &doc.text, found.span);
            if let Some((problem, help)) =
                field_problem(field, &found.value, manifest, epic_documents, epic_dirs)
            {
                out.push(
                    Finding::of(
                        &GOVERNANCE_DOC_FIELD_INVALID,
                        format!("{name}: `**{}:** {}` {problem}", field.name, found.value),
                    )
                    .at(at)
                    .with_logical_path(format!("{}#{}", doc.path, field.name))
                    .with_help(help),
                );
            }
        }

        // Sections. A missing one is shown where it belongs: before the next section of the
        // template the document has (or at the title when none follows).
        let present = |section: &str| structure.sections.iter().find(|h| names(h, section));
        for (i, (section, _)) in t.sections.iter().enumerate() {
            if present(section).is_some() {
                continue;
            }
            let next = t.sections[i + 1..]
                .iter()
                .find_map(|(s, _)| present(s).map(|h| (*s, line_of(&doc.text, h.span))));
            let (at, place) = match next {
                Some((next, span)) => (
                    Location::from_span(&doc.path, &doc.text, span),
                    format!(" (it belongs before `## {next}`)"),
                ),
                None => (title_at.clone(), String::new()),
            };
            out.push(
                Finding::of(
                    &GOVERNANCE_DOC_SECTION_MISSING,
                    format!(
                        "{name}: the {} lacks the required section `## {section}`{place}",
                        t.noun
                    ),
                )
                .at(at)
                .with_logical_path(format!("{}#{section}", doc.path))
                .with_help(format!(
                    "add `## {section}` (seed 000's {} template: {})",
                    t.noun,
                    t.sections
                        .iter()
                        .map(|(s, _)| *s)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }

        // The proposal's `- Pack: changes` lines name packs.
        if doc.kind == DocKind::Proposal {
            out.extend(packs_affected(doc, &structure, manifest));
        }

        // File names.
        let problem = match doc.kind {
            DocKind::Adr => adr_number.and_then(|n| {
                let ok = adr_file_number(name) == Some(n) && slug_ok(name, 2);
                let slug = title_text
                    .and_then(|t| t.split_once(':'))
                    .map(|(_, t)| slugify(t));
                (!ok).then(|| {
                    (
                        format!(
                            "`ADR-NNN-short-title.md` with the number of its title (ADR-{n:03})"
                        ),
                        format!("ADR-{n:03}-{}.md", slug.unwrap_or_default()),
                    )
                })
            }),
            DocKind::Proposal => (!proposal_name_ok(name)).then(|| {
                (
                    "`YYYYMMDD-epic-name.md`".to_string(),
                    "YYYYMMDD-epic-name.md (the proposal's date, lower-case words joined by `-`)"
                        .to_string(),
                )
            }),
            DocKind::Story => None,
        };
        if let Some((convention, rename)) = problem {
            out.push(
                Finding::of(
                    &GOVERNANCE_DOC_FILE_NAME,
                    format!(
                        "{name}: the {} file name does not follow {convention}",
                        t.noun
                    ),
                )
                .at(title_at.clone())
                .with_logical_path(format!("{}#file-name", doc.path))
                .with_help(format!("rename the file to `{rename}`")),
            );
        }
        if let Some(n) = adr_number {
            adr_numbers
                .entry(n)
                .or_default()
                .push((doc, title_at.clone()));
        }
    }
    for (number, docs) in adr_numbers {
        let Some(((first, first_at), rest)) = docs.split_first() else {
            continue;
        };
        for (doc, at) in rest {
            out.push(
                Finding::of(
                    &GOVERNANCE_ADR_DUPLICATE,
                    format!(
                        "{} reuses ADR-{number:03}, already taken by {}",
                        doc.path, first.path
                    ),
                )
                .at(at.clone())
                .related(first_at.clone(), format!("ADR-{number:03} first used here"))
                .with_logical_path(format!("adr#{number}#{}", doc.path))
                .with_help(
                    "give the later decision the next free number (`accord new adr` picks it)",
                ),
            );
        }
    }
    out
}

fn field_problem(
    field: &Field,
    value: &str,
    manifest: &Manifest,
    epic_documents: &[String],
    epic_dirs: &[String],
) -> Option<(String, String)> {
    if value.trim().is_empty() {
        return Some(("is empty".into(), format!("fill in `{}`", field.name)));
    }
    match field.value {
        Value::OneOf(words) => {
            let first = value
                .split(|c: char| c.is_whitespace() || c == '(')
                .next()
                .unwrap_or(value);
            if words.iter().any(|w| w.eq_ignore_ascii_case(first)) {
                return None;
            }
            let hint = did_you_mean(first, words)
                .map(|w| format!("did you mean `{w}`? "))
                .unwrap_or_default();
            Some((
                format!("is not one of {}", words.join(", ")),
                format!("{hint}write one of {}", words.join(" | ")),
            ))
        }
        Value::Date => accord_model::date::parse_date(value.trim())
            .is_none()
            .then(|| {
                (
                    "is not a date".into(),
                    "write the date as YYYY-MM-DD".into(),
                )
            }),
        Value::Text => None,
        Value::Packs(min) => {
            let named: Vec<&str> = value
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            for pack in &named {
                if let Some(problem) = unknown_pack(pack, manifest) {
                    return Some(problem);
                }
            }
            (named.len() < min).then(|| {
                (
                    format!(
                        "names {} pack(s); a cross-pack document names at least {min}",
                        named.len()
                    ),
                    "name every pack the work touches, comma-separated".into(),
                )
            })
        }
        Value::Epic => (!epic_exists(value, epic_documents)).then(|| {
            (
                format!(
                    "names no epic document in {}",
                    epic_dirs
                        .iter()
                        .map(|d| format!("`{d}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
                "write the proposal first (`accord new proposal`), or fix the reference".into(),
            )
        }),
    }
}

fn unknown_pack(pack: &str, manifest: &Manifest) -> Option<(String, String)> {
    if manifest.pack(pack).is_some() || is_database(pack) {
        return None;
    }
    let candidates: Vec<&str> = manifest
        .packs
        .iter()
        .flat_map(|p| [p.name.as_str(), p.display_name.as_str()])
        .collect();
    let hint = did_you_mean(pack, &candidates)
        .map(|c| format!("did you mean `{c}`? "))
        .unwrap_or_default();
    Some((
        format!("names `{pack}`, which is no pack of the manifest"),
        format!(
            "{hint}packs: {}",
            manifest
                .packs
                .iter()
                .map(|p| p.display_name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ))
}

/// `- MMOS: changes needed` lines of `## Packs Affected`.
fn packs_affected(doc: &Document, structure: &Structure, manifest: &Manifest) -> Vec<Finding> {
    let Some(i) = structure
        .sections
        .iter()
        .position(|h| names(h, "Packs Affected"))
    else {
        return Vec::new();
    };
    let start = structure.sections[i].span.end;
    let end = structure
        .all_headings
        .iter()
        .map(|h| h.span.start)
        .find(|&s| s > start)
        .unwrap_or(doc.text.len());
    let mut out = Vec::new();
    let mut offset = start;
    for line in doc.text[start..end].split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let Some(item) = line.trim_start().strip_prefix(['-', '*']) else {
            continue;
        };
        let Some((pack, _)) = item.split_once(':') else {
            continue;
        };
        let pack = pack.trim().trim_matches('*').trim();
        if pack.is_empty() || has_placeholder(pack) || pack.contains('`') {
            continue;
        }
        if let Some((problem, help)) = unknown_pack(pack, manifest) {
            let span = Span::new(here, here + line.trim_end().len());
            out.push(
                Finding::of(
                    &GOVERNANCE_DOC_FIELD_INVALID,
                    format!(
                        "{}: `## Packs Affected` {problem}",
                        doc.path.rsplit('/').next().unwrap_or(&doc.path)
                    ),
                )
                .at(Location::from_span(&doc.path, &doc.text, span))
                .with_logical_path(format!("{}#packs-affected#{pack}", doc.path))
                .with_help(help),
            );
        }
    }
    out
}

/// The parts of a document its template speaks of.
struct Structure {
    /// The first level-1 heading.
    title: Option<(String, Span)>,
    /// Level-2 headings.
    sections: Vec<crate::conformance::markdown::Heading>,
    all_headings: Vec<crate::conformance::markdown::Heading>,
    /// `**Name:** value` lines between the title and the first section.
    fields: Vec<HeaderField>,
}

struct HeaderField {
    name: String,
    value: String,
    span: Span,
}

impl Structure {
    fn read(text: &str) -> Structure {
        let all = headings(text);
        let title = all
            .iter()
            .find(|h| h.level == 1)
            .map(|h| (h.text.clone(), h.span));
        let from = title.as_ref().map_or(0, |(_, s)| s.end);
        let to = all
            .iter()
            .find(|h| h.level >= 2 && h.span.start >= from)
            .map_or(text.len(), |h| h.span.start);
        let mut fields = Vec::new();
        let mut offset = from;
        for line in text.get(from..to).unwrap_or_default().split_inclusive('\n') {
            let here = offset;
            offset += line.len();
            if let Some((name, value)) = header_field(line) {
                fields.push(HeaderField {
                    name,
                    value,
                    span: Span::new(here, here + line.trim_end().len()),
                });
            }
        }
        Structure {
            title,
            sections: all.iter().filter(|h| h.level == 2).cloned().collect(),
            all_headings: all,
            fields,
        }
    }
}

/// The first line of `span` (a heading's span runs to the next line).
fn line_of(text: &str, span: Span) -> Span {
    let end = text
        .get(span.start..span.end)
        .and_then(|t| t.find('\n'))
        .map_or(span.end, |n| span.start + n);
    Span::new(span.start, end)
}

/// `**Status:** Accepted`, `**Status**: Accepted` or `Status: Accepted`.
fn header_field(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    let (name, value) = if let Some(rest) = line.strip_prefix("**") {
        let (name, value) = rest.split_once("**")?;
        let (name, value) = match name.strip_suffix(':') {
            Some(n) => (n, value),
            None => (name, value.strip_prefix(':')?),
        };
        (name, value)
    } else {
        // `Name: value`, but not a URL's `https://`.
        let (name, value) = line.split_once(':')?;
        if !(value.is_empty() || value.starts_with(' ')) {
            return None;
        }
        (name, value)
    };
    let name = name.trim();
    (!name.is_empty()
        && name.len() <= 40
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-'))
    .then(|| (name.to_string(), value.trim().to_string()))
}

/// `ADR-007: Title` → 7.
fn adr_title_number(title: &str) -> Option<u32> {
    let rest = title
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("ADR-"))
        .map(|_| &title[4..])?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = rest[digits.len()..].trim_start();
    let title = after.strip_prefix(':')?;
    (!digits.is_empty() && !title.trim().is_empty()).then(|| digits.parse().ok())?
}

/// `ADR-007-slug.md` → 7.
fn adr_file_number(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("ADR-")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (digits.len() >= 3).then(|| digits.parse().ok())?
}

/// The part after the first `skip` `-`-separated components is a lower-case slug.
fn slug_ok(name: &str, skip: usize) -> bool {
    let Some(stem) = name.strip_suffix(".md") else {
        return false;
    };
    let slug: Vec<&str> = stem.splitn(skip + 1, '-').collect();
    slug.len() == skip + 1 && is_slug(slug[skip])
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn proposal_name_ok(name: &str) -> bool {
    let Some((date, _)) = name.split_once('-') else {
        return false;
    };
    // Digits first: slicing by byte counts must never cut a character of a hostile name.
    date.len() == 8
        && date.bytes().all(|b| b.is_ascii_digit())
        && accord_model::date::parse_date(&format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..]))
            .is_some()
        && slug_ok(name, 1)
}

/// The bracketed prompts of seed 000's templates, as they read when a template is copied
/// without being filled in. Only these: other bracketed text (`[Unreleased]`, `[YANKED]`,
/// `[breaking change]`) is common in real Markdown and means what it says.
const SEED_PROMPTS: &[&str] = &[
    "[Name]",
    "[Decision Title]",
    "[Names/Roles]",
    "[What's the problem? Why do we need to decide?]",
    "[What did we decide? Why?]",
    "[What other options did we evaluate?]",
    "[benefits]",
    "[drawbacks]",
    "[tradeoffs]",
    "[How will this be implemented? Which packs affected?]",
    "[What problem are we solving?]",
    "[changes needed]",
    "[list new integrations]",
    "[list modified integrations]",
    "[Schema changes, new tables, migrations]",
    "[Other approaches, why not chosen]",
    "[Story points across packs]",
    "[user]",
    "[capability]",
    "[benefit]",
];

/// A header field's value still holding the template's text.
fn has_placeholder(value: &str) -> bool {
    value.contains("TODO")
        || value.contains("YYYY-MM-DD")
        || SEED_PROMPTS.iter().any(|p| value.contains(p))
}

/// The placeholder in one run of prose, with its offset. `block_start`: the run opens its
/// paragraph or list item, where a bare `TODO` is a marker (`* TODO (or remove section if
/// none)`); elsewhere only `TODO:` is (`typos in TODO comments` is prose).
fn placeholder_at(text: &str, block_start: bool) -> Option<(usize, String)> {
    let lead = text.len() - text.trim_start().len();
    let mut found: Vec<(usize, String)> = Vec::new();
    if block_start
        && text[lead..].starts_with("TODO")
        && !text[lead + 4..].starts_with(|c: char| c.is_alphanumeric())
    {
        found.push((lead, "TODO".to_string()));
    }
    if let Some(i) = text.find("TODO:") {
        found.push((i, "TODO:".to_string()));
    }
    for prompt in SEED_PROMPTS {
        if let Some(i) = text.find(prompt) {
            found.push((i, prompt.to_string()));
        }
    }
    found.into_iter().min_by_key(|(i, _)| *i)
}

/// Placeholders in prose: paragraphs and list items, outside code, links, headings and HTML.
/// One finding per line.
fn placeholders(path: &str, text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut skip = 0usize;
    let mut block_start = false;
    // Consecutive text events are scanned as one run, because pulldown-cmark splits
    // `[Name]` into three events.
    let mut run: Option<(usize, usize, bool)> = None;
    let mut seen_lines = std::collections::BTreeSet::new();
    let mut flush = |run: &mut Option<(usize, usize, bool)>, out: &mut Vec<Finding>| {
        let Some((start, end, leading)) = run.take() else {
            return;
        };
        let mut from = start;
        let mut leading = leading;
        while from < end {
            let Some((i, what)) = placeholder_at(&text[from..end], leading) else {
                break;
            };
            leading = false;
            let at = from + i;
            let location = Location::from_span(path, text, Span::new(at, at + what.len()));
            if seen_lines.insert(location.line) {
                out.push(
                    Finding::of(
                        &GOVERNANCE_DOC_PLACEHOLDER,
                        format!("`{what}` is a placeholder left from the template"),
                    )
                    .at(location.clone())
                    .with_logical_path(format!("{path}#placeholder#{}", normalize(&what)))
                    .with_help("replace it with the document's own text"),
                );
            }
            from = at + what.len();
        }
    };
    for (event, range) in
        Parser::new_ext(text, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS).into_offset_iter()
    {
        match event {
            Event::Start(
                Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::MetadataBlock(_)
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Heading { .. },
            ) => {
                flush(&mut run, &mut out);
                skip += 1;
            }
            Event::End(
                TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::MetadataBlock(_)
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Heading(_),
            ) => skip = skip.saturating_sub(1),
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => {
                flush(&mut run, &mut out);
                block_start = true;
                continue;
            }
            Event::Text(_) if skip == 0 => {
                run = Some(match run {
                    Some((s, _, leading)) => (s, range.end, leading),
                    None => (range.start, range.end, block_start),
                });
            }
            Event::SoftBreak | Event::HardBreak => {}
            _ => flush(&mut run, &mut out),
        }
        block_start = false;
    }
    flush(&mut run, &mut out);
    out
}

/// `TODO:` markers `accord new` leaves in a migration's leading comments or a contract's
/// values. Only there: a `TODO` in a migration body or a YAML comment is the author's.
pub fn file_placeholders(path: &str, text: &str, migration: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let trimmed = line.trim();
        let candidate = if migration {
            if !(trimmed.is_empty() || trimmed.starts_with("--")) {
                break; // the header ends at the first statement
            }
            trimmed
        } else {
            if trimmed.starts_with('#') {
                continue;
            }
            match trimmed.split_once(':') {
                Some((_, value)) => value,
                None => trimmed.trim_start_matches("- "),
            }
        };
        if let Some(i) = candidate.find("TODO:") {
            let at = here + line.find(&candidate[i..]).unwrap_or(0);
            out.push(
                Finding::of(
                    &GOVERNANCE_DOC_PLACEHOLDER,
                    format!("`{}` is a placeholder left from the template", line.trim()),
                )
                .at(Location::from_span(
                    path,
                    text,
                    Span::new(at, here + line.trim_end().len()),
                ))
                .with_logical_path(format!("{path}#placeholder#{}", normalize(trimmed)))
                .with_help("replace it with the real value"),
            );
        }
    }
    out
}

/// What `accord new` knows when it writes a document.
#[derive(Debug, Clone)]
pub struct NewDocument<'a> {
    /// The document's title.
    pub title: &'a str,
    /// For an ADR, its number.
    pub number: u32,
    /// Today, `YYYY-MM-DD`.
    pub date: &'a str,
}

/// The file name `accord new` gives a document (`ADR-003-slug.md`, `20261203-epic-slug.md`,
/// `STORY-004-slug.md`).
pub fn document_file_name(kind: DocKind, doc: &NewDocument) -> String {
    let slug = slugify(doc.title);
    match kind {
        DocKind::Adr => format!("ADR-{:03}-{slug}.md", doc.number),
        DocKind::Proposal => {
            let slug = slug.strip_prefix("epic-").unwrap_or(&slug);
            format!("{}-epic-{slug}.md", doc.date.replace('-', ""))
        }
        DocKind::Story => format!("STORY-{:03}-{slug}.md", doc.number),
    }
}

/// The document `accord new` writes: the kind's template with `TODO:` placeholders that
/// [`check_documents`] reports until they are replaced.
pub fn render_document(kind: DocKind, doc: &NewDocument) -> String {
    let t = template(kind);
    let mut out = match kind {
        DocKind::Adr => format!("# ADR-{:03}: {}\n\n", doc.number, doc.title),
        _ => format!("# {} {}\n\n", t.title, doc.title),
    };
    for field in t.fields {
        out.push_str(&format!(
            "**{}:** {}\n",
            field.name,
            field.template.replace("{date}", doc.date)
        ));
    }
    for (section, ask) in t.sections {
        let body = match (kind, *section) {
            (DocKind::Proposal, "Packs Affected") => "- TODO: Pack: changes needed".to_string(),
            (DocKind::Story, "Acceptance Criteria") => "- [ ] TODO: a criterion".to_string(),
            (DocKind::Story, "User Story") => {
                "TODO: As a user, I want a capability, so that a benefit.".to_string()
            }
            _ => format!("TODO: {ask}"),
        };
        out.push_str(&format!("\n## {section}\n{body}\n"));
    }
    out
}

/// The highest `PREFIX-NNN` number among `names` (`ADR-` or `STORY-`), 0 when none.
pub fn highest_number(names: &[String], prefix: &str) -> u32 {
    names
        .iter()
        .filter_map(|n| {
            let rest = n.rsplit('/').next()?.strip_prefix(prefix)?;
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .max()
        .unwrap_or(0)
}

/// Lower-case words joined by `-`: `Single Database for All Packs` → `single-database-for-all-packs`.
pub fn slugify(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "untitled".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        crate::parse_manifest(
            "accord.toml",
            "[project]\nname = \"x\"\n[packs.mmos]\ndisplay_name = \"MMOS\"\npaths = [\"mmos/**\"]\n[packs.creator-os]\ndisplay_name = \"CreatorOS\"\npaths = [\"c/**\"]\n",
        )
        .unwrap()
    }

    fn check(kind: DocKind, path: &str, text: &str) -> Vec<Finding> {
        let docs = vec![Document {
            kind,
            path: path.into(),
            text: text.into(),
        }];
        check_documents(
            &manifest(),
            &docs,
            &["p/20251020-epic-voice.md".into()],
            &["p".into()],
        )
    }

    #[test]
    fn a_new_document_fails_only_on_placeholders_and_passes_once_filled() {
        for (kind, number) in [
            (DocKind::Adr, 3),
            (DocKind::Proposal, 0),
            (DocKind::Story, 1),
        ] {
            let doc = NewDocument {
                title: "Voice Cache",
                number,
                date: "2026-12-03",
            };
            let text = render_document(kind, &doc);
            let path = format!("d/{}", document_file_name(kind, &doc));
            let findings = check(kind, &path, &text);
            assert!(!findings.is_empty(), "{kind:?}");
            assert!(
                findings
                    .iter()
                    .all(|f| f.rule == "governance-doc-placeholder"),
                "{kind:?}: {findings:#?}"
            );
            let filled = text
                .replace(
                    "TODO: two or more packs, comma-separated",
                    "MMOS, CreatorOS",
                )
                .replace("TODO: the packs affected, comma-separated", "MMOS")
                .replace(
                    "TODO: EPIC-NNN-name of the epic or proposal",
                    "EPIC-005-voice",
                )
                .replace("TODO: Pack:", "MMOS:")
                .replace("TODO: ", "Filled in: ");
            let findings = check(kind, &path, &filled);
            assert!(findings.is_empty(), "{kind:?}: {findings:#?}\n{filled}");
        }
    }

    #[test]
    fn placeholders_ignore_code_links_and_task_boxes() {
        let text = "# Story: x\n\n```\nTODO: in code\n```\n- [ ] done [link](http://x) `[Name]`\n\nSee [ADR][1].\n\n[1]: http://x\n";
        let f = placeholders("s.md", text);
        assert!(f.is_empty(), "{f:#?}");
        let f = placeholders(
            "s.md",
            "# T\n\n## Problem\n[What problem are we solving?]\n",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].location.line, 4);
    }

    /// Lines seen in real crates' READMEs and changelogs (the corpus run in
    /// docs/governance-documents.md): prose about TODOs and bracketed words is not a
    /// placeholder, a template's leftover `* TODO` item or `TODO:` is.
    #[test]
    fn placeholders_in_real_markdown() {
        let prose = "# T\n\n## TODO\n\n* See TODO.\n- correct typos in TODO comments\n\n## [Unreleased]\n\n- [YANKED] 0.2.1\n- [breaking change] removed `x`\n\nDates in YYYY-MM-DD format.\n";
        let f = placeholders("c.md", prose);
        assert!(f.is_empty(), "{f:#?}");
        let left = "# T\n\n## Added\n\n* TODO (or remove section if none)\n\nTODO: Changelog.\n";
        let lines: Vec<u32> = placeholders("c.md", left)
            .iter()
            .map(|f| f.location.line)
            .collect();
        assert_eq!(lines, [5, 7]);
    }

    #[test]
    fn header_fields_take_the_seed_spellings() {
        assert_eq!(
            header_field("**Status:** Accepted"),
            Some(("Status".into(), "Accepted".into()))
        );
        assert_eq!(
            header_field("**Status**: Accepted"),
            Some(("Status".into(), "Accepted".into()))
        );
        assert_eq!(
            header_field("Status: Accepted"),
            Some(("Status".into(), "Accepted".into()))
        );
        assert_eq!(header_field("As seen at https://x"), None);
    }

    #[test]
    fn unknown_pack_suggests_the_nearest() {
        let (problem, help) = unknown_pack("CreatorOs2", &manifest()).unwrap();
        assert!(problem.contains("`CreatorOs2`"));
        assert!(help.contains("did you mean `CreatorOS`?"), "{help}");
    }

    #[test]
    fn adr_numbers_come_from_title_and_file() {
        assert_eq!(adr_title_number("ADR-007: Title"), Some(7));
        assert_eq!(adr_title_number("ADR-XXX: Title"), None);
        assert_eq!(adr_file_number("ADR-007-title.md"), Some(7));
        assert!(slug_ok("ADR-007-single-database.md", 2));
        assert!(!slug_ok("ADR-007-Single_Database.md", 2));
        assert!(proposal_name_ok("20251020-epic-voice-fidelity-boost.md"));
        assert!(!proposal_name_ok("20251320-epic-voice.md"));
        // A multi-byte character where the digits belong is a bad name, not a panic.
        assert!(!proposal_name_ok("202é020-epic-voice.md"));
        assert!(!proposal_name_ok("20251é0-epic-voice.md"));
        assert_eq!(
            slugify("Single Database, for All!"),
            "single-database-for-all"
        );
    }
}

//! JSON Schema compatibility: classify the change between two schemas under a
//! compatibility mode and a content model.
//!
//! Every mode is built from one directed question — can reader schema R read everything
//! writer schema W accepts? BACKWARD asks it with R = new and W = old (new consumers read
//! old data), FORWARD with R = old and W = new (old consumers read new data), FULL both
//! ways, and `*_TRANSITIVE` also against every earlier version given. Incompatibilities in
//! a checked direction are BREAKING findings; those only in the unchecked direction are
//! reported as `schema-change-compatible` (SAFE). Under NONE every would-be
//! incompatibility is `schema-change-unchecked` (RISKY) and the verdict is compatible.
//!
//! Every keyword of draft-07, 2019-09 and 2020-12 has its rule (the rule docs state the
//! semantics per direction); each side is read in the dialect its `$schema` names:
//!
//! | keywords | rule |
//! |---|---|
//! | `type` | `schema-type-incompatible` |
//! | `enum`, `const` | `schema-enum-incompatible` |
//! | `minimum`, `maximum`, `exclusive*`, `multipleOf`, `min/maxLength`, `min/maxItems`, `uniqueItems`, `min/maxProperties` | `schema-bounds-incompatible` |
//! | `pattern`, `format` | `schema-pattern-incompatible` |
//! | `required` | `schema-required-incompatible` |
//! | `properties`, `patternProperties`, `additionalProperties`, `unevaluatedProperties`, `propertyNames` | `schema-property-incompatible` / `schema-property-added` |
//! | `dependentRequired`, `dependentSchemas`, `dependencies` | `schema-dependencies-incompatible` (and the nested rules) |
//! | `prefixItems`, `items`, `additionalItems`, `unevaluatedItems`, `contains`, `minContains`, `maxContains` | `schema-items-incompatible` (and the nested rules per position) |
//! | `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else` | `schema-composition-incompatible` (and the nested rules) |
//! | `$ref`, `$dynamicRef`, `$recursiveRef`, `$defs`/`definitions`, `$anchor`, `$dynamicAnchor` | followed; `schema-uncomparable` when they cannot be |
//! | `title`, `description`, `$comment`, `examples`, `deprecated`, `readOnly`, `writeOnly`, `contentEncoding`, `contentMediaType`, `contentSchema` | `schema-annotation-changed` |
//! | `default` | `schema-default-changed` |
//! | `$schema`, `$id`, `$vocabulary` | never change validity by themselves |
//!
//! The lenient content model (the default) excuses what only undeclared properties could
//! break: a property added to (or removed from) an open model, and `additionalProperties`
//! / `unevaluatedProperties` / a new `patternProperties` entry narrowing what undeclared
//! names may hold. `strict` reports them, as Confluent Schema Registry does.
//!
//! ```
//! use accord_diff::schema::{schema_compat, Compatibility, ContentModel};
//! use serde_json::json;
//!
//! let old = json!({"type": "object", "properties": {"id": {"type": "string"}}});
//! let new = json!({"type": "object", "properties": {"id": {"type": "string"},
//!                                                   "nick": {"type": "string"}}});
//! // Adding a property to an open content model: fine when lenient...
//! assert!(schema_compat(&old, &new, Compatibility::Backward, ContentModel::Lenient).compatible);
//! // ...incompatible when strict (old data may hold any `nick`).
//! let strict = schema_compat(&old, &new, Compatibility::Backward, ContentModel::Strict);
//! assert!(!strict.compatible);
//! assert_eq!(strict.findings[0].rule, "schema-property-incompatible");
//! assert_eq!(strict.findings[0].logical_path, "/properties/nick");
//! ```

mod annotations;
pub(crate) mod walk;

use crate::rules::schema_change_compatible::SCHEMA_CHANGE_COMPATIBLE;
use crate::rules::schema_change_unchecked::SCHEMA_CHANGE_UNCHECKED;
use accord_model::{Class, Finding, Location};
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use walk::{Issue, Walker};

/// A compatibility mode (Confluent Schema Registry's names).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Compatibility {
    /// The new schema reads data written with the previous one. The default.
    #[default]
    Backward,
    /// Like BACKWARD, against every earlier version.
    BackwardTransitive,
    /// The previous schema reads data written with the new one.
    Forward,
    /// Like FORWARD, against every earlier version.
    ForwardTransitive,
    /// BACKWARD and FORWARD.
    Full,
    /// Like FULL, against every earlier version.
    FullTransitive,
    /// No check: changes are reported as RISKY, the verdict is always compatible.
    None,
}

impl Compatibility {
    /// Every mode.
    pub const ALL: [Compatibility; 7] = [
        Compatibility::Backward,
        Compatibility::BackwardTransitive,
        Compatibility::Forward,
        Compatibility::ForwardTransitive,
        Compatibility::Full,
        Compatibility::FullTransitive,
        Compatibility::None,
    ];

    /// The upper-case name, e.g. `BACKWARD_TRANSITIVE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Compatibility::Backward => "BACKWARD",
            Compatibility::BackwardTransitive => "BACKWARD_TRANSITIVE",
            Compatibility::Forward => "FORWARD",
            Compatibility::ForwardTransitive => "FORWARD_TRANSITIVE",
            Compatibility::Full => "FULL",
            Compatibility::FullTransitive => "FULL_TRANSITIVE",
            Compatibility::None => "NONE",
        }
    }

    /// Parses a mode case-insensitively; `-` and spaces may stand for `_`.
    pub fn parse(text: &str) -> Option<Compatibility> {
        let norm: String = text
            .trim()
            .chars()
            .map(|c| {
                if c == '-' || c == ' ' {
                    '_'
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect();
        Compatibility::ALL.into_iter().find(|m| m.as_str() == norm)
    }

    /// True for the `*_TRANSITIVE` modes.
    pub fn is_transitive(self) -> bool {
        matches!(
            self,
            Compatibility::BackwardTransitive
                | Compatibility::ForwardTransitive
                | Compatibility::FullTransitive
        )
    }

    fn backward(self) -> bool {
        matches!(
            self,
            Compatibility::Backward
                | Compatibility::BackwardTransitive
                | Compatibility::Full
                | Compatibility::FullTransitive
        )
    }

    fn forward(self) -> bool {
        matches!(
            self,
            Compatibility::Forward
                | Compatibility::ForwardTransitive
                | Compatibility::Full
                | Compatibility::FullTransitive
        )
    }
}

impl fmt::Display for Compatibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How to treat a property added to an object that allows undeclared properties.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentModel {
    /// Incompatible: old data may already hold any value under the new name
    /// (Confluent Schema Registry's behaviour). Narrowing `additionalProperties`,
    /// `unevaluatedProperties` or adding a `patternProperties` entry over an open model
    /// is incompatible too.
    Strict,
    /// A compatible MINOR addition: writers only wrote what they declared, so undeclared
    /// names hold nothing and narrowing what they may hold breaks no data. The default.
    #[default]
    Lenient,
}

impl ContentModel {
    /// `strict` or `lenient`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentModel::Strict => "strict",
            ContentModel::Lenient => "lenient",
        }
    }

    /// Parses `strict` or `lenient`, case-insensitively.
    pub fn parse(text: &str) -> Option<ContentModel> {
        match text.trim().to_ascii_lowercase().as_str() {
            "strict" => Some(ContentModel::Strict),
            "lenient" => Some(ContentModel::Lenient),
            _ => None,
        }
    }
}

impl fmt::Display for ContentModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of a schema comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemaVerdict {
    /// True when no finding is BREAKING.
    pub compatible: bool,
    /// Every change found; `logical_path` is the JSON pointer into the new schema.
    /// Findings have no location: see [`SchemaVerdict::located`].
    pub findings: Vec<Finding>,
}

impl SchemaVerdict {
    /// Places every finding in `path` (the new schema's file), for standalone use.
    pub fn located(mut self, path: &str) -> SchemaVerdict {
        self.findings = self
            .findings
            .into_iter()
            .map(|f| f.at(Location::file(path)))
            .collect();
        self
    }
}

/// Classifies the change from `old` to `new` under `mode` and `model`.
///
/// With a `*_TRANSITIVE` mode and no earlier versions this equals the plain mode; use
/// [`schema_compat_transitive`] to pass the history.
pub fn schema_compat(
    old: &Value,
    new: &Value,
    mode: Compatibility,
    model: ContentModel,
) -> SchemaVerdict {
    compat(&[old], new, mode, model)
}

/// Like [`schema_compat`], with `history` holding every earlier version, oldest first;
/// its last element is the previous version. Transitive modes check against all of them.
/// An empty history is compatible with no findings.
pub fn schema_compat_transitive(
    history: &[Value],
    new: &Value,
    mode: Compatibility,
    model: ContentModel,
) -> SchemaVerdict {
    let refs: Vec<&Value> = history.iter().collect();
    compat(&refs, new, mode, model)
}

/// Which way an issue was found.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Backward,
    Forward,
}

fn compat(
    history: &[&Value],
    new: &Value,
    mode: Compatibility,
    model: ContentModel,
) -> SchemaVerdict {
    let Some((&previous, earlier)) = history.split_last() else {
        return SchemaVerdict {
            compatible: true,
            findings: Vec::new(),
        };
    };
    if previous == new {
        // Unchanged since the previous version, which was itself checked when it landed.
        return SchemaVerdict {
            compatible: true,
            findings: Vec::new(),
        };
    }
    let back = Walker::new(new, previous, true).run();
    let fwd = Walker::new(previous, new, false).run();

    let mut out = Findings::default();
    let checked = |d: Dir| match d {
        Dir::Backward => mode.backward(),
        Dir::Forward => mode.forward(),
    };
    let all = back
        .iter()
        .map(|i| (i, Dir::Backward, None))
        .chain(fwd.iter().map(|i| (i, Dir::Forward, None)));
    let mut transitive: Vec<(Issue, Dir, usize)> = Vec::new();
    if mode.is_transitive() {
        for (n, e) in earlier.iter().enumerate() {
            if mode.backward() {
                transitive.extend(
                    Walker::new(new, e, true)
                        .run()
                        .into_iter()
                        .map(|i| (i, Dir::Backward, n)),
                );
            }
            if mode.forward() {
                transitive.extend(
                    Walker::new(e, new, false)
                        .run()
                        .into_iter()
                        .map(|i| (i, Dir::Forward, n)),
                );
            }
        }
    }
    let all: Vec<(&Issue, Dir, Option<usize>)> = all
        .chain(transitive.iter().map(|(i, d, n)| (i, *d, Some(*n))))
        .collect();

    // Incompatibilities first, so a change both breaking and "compatible the other way"
    // is reported once, as breaking.
    for &(issue, dir, version) in &all {
        if issue.rule.class != Class::Breaking {
            out.push(
                Finding::of(issue.rule, issue.detail.clone()).with_logical_path(&issue.pointer),
            );
            continue;
        }
        let excused = model == ContentModel::Lenient && issue.lenient.is_some();
        if mode == Compatibility::None || excused || !checked(dir) {
            continue;
        }
        let against = match version {
            None => "the previous version".to_string(),
            Some(n) => format!("earlier version #{} of {}", n + 1, history.len()),
        };
        let why = match dir {
            Dir::Backward => {
                format!("{mode}: the new schema cannot read data valid under {against}")
            }
            Dir::Forward => {
                format!("{mode}: {against} cannot read data valid under the new schema")
            }
        };
        out.push(
            Finding::of(issue.rule, format!("{} ({why})", issue.detail))
                .with_logical_path(&issue.pointer),
        );
    }
    for &(issue, dir, version) in &all {
        if issue.rule.class != Class::Breaking || version.is_some() {
            continue;
        }
        let excused = model == ContentModel::Lenient && issue.lenient.is_some();
        let finding = if mode == Compatibility::None {
            Finding::of(
                &SCHEMA_CHANGE_UNCHECKED,
                format!("{} (compatibility NONE: not checked)", issue.detail),
            )
        } else if excused {
            let rule = issue.lenient.unwrap_or(&SCHEMA_CHANGE_COMPATIBLE);
            Finding::of(
                rule,
                format!("{} (allowed by the lenient content model)", issue.detail),
            )
        } else if !checked(dir) {
            Finding::of(
                &SCHEMA_CHANGE_COMPATIBLE,
                format!("{} (compatible under {mode})", issue.detail),
            )
        } else {
            continue;
        };
        if out.breaking_at(&issue.pointer, issue.rule.id) {
            continue;
        }
        out.push(finding.with_logical_path(&issue.pointer));
    }
    for f in annotations::annotation_findings(previous, new) {
        out.push(f);
    }
    let findings = out.0;
    SchemaVerdict {
        compatible: !findings.iter().any(|f| f.class == Class::Breaking),
        findings,
    }
}

/// Findings deduplicated by fingerprint (rule + pointer): the same change seen from both
/// directions, or against several earlier versions, is one finding.
#[derive(Default)]
struct Findings(Vec<Finding>);

impl Findings {
    fn push(&mut self, f: Finding) {
        if let Some(existing) = self.0.iter_mut().find(|e| e.fingerprint == f.fingerprint) {
            if existing.message != f.message && !existing.message.contains(&f.message) {
                existing.message = format!("{}; also {}", existing.message, f.message);
            }
            return;
        }
        self.0.push(f);
    }

    fn breaking_at(&self, pointer: &str, rule: &str) -> bool {
        self.0
            .iter()
            .any(|f| f.class == Class::Breaking && f.logical_path == pointer && f.rule == rule)
    }
}

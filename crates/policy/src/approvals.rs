//! `accord-approvals.toml`: reviewed exceptions, keyed by finding fingerprint.
//!
//! ```toml
//! [approvals.3f2a9c01d4e5b6a7]
//! justification = "CreatorOS migrates in the same release"
//! approver = "alice"
//! expires = "2026-12-31"
//! conditions = ["Announce the change in #expansion-packs"]
//! ```

use crate::{ConfigError, ConfigErrors};
use accord_model::{Location, Span};
use serde::Serialize;
use time::Date;
use toml_span::value::{Table, Value, ValueInner};

/// One approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Approval {
    /// The fingerprint of the finding it approves.
    pub fingerprint: String,
    /// Why the exception is acceptable.
    pub justification: String,
    /// Who approved it; must hold the role the finding needs.
    pub approver: String,
    /// Last day the approval counts (inclusive).
    #[serde(serialize_with = "serialize_date")]
    pub expires: Date,
    /// Conditions attached to the approval; they become non-blocking required actions.
    pub conditions: Vec<String>,
    /// Where the entry is declared (its table header).
    pub location: Location,
}

fn serialize_date<S: serde::Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_date(*date))
}

pub use accord_model::date::{format_date, parse_date};

/// The parsed approvals file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Approvals {
    /// Repository-relative path of the file.
    pub path: String,
    /// Entries in file order.
    pub entries: Vec<Approval>,
}

impl Approvals {
    /// No approvals (the file does not exist).
    pub fn none() -> Approvals {
        Approvals::default()
    }

    /// The approval for `fingerprint`, if any.
    pub fn get(&self, fingerprint: &str) -> Option<&Approval> {
        self.entries.iter().find(|a| a.fingerprint == fingerprint)
    }

    /// Parses the file at `path` whose contents are `source`. Every mistake is reported,
    /// with line and column.
    pub fn parse(path: &str, source: &str) -> Result<Approvals, ConfigErrors> {
        let err = |span: toml_span::Span, message: String| {
            ConfigError::at(path, source, Span::new(span.start, span.end), message)
        };
        let mut root = toml_span::parse(source).map_err(|e| {
            let mut message = e.to_string();
            if message.contains("unquoted") || message.contains("expected") {
                message
                    .push_str(" (dates are written as quoted strings: expires = \"2026-12-31\")");
            }
            ConfigErrors::from(err(e.span, message))
        })?;
        let mut errors = Vec::new();
        let mut entries = Vec::new();
        let root_span = root.span;
        let ValueInner::Table(mut top) = root.take() else {
            return Err(err(root_span, "expected a table".to_string()).into());
        };
        let mut keys: Vec<_> = top.keys().cloned().collect();
        keys.sort_by_key(|k| k.span.start);
        for key in keys {
            if key.name != "approvals" {
                errors.push(err(
                    key.span,
                    format!(
                        "unknown key `{}`; approvals go in `[approvals.<fingerprint>]` tables",
                        key.name
                    ),
                ));
            }
        }
        let Some(mut approvals) = top.remove("approvals") else {
            return finish(path, entries, errors);
        };
        let approvals_span = approvals.span;
        let ValueInner::Table(table) = approvals.take() else {
            errors.push(err(
                approvals_span,
                "`approvals` must be a table of `[approvals.<fingerprint>]` entries".to_string(),
            ));
            return finish(path, entries, errors);
        };
        let mut items: Vec<_> = table.into_iter().collect();
        items.sort_by_key(|(k, _)| k.span.start);
        for (key, mut value) in items {
            let fingerprint = key.name.to_string();
            if fingerprint.len() != 16 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
                errors.push(err(
                    key.span,
                    format!(
                        "`{fingerprint}` is not a finding fingerprint (16 hex digits, as shown in reports)"
                    ),
                ));
                continue;
            }
            let span = value.span;
            let ValueInner::Table(mut fields) = value.take() else {
                errors.push(err(
                    span,
                    format!("approval `{fingerprint}` must be a table"),
                ));
                continue;
            };
            let text =
                |fields: &mut Table<'_>, name: &str, errors: &mut Vec<ConfigError>| match fields
                    .remove(name)
                {
                    Some(v) => match v.as_str() {
                        Some(s) if !s.trim().is_empty() => Some((s.to_string(), v.span)),
                        _ => {
                            errors
                                .push(err(v.span, format!("`{name}` must be a non-empty string")));
                            None
                        }
                    },
                    None => {
                        errors.push(err(
                            key.span,
                            format!("approval `{fingerprint}` lacks `{name}`"),
                        ));
                        None
                    }
                };
            let justification = text(&mut fields, "justification", &mut errors);
            let approver = text(&mut fields, "approver", &mut errors);
            let expires = text(&mut fields, "expires", &mut errors).and_then(|(s, span)| {
                let date = parse_date(&s);
                if date.is_none() {
                    errors.push(err(
                        span,
                        format!("`expires` = {s:?} is not a date (YYYY-MM-DD)"),
                    ));
                }
                date
            });
            let conditions = match fields.remove("conditions") {
                None => Some(Vec::new()),
                Some(v) => strings(&v).or_else(|| {
                    errors.push(err(
                        v.span,
                        "`conditions` must be a list of strings".to_string(),
                    ));
                    None
                }),
            };
            for (k, _) in fields {
                errors.push(err(
                    k.span,
                    format!(
                        "unknown key `{}`; expected justification, approver, expires, conditions",
                        k.name
                    ),
                ));
            }
            if let (
                Some((justification, _)),
                Some((approver, _)),
                Some(expires),
                Some(conditions),
            ) = (justification, approver, expires, conditions)
            {
                entries.push(Approval {
                    fingerprint,
                    justification,
                    approver: approver.trim().to_string(),
                    expires,
                    conditions,
                    location: Location::from_span(
                        path,
                        source,
                        Span::new(key.span.start, key.span.end),
                    ),
                });
            }
        }
        finish(path, entries, errors)
    }
}

fn strings(value: &Value<'_>) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn finish(
    path: &str,
    entries: Vec<Approval>,
    errors: Vec<ConfigError>,
) -> Result<Approvals, ConfigErrors> {
    if errors.is_empty() {
        Ok(Approvals {
            path: path.to_string(),
            entries,
        })
    } else {
        Err(ConfigErrors(errors))
    }
}

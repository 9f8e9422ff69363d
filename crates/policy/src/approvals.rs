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

/// An approval to add to the approvals file (`accord approve`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApproval {
    /// The full fingerprint of the finding (16 hex digits).
    pub fingerprint: String,
    /// Why the exception is acceptable.
    pub justification: String,
    /// Who approves; must hold the role the finding needs.
    pub approver: String,
    /// Last day the approval counts.
    pub expires: Date,
    /// Conditions attached to the approval.
    pub conditions: Vec<String>,
}

/// Why an approval could not be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppendError {
    /// The fingerprint is not 16 hex digits.
    #[error(
        "`{0}` is not a finding fingerprint: give all 16 hex digits, as shown next to the finding in the report"
    )]
    Fingerprint(String),
    /// A required text is empty.
    #[error("`{0}` must not be empty")]
    Empty(&'static str),
    /// The file already approves this fingerprint.
    #[error("{path}:{line}: `{fingerprint}` is approved already; edit that entry instead")]
    Duplicate {
        /// The approvals file.
        path: String,
        /// Line of the existing entry.
        line: u32,
        /// The fingerprint.
        fingerprint: String,
    },
    /// The existing file does not parse, so appending to it would hide the mistake.
    #[error("{0}")]
    Invalid(ConfigErrors),
}

/// `existing` (the approvals file's text, empty when it does not exist) with `entry`
/// appended as one `[approvals.<fingerprint>]` table. Existing entries and comments are kept
/// byte for byte; the result is parsed again, so what is written is what `check` reads.
///
/// ```
/// use accord_policy::{append_approval, NewApproval};
/// let entry = NewApproval {
///     fingerprint: "3f2a9c01d4e5b6a7".into(),
///     justification: "migrates in the \"same\" release".into(),
///     approver: "alice".into(),
///     expires: accord_policy::parse_date("2026-12-31").unwrap(),
///     conditions: vec![],
/// };
/// let text = append_approval("accord-approvals.toml", "# reviewed exceptions\n", &entry).unwrap();
/// assert!(text.starts_with("# reviewed exceptions\n"));
/// let parsed = accord_policy::Approvals::parse("accord-approvals.toml", &text).unwrap();
/// assert_eq!(parsed.entries[0].justification, "migrates in the \"same\" release");
/// ```
pub fn append_approval(
    path: &str,
    existing: &str,
    entry: &NewApproval,
) -> Result<String, AppendError> {
    let fingerprint = entry.fingerprint.trim().to_ascii_lowercase();
    if fingerprint.len() != 16 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppendError::Fingerprint(entry.fingerprint.clone()));
    }
    if entry.justification.trim().is_empty() {
        return Err(AppendError::Empty("--justification"));
    }
    if entry.approver.trim().is_empty() {
        return Err(AppendError::Empty("--approver"));
    }
    let current = Approvals::parse(path, existing).map_err(AppendError::Invalid)?;
    if let Some(found) = current.get(&fingerprint) {
        return Err(AppendError::Duplicate {
            path: path.to_string(),
            line: found.location.line,
            fingerprint,
        });
    }
    let mut text = existing.to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if !text.trim().is_empty() && !text.ends_with("\n\n") {
        text.push('\n');
    }
    text.push_str(&format!("[approvals.{fingerprint}]\n"));
    text.push_str(&format!(
        "justification = {}\n",
        toml_string(entry.justification.trim())
    ));
    text.push_str(&format!(
        "approver = {}\n",
        toml_string(entry.approver.trim())
    ));
    text.push_str(&format!("expires = \"{}\"\n", format_date(entry.expires)));
    if !entry.conditions.is_empty() {
        let list: Vec<String> = entry.conditions.iter().map(|c| toml_string(c)).collect();
        text.push_str(&format!("conditions = [{}]\n", list.join(", ")));
    }
    Approvals::parse(path, &text).map_err(AppendError::Invalid)?;
    Ok(text)
}

/// A TOML basic string: the escapes TOML requires, control characters as `\uXXXX`.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod append_tests {
    use super::*;

    fn entry(fp: &str) -> NewApproval {
        NewApproval {
            fingerprint: fp.to_string(),
            justification: "line one\nline \"two\" \\ \u{7f}".to_string(),
            approver: "alice".to_string(),
            expires: parse_date("2099-01-31").unwrap(),
            conditions: vec!["Announce it".to_string()],
        }
    }

    #[test]
    fn appending_keeps_comments_and_entries_and_round_trips_hostile_text() {
        let existing = "# exceptions reviewed by the architects\n[approvals.aaaaaaaaaaaaaaaa]\njustification = \"x\" # why\napprover = \"bo\"\nexpires = \"2099-01-01\"";
        let text = append_approval("a.toml", existing, &entry("BBBBBBBBBBBBBBBB")).unwrap();
        assert!(text.starts_with(existing), "{text}");
        let parsed = Approvals::parse("a.toml", &text).unwrap();
        assert_eq!(parsed.entries.len(), 2);
        let new = &parsed.entries[1];
        assert_eq!(new.fingerprint, "bbbbbbbbbbbbbbbb");
        assert_eq!(new.justification, "line one\nline \"two\" \\ \u{7f}");
        assert_eq!(new.conditions, ["Announce it"]);
    }

    #[test]
    fn short_duplicate_or_broken_input_is_refused() {
        assert!(matches!(
            append_approval("a.toml", "", &entry("3f2a9c01")),
            Err(AppendError::Fingerprint(_))
        ));
        let once = append_approval("a.toml", "", &entry("3f2a9c01d4e5b6a7")).unwrap();
        let again = append_approval("a.toml", &once, &entry("3f2a9c01d4e5b6a7")).unwrap_err();
        assert_eq!(
            again.to_string(),
            "a.toml:1: `3f2a9c01d4e5b6a7` is approved already; edit that entry instead"
        );
        assert!(matches!(
            append_approval("a.toml", "[approvals.x]\n", &entry("3f2a9c01d4e5b6a7")),
            Err(AppendError::Invalid(_))
        ));
        let mut blank = entry("3f2a9c01d4e5b6a7");
        blank.justification = "  ".to_string();
        assert!(matches!(
            append_approval("a.toml", "", &blank),
            Err(AppendError::Empty("--justification"))
        ));
    }
}

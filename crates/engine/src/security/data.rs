//! Sensitive data where it should not be: contract fields classed SENSITIVE/CLINICAL as
//! keys of artifacts under `outputs/`, and personal data (e-mail addresses, phone numbers)
//! in file names.

use crate::rules::{PII_IN_FILE_NAME, SENSITIVE_FIELD_IN_OUTPUT};
use accord_model::contract::{Contract, Privacy};
use accord_model::{Finding, Location, Span};
use regex::Regex;
use std::sync::LazyLock;

/// A field a contract classes SENSITIVE or CLINICAL.
#[derive(Debug, Clone)]
pub struct Protected {
    /// The dotted path split into keys.
    pub keys: Vec<String>,
    /// Its class.
    pub privacy: Privacy,
    /// `name vVERSION` of the contract.
    pub contract: String,
    /// The contract file and the field's declaration in it.
    pub declared_at: Location,
}

/// The protected fields of every file contract.
pub fn protected_fields(
    contracts: &[Contract],
    texts: &dyn Fn(&str) -> Option<String>,
) -> Vec<Protected> {
    let mut out = Vec::new();
    for c in contracts {
        let fields = c
            .interface
            .required_fields
            .iter()
            .chain(&c.interface.optional_fields);
        let mut text = None;
        for field in fields {
            let Some(privacy) = field.privacy.filter(|p| p.is_protected()) else {
                continue;
            };
            let t = text.get_or_insert_with(|| texts(&c.path).unwrap_or_default());
            out.push(Protected {
                keys: field.name.split('.').map(str::to_string).collect(),
                privacy,
                contract: format!("{} v{}", c.name, c.version),
                declared_at: Location::from_span(&c.path, t, field.span),
            });
        }
    }
    out
}

/// True for a path inside an `outputs/` directory, at any depth.
pub fn in_outputs(path: &str) -> bool {
    path.split('/').rev().skip(1).any(|part| part == "outputs")
}

/// Protected fields appearing as keys of the JSON/YAML document or headers of the CSV file
/// `text` at `path`. A document that does not parse is left to conformance.
pub fn sensitive_keys(path: &str, text: &str, protected: &[Protected]) -> Vec<Finding> {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    // (key path, span of the key)
    let keys: Vec<(Vec<String>, Span)> = match ext.as_str() {
        "json" | "yaml" | "yml" => {
            let doc = if ext == "json" {
                accord_contract::doc::parse_json(text)
            } else {
                accord_contract::doc::parse_yaml(text)
            };
            let Ok(doc) = doc else {
                return Vec::new();
            };
            doc.key_spans
                .iter()
                .map(|(pointer, span)| {
                    let keys = pointer
                        .split('/')
                        .skip(1)
                        .filter(|k| !k.chars().all(|c| c.is_ascii_digit()))
                        .map(|k| k.replace("~1", "/").replace("~0", "~"))
                        .collect();
                    (keys, *span)
                })
                .collect()
        }
        "csv" | "tsv" => {
            let sep = if ext == "csv" { ',' } else { '\t' };
            let header = text.lines().next().unwrap_or("");
            let mut at = 0;
            header
                .split(sep)
                .map(|cell| {
                    let start = at;
                    at += cell.len() + 1;
                    let name = cell.trim().trim_matches('"').to_string();
                    (vec![name], Span::new(start, start + cell.len()))
                })
                .collect()
        }
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for (path_keys, span) in keys {
        for p in protected {
            if !path_keys.ends_with(&p.keys) {
                continue;
            }
            let field = p.keys.join(".");
            out.push(
                Finding::of(
                    &SENSITIVE_FIELD_IN_OUTPUT,
                    format!(
                        "`{path}` publishes `{}`, which {} classes {}",
                        path_keys.join("."),
                        p.contract,
                        p.privacy.name()
                    ),
                )
                .at(Location::from_span(path, text, span))
                .related(
                    p.declared_at.clone(),
                    format!("`{field}` is classed {} here", p.privacy.name()),
                )
                .with_logical_path(format!("field:{}", path_keys.join(".")))
                .with_help(
                    "publish a derived, non-sensitive value instead, or approve this fingerprint with a justification if the output is not published",
                ),
            );
            break;
        }
    }
    out
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}").expect("regex")
});
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\+\d[\d .()_-]{8,20}\d|(?:\(\d{3}\)[ ._-]?|\b\d{3}[ ._-])\d{3}[ ._-]\d{4}\b")
        .expect("regex")
});

/// The e-mail addresses and phone numbers in the components of `path`, as
/// `(kind, byte range in path)`. A file name's last extension is not part of a match, so
/// `icon@2x.png` is no address.
pub fn pii_in_path(path: &str) -> Vec<(&'static str, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut offset = 0;
    let parts: Vec<&str> = path.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        let is_file = i + 1 == parts.len();
        let stem = if is_file {
            part.rsplit_once('.').map_or(*part, |(s, _)| s)
        } else {
            part
        };
        for m in EMAIL.find_iter(stem) {
            out.push(("an e-mail address", offset + m.start()..offset + m.end()));
        }
        for m in PHONE.find_iter(stem) {
            let digits = m.as_str().bytes().filter(u8::is_ascii_digit).count();
            let international = m.as_str().starts_with('+');
            if !international || (10..=15).contains(&digits) {
                out.push(("a phone number", offset + m.start()..offset + m.end()));
            }
        }
        offset += part.len() + 1;
    }
    out
}

/// One finding per file whose path holds personal data; the match is masked in the message.
pub fn pii_file_name(path: &str) -> Option<Finding> {
    let found = pii_in_path(path);
    let (kind, _) = found.first()?;
    let mut masked = String::with_capacity(path.len());
    let mut last = 0;
    for (_, range) in &found {
        if range.start < last {
            continue;
        }
        masked.push_str(&path[last..range.start]);
        let shown: String = path[range.clone()].chars().take(2).collect();
        masked.push_str(&format!("{shown}…"));
        last = range.end;
    }
    masked.push_str(&path[last..]);
    // The location is echoed by every report format (and SARIF viewers, CI logs): it names
    // the nearest directory without personal data, and the file is told apart by a hash of
    // its path, so approvals by fingerprint stay one per file without the data in them.
    let first = found.iter().map(|(_, r)| r.start).min().unwrap_or(0);
    let clean_dir = path[..first].rsplit_once('/').map_or(".", |(dir, _)| dir);
    Some(
        Finding::of(
            &PII_IN_FILE_NAME,
            format!("the file name `{masked}` holds {kind}"),
        )
        .at(Location::file(clean_dir))
        .with_logical_path(format!(
            "file-name/{}",
            accord_model::fingerprint(&[path])
        ))
        .with_help("name the file after an opaque identifier (a slug, a hash) and keep the mapping in the database"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(path: &str) -> Vec<&'static str> {
        pii_in_path(path).into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn addresses_and_phone_numbers_in_names_but_not_dates_versions_or_retina_icons() {
        assert_eq!(
            kinds("outputs/minds/jane.doe@example.com.json"),
            ["an e-mail address"]
        );
        assert_eq!(
            kinds("leads/jane.doe@example.com/notes.md"),
            ["an e-mail address"]
        );
        assert_eq!(kinds("calls/+44 20 7946 0958.txt"), ["a phone number"]);
        assert_eq!(kinds("calls/555-123-4567.wav"), ["a phone number"]);
        for clean in [
            "assets/icon@2x.png",
            "node_modules/.pnpm/lodash@4.17.21/index.js",
            "logs/2024-01-15.log",
            "release/v1.2.3.tar.gz",
            "data/20240115123045.csv",
            "node_modules/@scope/pkg/index.js",
        ] {
            assert!(kinds(clean).is_empty(), "{clean}");
        }
    }

    #[test]
    fn the_finding_masks_the_match() {
        let f = pii_file_name("outputs/jane.doe@example.com.json").unwrap();
        assert!(!f.message.contains("example.com"), "{}", f.message);
        assert!(f.message.contains("outputs/ja….json"), "{}", f.message);
        // Reports echo the location: it names the directory, not the file.
        assert_eq!(f.location.path, "outputs");
        let json = serde_json::to_string(&f).unwrap();
        assert!(!json.contains("jane.doe"), "{json}");
        // Two such files in one directory stay two findings (one approval each).
        let g = pii_file_name("outputs/john.roe@example.com.json").unwrap();
        assert_ne!(f.fingerprint, g.fingerprint);
        assert_eq!(
            pii_file_name("jane.doe@example.com/x.md")
                .unwrap()
                .location
                .path,
            "."
        );
    }

    #[test]
    fn csv_headers_and_nested_json_keys_are_matched_by_dotted_suffix() {
        let protected = vec![
            Protected {
                keys: vec!["openness".into()],
                privacy: Privacy::Sensitive,
                contract: "c v1".into(),
                declared_at: Location::file("c.yaml"),
            },
            Protected {
                keys: vec!["health".into(), "diagnosis".into()],
                privacy: Privacy::Clinical,
                contract: "c v1".into(),
                declared_at: Location::file("c.yaml"),
            },
        ];
        let csv = sensitive_keys("outputs/a.csv", "slug,openness\nx,3\n", &protected);
        assert_eq!((csv[0].location.line, csv[0].location.column), (1, 6));
        let json = sensitive_keys(
            "outputs/a.json",
            "{\"diagnosis\": 1, \"p\": {\"health\": {\"diagnosis\": \"x\"}}, \"list\": [{\"openness\": 2}]}",
            &protected,
        );
        let found: Vec<&str> = json.iter().map(|f| f.logical_path.as_str()).collect();
        assert_eq!(found, ["field:list.openness", "field:p.health.diagnosis"]);
        assert!(sensitive_keys("outputs/a.md", "openness", &protected).is_empty());
    }
}

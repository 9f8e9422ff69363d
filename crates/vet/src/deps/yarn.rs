//! `yarn.lock`: v1 is its own indented format (parsed here); Berry (v2+) is YAML.
//!
//! ```text
//! "@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
//!   version "7.12.13"
//!   resolved "https://registry.yarnpkg.com/…"
//! ```

use super::npm::split_spec;
use super::{Dependency, Ecosystem, bad, loc};
use crate::VetError;
use accord_contract::doc::{escape_token, parse_yaml};
use accord_model::Span;
use serde_json::Value;

pub(crate) fn lock(path: &str, text: &str) -> Result<Vec<Dependency>, VetError> {
    if text.lines().any(|l| l.starts_with("__metadata:")) {
        return berry(path, text);
    }
    let mut out = Vec::new();
    // (names of the current entry, where its header is)
    let mut current: Option<(Vec<String>, Span)> = None;
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = body.len() - trimmed.len();
        let here = Span::new(start + indent, start + body.len());
        if indent == 0 {
            let Some(header) = body.strip_suffix(':') else {
                return Err(bad(
                    path,
                    text,
                    here,
                    "expected an entry header ending in `:`",
                ));
            };
            let mut names = Vec::new();
            for spec in header.split(", ") {
                let spec = spec.trim().trim_matches('"');
                let Some((name, _range)) = split_spec(spec) else {
                    return Err(bad(
                        path,
                        text,
                        here,
                        format!("`{spec}` is not a name@range"),
                    ));
                };
                if !names.iter().any(|n| n == name) {
                    names.push(name.to_string());
                }
            }
            current = Some((names, here));
        } else if indent == 2
            && let Some(rest) = trimmed.strip_prefix("version ")
        {
            let Some((names, header)) = &current else {
                return Err(bad(path, text, here, "`version` outside an entry"));
            };
            let version = rest.trim().trim_matches('"');
            if version.is_empty() {
                return Err(bad(path, text, here, "empty version"));
            }
            for name in names {
                out.push(Dependency {
                    ecosystem: Ecosystem::Npm,
                    name: name.clone(),
                    version: version.to_string(),
                    exact: true,
                    license: None,
                    location: loc(path, text, *header),
                });
            }
        } else if indent % 2 != 0 {
            return Err(bad(path, text, here, "unexpected indentation"));
        }
    }
    Ok(out)
}

fn berry(path: &str, text: &str) -> Result<Vec<Dependency>, VetError> {
    let doc = parse_yaml(text)
        .map_err(|e| bad(path, text, e.span(), format!("invalid YAML: {}", e.message)))?;
    let mut out = Vec::new();
    let Value::Object(map) = &doc.value else {
        return Ok(out);
    };
    for (key, entry) in map {
        if key == "__metadata" {
            continue;
        }
        let pointer = format!("/{}", escape_token(key));
        let first = key.split(", ").next().unwrap_or(key).trim_matches('"');
        let Some((name, range)) = split_spec(first) else {
            return Err(bad(
                path,
                text,
                doc.key_span_of(&pointer),
                format!("`{key}` is not a name@range"),
            ));
        };
        if range.starts_with("workspace:") {
            continue;
        }
        let Some(version) = entry.get("version").and_then(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| v.as_f64().map(|f| f.to_string()))
        }) else {
            return Err(bad(
                path,
                text,
                doc.span_of(&pointer),
                format!("entry `{key}` has no version"),
            ));
        };
        out.push(Dependency {
            ecosystem: Ecosystem::Npm,
            name: name.to_string(),
            version,
            exact: true,
            license: None,
            location: loc(path, text, doc.key_span_of(&pointer)),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_entries_with_several_ranges() {
        let text = "# yarn lockfile v1\n\n\n\"@babel/code-frame@^7.0.0\", \"@babel/code-frame@^7.10.4\":\n  version \"7.12.13\"\n  resolved \"https://r/x.tgz\"\n  dependencies:\n    \"@babel/highlight\" \"^7.12.13\"\n\nleft-pad@^1.3.0:\n  version \"1.3.0\"\n";
        let d = lock("yarn.lock", text).unwrap();
        let got: Vec<(&str, &str, u32)> = d
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str(), d.location.line))
            .collect();
        assert_eq!(
            got,
            [
                ("@babel/code-frame", "7.12.13", 4),
                ("left-pad", "1.3.0", 10)
            ]
        );
    }

    #[test]
    fn v1_errors_name_the_line() {
        let e = lock(
            "yarn.lock",
            "left-pad@^1.3.0:\n  version \"1.3.0\"\nbroken header\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("yarn.lock:3:1:"), "{e}");
        let e = lock("yarn.lock", "a@1:\n   version \"1\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("yarn.lock:2:"), "{e}");
    }

    #[test]
    fn berry_is_yaml() {
        let text = "__metadata:\n  version: 6\n\n\"left-pad@npm:^1.3.0\":\n  version: 1.3.0\n  resolution: \"left-pad@npm:1.3.0\"\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n";
        let d = lock("yarn.lock", text).unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].name.as_str(), d[0].version.as_str()),
            ("left-pad", "1.3.0")
        );
    }
}

//! Dotted field paths (`big_five.openness`, `modules.0.title`, `modules[0].title`) looked up
//! in a YAML/JSON value.

use crate::doc::escape_token;
use serde_json::Value;

/// A required field that is absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Missing {
    /// JSON pointer of the deepest node that does exist (where the field should be added).
    pub(crate) parent: String,
    /// The concrete dotted path that is missing, with list indices filled in.
    pub(crate) path: String,
}

/// Splits `a.b[0].c` into `a`, `b`, `0`, `c`.
pub(crate) fn segments(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            let head = &rest[..open];
            if !head.is_empty() {
                out.push(head.to_string());
            }
            rest = &rest[open..];
            while let Some(stripped) = rest.strip_prefix('[') {
                match stripped.find(']') {
                    Some(close) => {
                        out.push(stripped[..close].trim().to_string());
                        rest = &stripped[close + 1..];
                    }
                    None => {
                        out.push(stripped.to_string());
                        rest = "";
                    }
                }
            }
            if !rest.is_empty() {
                out.push(rest.to_string());
            }
        } else if !rest.is_empty() {
            out.push(rest.to_string());
        }
    }
    out
}

/// Every way `path` is missing from `value`. A segment that is a number indexes a list; a
/// name applied to a list is required of every item (an empty list requires nothing).
pub(crate) fn missing(value: &Value, path: &str) -> Vec<Missing> {
    let segs = segments(path);
    let mut out = Vec::new();
    walk(value, &segs, String::new(), String::new(), &mut out);
    out
}

fn join(path: &str, seg: &str) -> String {
    if path.is_empty() {
        seg.to_string()
    } else {
        format!("{path}.{seg}")
    }
}

fn walk(value: &Value, segs: &[String], pointer: String, path: String, out: &mut Vec<Missing>) {
    let Some((seg, rest)) = segs.split_first() else {
        return;
    };
    match value {
        Value::Object(map) => match map.get(seg) {
            Some(child) => walk(
                child,
                rest,
                format!("{pointer}/{}", escape_token(seg)),
                join(&path, seg),
                out,
            ),
            None => out.push(Missing {
                parent: pointer,
                path: rest.iter().fold(join(&path, seg), |p, s| join(&p, s)),
            }),
        },
        Value::Array(items) => match seg.parse::<usize>() {
            Ok(i) => match items.get(i) {
                Some(child) => walk(child, rest, format!("{pointer}/{i}"), join(&path, seg), out),
                None => out.push(Missing {
                    parent: pointer,
                    path: rest.iter().fold(join(&path, seg), |p, s| join(&p, s)),
                }),
            },
            Err(_) => {
                for (i, item) in items.iter().enumerate() {
                    walk(
                        item,
                        segs,
                        format!("{pointer}/{i}"),
                        join(&path, &i.to_string()),
                        out,
                    );
                }
            }
        },
        _ => out.push(Missing {
            parent: pointer,
            path: segs.iter().fold(path, |p, s| join(&p, s)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn segments_accept_dots_and_brackets() {
        assert_eq!(segments("a.b[0].c"), vec!["a", "b", "0", "c"]);
        assert_eq!(segments("modules.2.title"), vec!["modules", "2", "title"]);
        assert_eq!(segments("x[1][2]"), vec!["x", "1", "2"]);
    }

    #[test]
    fn nested_field_found_or_reported_at_parent() {
        let v = json!({"big_five": {"openness": 80}});
        assert!(missing(&v, "big_five.openness").is_empty());
        assert_eq!(
            missing(&v, "big_five.neuroticism"),
            vec![Missing {
                parent: "/big_five".into(),
                path: "big_five.neuroticism".into()
            }]
        );
        assert_eq!(missing(&v, "mind.slug")[0].parent, "");
    }

    #[test]
    fn list_indices_and_every_item() {
        let v = json!({"modules": [{"title": "a"}, {"id": 2}]});
        assert!(missing(&v, "modules.0.title").is_empty());
        assert_eq!(missing(&v, "modules.5.title")[0].path, "modules.5.title");
        let m = missing(&v, "modules.title");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].path, "modules.1.title");
        assert_eq!(m[0].parent, "/modules/1");
    }

    #[test]
    fn a_scalar_in_the_way_is_missing() {
        let v = json!({"a": 3});
        assert_eq!(missing(&v, "a.b")[0].parent, "/a");
    }
}

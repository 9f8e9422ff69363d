//! `pyproject.toml` (PEP 621 and Poetry), `requirements*.txt` and `uv.lock`.

use super::cargo::{get, parse_toml, str_of, table};
use super::{Dependency, Ecosystem, bad, loc};
use crate::VetError;
use accord_model::Span;
use toml_span::value::{Value, ValueInner};

/// PEP 503 normalization: `Foo_Bar.baz` and `foo-bar-baz` are one package.
pub(crate) fn normalize(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// A PEP 508 requirement → (name, specifier, exact version when pinned with `==`).
/// `None` for what is not a requirement of a named package (options, URLs, paths).
pub(crate) fn requirement(text: &str) -> Option<(String, String, bool)> {
    let text = text.split(';').next()?.trim();
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(text.len());
    let name = &text[..end];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut rest = text[end..].trim();
    if rest.starts_with('[') {
        rest = rest.split_once(']').map_or("", |(_, r)| r).trim();
    }
    if rest.starts_with('@') {
        return Some((normalize(name), rest.to_string(), false));
    }
    let spec = rest.trim_start_matches('(').trim_end_matches(')').trim();
    let pinned = spec
        .strip_prefix("===")
        .or_else(|| spec.strip_prefix("=="))
        .filter(|v| !v.contains([',', '*']))
        .map(str::trim);
    match pinned {
        Some(v) => Some((normalize(name), v.to_string(), true)),
        None => Some((
            normalize(name),
            if spec.is_empty() {
                "*".to_string()
            } else {
                spec.to_string()
            },
            false,
        )),
    }
}

fn push(out: &mut Vec<Dependency>, path: &str, text: &str, span: Span, req: &str) {
    if let Some((name, version, exact)) = requirement(req) {
        out.push(Dependency {
            ecosystem: Ecosystem::PyPI,
            name,
            version,
            exact,
            license: None,
            location: loc(path, text, span),
        });
    }
}

pub(crate) fn requirements(path: &str, text: &str) -> Result<Vec<Dependency>, VetError> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.split(" #").next().unwrap_or(line).trim();
        if body.is_empty() || body.starts_with('#') || body.starts_with('-') {
            continue;
        }
        let body = body.trim_end_matches('\\').trim();
        if requirement(body).is_none() && !body.contains("://") && !body.starts_with('.') {
            return Err(bad(
                path,
                text,
                Span::new(start, start + line.trim_end().len()),
                format!("`{body}` is not a requirement"),
            ));
        }
        push(
            &mut out,
            path,
            text,
            Span::new(start, start + line.trim_end().len()),
            body,
        );
    }
    Ok(out)
}

fn strings<'a>(v: &'a Value<'a>) -> Vec<&'a Value<'a>> {
    match v.as_ref() {
        ValueInner::Array(items) => items.iter().collect(),
        _ => Vec::new(),
    }
}

pub(crate) fn pyproject(path: &str, text: &str) -> Result<Vec<Dependency>, VetError> {
    let root = parse_toml(path, text)?;
    let mut out = Vec::new();
    let Some(top) = table(&root) else {
        return Ok(out);
    };
    if let Some(project) = get(top, "project").and_then(table) {
        let mut lists: Vec<&Value<'_>> = Vec::new();
        if let Some(d) = get(project, "dependencies") {
            lists.push(d);
        }
        if let Some(opt) = get(project, "optional-dependencies").and_then(table) {
            lists.extend(opt.values());
        }
        for list in lists {
            for item in strings(list) {
                let Some(req) = str_of(item) else {
                    return Err(bad(
                        path,
                        text,
                        Span::new(item.span.start, item.span.end),
                        "a dependency must be a string",
                    ));
                };
                push(
                    &mut out,
                    path,
                    text,
                    Span::new(item.span.start, item.span.end),
                    req,
                );
            }
        }
    }
    if let Some(poetry) = get(top, "tool")
        .and_then(table)
        .and_then(|t| get(t, "poetry"))
        .and_then(table)
    {
        for key in ["dependencies", "dev-dependencies"] {
            let Some(deps) = get(poetry, key).and_then(table) else {
                continue;
            };
            for (k, v) in deps.iter() {
                if k.name == "python" {
                    continue;
                }
                let spec = match v.as_ref() {
                    ValueInner::String(s) => s.to_string(),
                    ValueInner::Table(t) => {
                        if get(t, "path").is_some() {
                            continue;
                        }
                        get(t, "version")
                            .and_then(str_of)
                            .unwrap_or("*")
                            .to_string()
                    }
                    _ => "*".to_string(),
                };
                let exact = semver_exact(&spec);
                out.push(Dependency {
                    ecosystem: Ecosystem::PyPI,
                    name: normalize(&k.name),
                    version: spec.trim_start_matches("==").to_string(),
                    exact,
                    license: None,
                    location: loc(path, text, Span::new(k.span.start, k.span.end)),
                });
            }
        }
    }
    Ok(out)
}

fn semver_exact(spec: &str) -> bool {
    let v = spec.trim_start_matches("==");
    v.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        && v.starts_with(|c: char| c.is_ascii_digit())
}

pub(crate) fn uv(path: &str, text: &str) -> Result<Vec<Dependency>, VetError> {
    let root = parse_toml(path, text)?;
    let mut out = Vec::new();
    let Some(packages) = table(&root).and_then(|t| get(t, "package")) else {
        return Ok(out);
    };
    for item in strings(packages) {
        let span = Span::new(item.span.start, item.span.end);
        let Some(t) = table(item) else {
            return Err(bad(path, text, span, "each `[[package]]` must be a table"));
        };
        // The project itself and path dependencies are editable/virtual sources.
        let source = get(t, "source").and_then(table);
        if source.is_some_and(|s| get(s, "registry").is_none() && get(s, "git").is_none()) {
            continue;
        }
        let (Some(name), Some(version)) = (
            get(t, "name").and_then(str_of),
            get(t, "version").and_then(str_of),
        ) else {
            return Err(bad(
                path,
                text,
                span,
                "a `[[package]]` without `name` or `version`",
            ));
        };
        out.push(Dependency {
            ecosystem: Ecosystem::PyPI,
            name: normalize(name),
            version: version.to_string(),
            exact: true,
            license: None,
            location: loc(path, text, span),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements_lines() {
        let text = "# pinned\nrequests==2.31.0\nDjango_Rest.framework>=3.14 ; python_version > '3.8'\n-r other.txt\nurllib3[socks] == 1.26.5 # cve\n";
        let d = requirements("requirements.txt", text).unwrap();
        let got: Vec<(&str, &str, bool, u32)> = d
            .iter()
            .map(|d| {
                (
                    d.name.as_str(),
                    d.version.as_str(),
                    d.exact,
                    d.location.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("requests", "2.31.0", true, 2),
                ("django-rest-framework", ">=3.14", false, 3),
                ("urllib3", "1.26.5", true, 5)
            ]
        );
        let e = requirements("requirements.txt", "ok==1\n!!bad\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("requirements.txt:2:1:"), "{e}");
    }

    #[test]
    fn pyproject_and_uv() {
        let text = "[project]\nname = 'x'\ndependencies = ['httpx>=0.27', 'pyyaml==6.0.1']\n[project.optional-dependencies]\ndev = ['pytest']\n[tool.poetry.dependencies]\npython = '^3.11'\nrich = '13.7.1'\n";
        let d = pyproject("pyproject.toml", text).unwrap();
        let names: Vec<&str> = d.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["httpx", "pyyaml", "pytest", "rich"]);
        assert!(d[1].exact && d[3].exact);
        let uv_text = "version = 1\n[[package]]\nname = 'x'\nversion = '0.1.0'\nsource = { editable = '.' }\n[[package]]\nname = 'PyYAML'\nversion = '6.0.1'\nsource = { registry = 'https://pypi.org/simple' }\n";
        let d = uv("uv.lock", uv_text).unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].name, "pyyaml");
    }
}

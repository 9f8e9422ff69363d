//! `package.json`, `package-lock.json` (v1–v3) and `pnpm-lock.yaml` (v5–v9).

use super::{Dependency, Ecosystem, bad, loc};
use crate::{VetError, read_text};
use accord_contract::doc::{Document, escape_token, parse_json, parse_yaml};
use accord_model::Location;
use accord_vcs::Tree;
use serde_json::Value;

const DEP_KEYS: &[&str] = &[
    "dependencies",
    "devDependencies",
    "optionalDependencies",
    "peerDependencies",
];

pub(crate) fn json(path: &str, text: &str) -> Result<Document, VetError> {
    parse_json(text).map_err(|e| bad(path, text, e.span(), format!("invalid JSON: {}", e.message)))
}

fn dep(
    location: Location,
    name: &str,
    version: &str,
    exact: bool,
    license: Option<String>,
) -> Dependency {
    Dependency {
        ecosystem: Ecosystem::Npm,
        name: name.to_string(),
        version: version.to_string(),
        exact,
        license,
        location,
    }
}

pub(crate) fn manifest(path: &str, text: &str) -> Result<Vec<Dependency>, VetError> {
    let doc = json(path, text)?;
    let mut out = Vec::new();
    for key in DEP_KEYS {
        let Some(map) = doc.value.get(*key) else {
            continue;
        };
        let Value::Object(map) = map else {
            return Err(bad(
                path,
                text,
                doc.span_of(&format!("/{key}")),
                format!("`{key}` must be an object"),
            ));
        };
        for (name, range) in map {
            let pointer = format!("/{key}/{}", escape_token(name));
            let Some(range) = range.as_str() else {
                return Err(bad(
                    path,
                    text,
                    doc.span_of(&pointer),
                    format!("the version of `{name}` must be a string"),
                ));
            };
            // Workspace and local links are the project's own code.
            if range.starts_with("workspace:")
                || range.starts_with("file:")
                || range.starts_with("link:")
            {
                continue;
            }
            out.push(dep(
                loc(path, text, doc.key_span_of(&pointer)),
                name,
                range,
                false,
                None,
            ));
        }
    }
    Ok(out)
}

pub(crate) fn lock(path: &str, text: &str) -> Result<Vec<Dependency>, VetError> {
    let doc = json(path, text)?;
    let mut out = Vec::new();
    if let Some(Value::Object(packages)) = doc.value.get("packages") {
        for (key, entry) in packages {
            // "" is the root project; entries outside node_modules are workspace members.
            let Some(idx) = key.rfind("node_modules/") else {
                continue;
            };
            if entry.get("link").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            let name = entry
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(&key[idx + "node_modules/".len()..]);
            let pointer = format!("/packages/{}", escape_token(key));
            let Some(version) = entry.get("version").and_then(Value::as_str) else {
                return Err(bad(
                    path,
                    text,
                    doc.span_of(&pointer),
                    format!("package `{key}` has no version"),
                ));
            };
            let license = entry
                .get("license")
                .and_then(Value::as_str)
                .map(str::to_string);
            out.push(dep(
                loc(path, text, doc.key_span_of(&pointer)),
                name,
                version,
                true,
                license,
            ));
        }
        return Ok(out);
    }
    // lockfileVersion 1: nested `dependencies`.
    fn walk(
        path: &str,
        text: &str,
        doc: &Document,
        value: &Value,
        pointer: &str,
        out: &mut Vec<Dependency>,
        depth: usize,
    ) {
        let Some(Value::Object(deps)) = value.get("dependencies") else {
            return;
        };
        if depth > 64 {
            return;
        }
        for (name, entry) in deps {
            let p = format!("{pointer}/dependencies/{}", escape_token(name));
            if let Some(version) = entry.get("version").and_then(Value::as_str) {
                out.push(dep(
                    loc(path, text, doc.key_span_of(&p)),
                    name,
                    version,
                    true,
                    None,
                ));
            }
            walk(path, text, doc, entry, &p, out, depth + 1);
        }
    }
    walk(path, text, &doc, &doc.value, "", &mut out, 0);
    Ok(out)
}

/// `name@version` → (name, version), scoped names (`@scope/x@1.0.0`) included; peer
/// suffixes (`1.0.0(react@18.2.0)`, `1.0.0_react@18`) are dropped.
pub(crate) fn split_spec(spec: &str) -> Option<(&str, &str)> {
    let at = spec[1..].find('@')? + 1;
    let (name, version) = (&spec[..at], &spec[at + 1..]);
    let version = version.split(['(', '_']).next().unwrap_or(version);
    (!name.is_empty() && !version.is_empty()).then_some((name, version))
}

pub(crate) fn pnpm(path: &str, text: &str) -> Result<Vec<Dependency>, VetError> {
    let doc = parse_yaml(text)
        .map_err(|e| bad(path, text, e.span(), format!("invalid YAML: {}", e.message)))?;
    let mut out = Vec::new();
    let Some(Value::Object(packages)) = doc.value.get("packages") else {
        return Ok(out);
    };
    for key in packages.keys() {
        let pointer = format!("/packages/{}", escape_token(key));
        let spec = key.trim_start_matches('/');
        // v5 wrote `/name/1.2.3`; v6 `/name@1.2.3`; v9 `name@1.2.3`.
        let parsed = split_spec(spec).or_else(|| {
            let (name, version) = spec.rsplit_once('/')?;
            Some((name, version))
        });
        let Some((name, version)) = parsed else {
            return Err(bad(
                path,
                text,
                doc.key_span_of(&pointer),
                format!("`{key}` is not a package@version key"),
            ));
        };
        out.push(dep(
            loc(path, text, doc.key_span_of(&pointer)),
            name,
            version,
            true,
            None,
        ));
    }
    Ok(out)
}

/// The license an installed package's own `package.json` declares, next to the lockfile
/// or manifest at `path`; `None` when it is not installed or says nothing.
pub(crate) fn installed_license(
    tree: &dyn Tree,
    path: &str,
    name: &str,
) -> Result<Option<String>, VetError> {
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let meta = if dir.is_empty() {
        format!("node_modules/{name}/package.json")
    } else {
        format!("{dir}/node_modules/{name}/package.json")
    };
    let Some(text) = read_text(tree, &meta)? else {
        return Ok(None);
    };
    // A broken installed package.json is not the change's input: no license, no error.
    let Ok(value) = serde_json::from_str::<Value>(&text) else {
        return Ok(None);
    };
    Ok(match value.get("license") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(o)) => o.get("type").and_then(Value::as_str).map(str::to_string),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_lock_v3_and_v1() {
        let v3 = r#"{"lockfileVersion": 3, "packages": {"": {"name": "app"},
  "node_modules/left-pad": {"version": "1.3.0", "license": "WTFPL"},
  "node_modules/a/node_modules/@s/b": {"version": "2.0.0"}}}"#;
        let d = lock("package-lock.json", v3).unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].license.as_deref(), Some("WTFPL"));
        assert_eq!(d[1].name, "@s/b");
        assert_eq!(d[0].location.line, 2);
        let v1 = r#"{"lockfileVersion": 1, "dependencies": {"a": {"version": "1.0.0", "dependencies": {"b": {"version": "2.0.0"}}}}}"#;
        assert_eq!(lock("package-lock.json", v1).unwrap().len(), 2);
        let e = lock("package-lock.json", "{\n  \"packages\": {,}\n}")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("package-lock.json:2:"), "{e}");
    }

    #[test]
    fn pnpm_keys_of_every_version() {
        let text = "lockfileVersion: '9.0'\npackages:\n  '@babel/core@7.24.0':\n    resolution: {integrity: x}\n  /left-pad@1.3.0:\n    resolution: {integrity: y}\n  /old/0.1.0:\n    resolution: {integrity: z}\n  react-dom@18.2.0(react@18.2.0):\n    resolution: {integrity: w}\n";
        let d = pnpm("pnpm-lock.yaml", text).unwrap();
        let got: Vec<(&str, &str)> = d
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("@babel/core", "7.24.0"),
                ("left-pad", "1.3.0"),
                ("old", "0.1.0"),
                ("react-dom", "18.2.0")
            ]
        );
        assert!(pnpm("pnpm-lock.yaml", "packages: [\n").is_err());
    }

    #[test]
    fn manifest_skips_workspace_links() {
        let text = r#"{"dependencies": {"x": "^1.0.0", "y": "workspace:*"}, "devDependencies": {"z": "2.0.0"}}"#;
        let d = manifest("package.json", text).unwrap();
        assert_eq!(d.len(), 2);
    }
}

//! The public entry points of an npm package, read from `package.json` as TypeScript and Node
//! resolve them: the `exports` map (subpaths, nested conditions, `*` patterns, `null`
//! exclusions), then `typesVersions` and `types`/`typings`/`main`/`module` for a package
//! without `exports`, then conventional index files.
//!
//! Each entry keeps every condition that can select it (`import`, `require`, `node`, …), so a
//! release that drops its CommonJS `require` export is visible as a removed condition, and the
//! list of targets in the order a type checker tries them (declarations first).

use crate::{Options, SurfaceError, rules};
use accord_model::{Finding, Location};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// One public subpath of the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// `.`, `./utils`, or a pattern such as `./locales/*`.
    pub(crate) subpath: String,
    /// Files to try, best first; the first that exists is the entry (paths as written).
    pub(crate) targets: Vec<String>,
    /// Conditions that select this subpath (`import`, `require`, `default`, …; never `types`,
    /// which only says where its declarations are).
    pub(crate) conditions: BTreeSet<String>,
}

impl Entry {
    /// True for a subpath pattern (`./*`, `./locales/*`) or a folder mapping (`"./": "./"`,
    /// the form `*` patterns replaced).
    pub(crate) fn is_pattern(&self) -> bool {
        self.subpath.contains('*') || (self.subpath.ends_with('/') && self.subpath != ".")
    }
}

/// What `package.json` says about the package.
#[derive(Debug, Default)]
pub(crate) struct Package {
    /// `name`, else the directory name.
    pub(crate) name: String,
    /// `version`.
    pub(crate) version: Option<String>,
    /// Public subpaths in manifest order.
    pub(crate) entries: Vec<Entry>,
    /// Where the entries came from, for messages (`exports`, `types`, `--entry`, …).
    pub(crate) source: String,
}

/// Reads the entry points of the package at `root`; a malformed `exports` value is a finding.
pub(crate) fn package(
    root: &Path,
    options: &Options,
    findings: &mut Vec<Finding>,
) -> Result<Package, SurfaceError> {
    let mut pkg = Package {
        name: root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        ..Package::default()
    };
    let pj = root.join("package.json");
    if pj.is_file() {
        let text = crate::read_package_manifest(&pj)?;
        let v: Value = serde_json::from_str(&text).map_err(|e| SurfaceError::Manifest {
            path: pj.clone(),
            line: e.line() as u32,
            column: e.column() as u32,
            message: e.to_string(),
        })?;
        if let Some(n) = v.get("name").and_then(Value::as_str) {
            pkg.name = n.to_string();
        }
        pkg.version = v.get("version").and_then(Value::as_str).map(str::to_string);
        match v.get("exports") {
            None | Some(Value::Null) => {}
            Some(exports) => {
                pkg.source = "package.json `exports`".into();
                pkg.entries = from_exports(exports, &text, findings);
                // An `exports` map without a `types` condition leaves a type checker on
                // classic resolution (`moduleResolution: node`, the most common setting)
                // reading the top-level `types`/`typings`: that is the API users see.
                let declared = ["types", "typings"]
                    .iter()
                    .find_map(|k| v.get(*k).and_then(Value::as_str));
                if let (Some(t), Some(root)) =
                    (declared, pkg.entries.iter_mut().find(|e| e.subpath == "."))
                    && find_condition(exports, "types").is_none()
                {
                    root.targets.insert(0, t.to_string());
                }
            }
        }
        if pkg.entries.is_empty() && v.get("exports").is_none() {
            pkg.entries = from_legacy_fields(&v);
            pkg.source = "package.json `typesVersions`/`types`/`typings`/`main`/`module`".into();
        }
    }
    if !options.entries.is_empty() {
        pkg.source = "the given entry files".into();
        pkg.entries = options
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| Entry {
                subpath: if i == 0 {
                    ".".to_string()
                } else {
                    format!("./{}", strip_ext(e.trim_start_matches("./")))
                },
                targets: vec![e.clone()],
                conditions: BTreeSet::new(),
            })
            .collect();
    }
    if pkg.entries.is_empty() {
        let index: Vec<String> = [
            "index.ts",
            "src/index.ts",
            "index.d.ts",
            "index.js",
            "src/index.js",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if let Some(found) = index.iter().find(|c| root.join(c).is_file()) {
            pkg.source = format!("the conventional index file `{found}`");
            pkg.entries.push(Entry {
                subpath: ".".into(),
                targets: vec![found.clone()],
                conditions: BTreeSet::new(),
            });
        }
    }
    if pkg.entries.is_empty() {
        return Err(SurfaceError::NoEntry {
            path: root.to_path_buf(),
            what: "package.json `exports`, `typesVersions`, `types`, `typings`, `main`, `module`, or index.ts/src/index.ts/index.d.ts/index.js/src/index.js".into(),
        });
    }
    Ok(pkg)
}

fn from_exports(exports: &Value, text: &str, findings: &mut Vec<Finding>) -> Vec<Entry> {
    let mut out = Vec::new();
    let map = match exports {
        Value::Object(map) if map.keys().any(|k| k.starts_with('.')) => map.clone(),
        // `"exports": "./index.js"` or a conditions object: the root subpath only.
        Value::String(_) | Value::Object(_) | Value::Array(_) => {
            let mut m = serde_json::Map::new();
            m.insert(".".into(), exports.clone());
            m
        }
        _ => {
            findings.push(bad_exports(text, "exports"));
            return out;
        }
    };
    for (key, target) in &map {
        if !key.starts_with('.') {
            findings.push(bad_exports(text, key));
            continue;
        }
        // `null` excludes a subpath (`"./internal/*": null`): nothing public there.
        if target.is_null() {
            continue;
        }
        let mut targets = Vec::new();
        if let Some(t) = find_condition(target, "types") {
            targets.push(t);
        }
        leaves(target, &mut targets);
        if targets.is_empty() {
            findings.push(bad_exports(text, key));
            continue;
        }
        // `"./package.json": "./package.json"`, stylesheets, wasm: assets a bundler
        // resolves, with no API to extract.
        if !targets.iter().any(|t| is_code_target(t)) {
            continue;
        }
        targets.retain(|t| is_code_target(t));
        let mut dedup = BTreeSet::new();
        targets.retain(|t| dedup.insert(t.clone()));
        let mut conditions = BTreeSet::new();
        condition_names(target, &mut conditions);
        out.push(Entry {
            subpath: key.clone(),
            targets,
            conditions,
        });
    }
    out
}

/// Entries of a package without `exports`: `typesVersions` redirects the declarations of
/// `types`/`typings`/`main`, and names further subpaths.
fn from_legacy_fields(v: &Value) -> Vec<Entry> {
    let mut targets: Vec<String> = ["types", "typings", "main", "module"]
        .iter()
        .filter_map(|k| v.get(*k).and_then(Value::as_str).map(str::to_string))
        .collect();
    // Node's own default when `main` is absent.
    targets.push("index.js".into());
    let mut out = Vec::new();
    // TypeScript uses the first `typesVersions` range that matches its version; every range
    // published today matches a current compiler, so the first one is what users see.
    let redirect = v
        .get("typesVersions")
        .and_then(Value::as_object)
        .and_then(|m| m.values().next())
        .and_then(Value::as_object);
    if let Some(redirect) = redirect {
        if let Some(star) = redirect
            .get("*")
            .and_then(first_string)
            .filter(|s| s.contains('*'))
        {
            let redirected: Vec<String> = targets
                .iter()
                .map(|t| star.replacen('*', t.trim_start_matches("./"), 1))
                .collect();
            targets.splice(0..0, redirected);
        }
        for (key, to) in redirect {
            if key == "*" || key.contains('*') {
                continue;
            }
            if let Some(t) = first_string(to) {
                out.push(Entry {
                    subpath: format!("./{key}"),
                    targets: vec![t],
                    conditions: BTreeSet::new(),
                });
            }
        }
    }
    out.insert(
        0,
        Entry {
            subpath: ".".into(),
            targets,
            conditions: BTreeSet::new(),
        },
    );
    out
}

fn first_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.iter().find_map(first_string),
        _ => None,
    }
}

/// The first target under condition `name` at any depth, searching conditions in the order a
/// type checker prefers them.
fn find_condition(v: &Value, name: &str) -> Option<String> {
    match v {
        Value::Object(m) => {
            if let Some(t) = m.get(name).and_then(first_string) {
                return Some(t);
            }
            ["import", "default", "require", "node"]
                .iter()
                .filter_map(|k| m.get(*k))
                .chain(m.values())
                .find_map(|x| find_condition(x, name))
        }
        Value::Array(a) => a.iter().find_map(|x| find_condition(x, name)),
        _ => None,
    }
}

/// Every target string of a conditions tree, in the order a type checker prefers them.
fn leaves(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| leaves(x, out)),
        Value::Object(m) => {
            let preferred = ["types", "import", "default", "require", "node"];
            for k in preferred {
                if let Some(x) = m.get(k) {
                    leaves(x, out);
                }
            }
            for (k, x) in m {
                if !preferred.contains(&k.as_str()) {
                    leaves(x, out);
                }
            }
        }
        _ => {}
    }
}

/// Condition names that select a target somewhere in the tree; a bare string is `default`.
fn condition_names(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(_) => {
            out.insert("default".into());
        }
        Value::Array(a) => a.iter().for_each(|x| condition_names(x, out)),
        Value::Object(m) => {
            for (k, x) in m {
                if x.is_null() {
                    continue;
                }
                if k != "types" && !k.starts_with("types@") {
                    out.insert(k.clone());
                }
                let mut inner = BTreeSet::new();
                condition_names(x, &mut inner);
                inner.remove("default");
                out.extend(inner);
            }
        }
        _ => {}
    }
}

/// True when an `exports` target can hold code: a JS/TS module or an extension-less path.
fn is_code_target(target: &str) -> bool {
    let file = target.rsplit('/').next().unwrap_or(target);
    if file.is_empty() || file == "*" {
        return true;
    }
    match file.rsplit_once('.') {
        None => true,
        Some((_, ext)) => matches!(
            ext.to_ascii_lowercase().as_str(),
            "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx"
        ),
    }
}

/// `path` without its JavaScript/TypeScript extension (`.d.ts` counts as one).
pub(crate) fn strip_ext(path: &str) -> &str {
    const EXTS: [&str; 13] = [
        ".d.ts", ".d.mts", ".d.cts", ".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx",
        ".json", ".node",
    ];
    EXTS.iter()
        .find_map(|e| path.strip_suffix(e))
        .unwrap_or(path)
}

fn bad_exports(text: &str, key: &str) -> Finding {
    let at = text.find(&format!("\"{key}\"")).unwrap_or(0);
    Finding::of(
        &rules::surface_unresolved::SURFACE_UNRESOLVED,
        format!("package.json `exports` entry `{key}` is malformed (expected a path or a conditions object); skipped"),
    )
    .at(Location::from_span(
        "package.json",
        text,
        accord_model::Span::new(at, at + key.len() + 2),
    ))
    .with_logical_path(format!("exports/{key}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(exports: &str) -> Vec<Entry> {
        let v: Value = serde_json::from_str(exports).unwrap();
        from_exports(&v, exports, &mut Vec::new())
    }

    #[test]
    fn nested_conditions_prefer_declarations_and_keep_every_condition() {
        let e = entries(
            r#"{".": {"import": {"types": "./d/index.d.mts", "default": "./d/index.mjs"},
                      "require": {"types": "./d/index.d.cts", "default": "./d/index.cjs"}}}"#,
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].targets[0], "./d/index.d.mts");
        assert!(e[0].targets.contains(&"./d/index.cjs".to_string()));
        let c: Vec<&str> = e[0].conditions.iter().map(String::as_str).collect();
        assert_eq!(c, ["import", "require"]);
    }

    #[test]
    fn assets_and_null_exclusions_are_not_entries_but_patterns_are() {
        let e = entries(
            r#"{".": "./index.js", "./package.json": "./package.json",
                "./internal/*": null, "./locales/*": "./lib/locales/*.js"}"#,
        );
        let subpaths: Vec<&str> = e.iter().map(|x| x.subpath.as_str()).collect();
        assert_eq!(subpaths, [".", "./locales/*"]);
        assert!(e[1].is_pattern());
        assert_eq!(
            e[0].conditions.iter().collect::<Vec<_>>(),
            [&"default".to_string()]
        );
    }

    #[test]
    fn types_versions_redirect_the_declarations_of_a_package_without_exports() {
        let v: Value = serde_json::from_str(
            r#"{"types": "index.d.ts", "typesVersions": {">=4.2": {"*": ["dist/types/*"], "ajax": ["dist/types/ajax/index.d.ts"]}}}"#,
        )
        .unwrap();
        let e = from_legacy_fields(&v);
        assert_eq!(e[0].targets[0], "dist/types/index.d.ts");
        assert_eq!(e[1].subpath, "./ajax");
    }
}

//! `Cargo.toml` (declared requirements) and `Cargo.lock` (resolved versions).

use super::{Dependency, Ecosystem, bad, loc};
use crate::VetError;
use accord_model::Span;
use toml_span::value::{Table, Value, ValueInner};

const DEP_TABLES: &[&str] = &["dependencies", "dev-dependencies", "build-dependencies"];

pub(crate) fn parse_toml<'a>(path: &str, text: &'a str) -> Result<Value<'a>, VetError> {
    toml_span::parse(text).map_err(|e| {
        bad(
            path,
            text,
            Span::new(e.span.start, e.span.end),
            format!("invalid TOML: {e}"),
        )
    })
}

pub(crate) fn table<'a, 'de>(v: &'a Value<'de>) -> Option<&'a Table<'de>> {
    match v.as_ref() {
        ValueInner::Table(t) => Some(t),
        _ => None,
    }
}

pub(crate) fn get<'a, 'de>(t: &'a Table<'de>, key: &str) -> Option<&'a Value<'de>> {
    t.iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
}

pub(crate) fn str_of<'a>(v: &'a Value<'_>) -> Option<&'a str> {
    v.as_str()
}

fn span(v: &Value<'_>) -> Span {
    Span::new(v.span.start, v.span.end)
}

pub(crate) fn manifest(path: &str, text: &str) -> Result<Vec<Dependency>, VetError> {
    let root = parse_toml(path, text)?;
    let mut out = Vec::new();
    let Some(top) = table(&root) else {
        return Ok(out);
    };
    let mut tables: Vec<&Table<'_>> = Vec::new();
    for name in DEP_TABLES {
        if let Some(t) = get(top, name).and_then(table) {
            tables.push(t);
        }
    }
    if let Some(ws) = get(top, "workspace").and_then(table)
        && let Some(t) = get(ws, "dependencies").and_then(table)
    {
        tables.push(t);
    }
    if let Some(targets) = get(top, "target").and_then(table) {
        for (_, target) in targets.iter() {
            if let Some(target) = table(target) {
                for name in DEP_TABLES {
                    if let Some(t) = get(target, name).and_then(table) {
                        tables.push(t);
                    }
                }
            }
        }
    }
    for t in tables {
        for (key, v) in t.iter() {
            let (name, req) = match v.as_ref() {
                ValueInner::String(s) => (key.name.to_string(), s.to_string()),
                ValueInner::Table(spec) => {
                    // Path and workspace-inherited dependencies are not new code from outside.
                    if get(spec, "path").is_some() || get(spec, "workspace").is_some() {
                        continue;
                    }
                    let name = get(spec, "package")
                        .and_then(str_of)
                        .unwrap_or(&key.name)
                        .to_string();
                    let req = match (get(spec, "version").and_then(str_of), get(spec, "git")) {
                        (Some(v), _) => v.to_string(),
                        (None, Some(git)) => format!("git {}", str_of(git).unwrap_or("?")),
                        (None, None) => "*".to_string(),
                    };
                    (name, req)
                }
                _ => {
                    return Err(bad(
                        path,
                        text,
                        span(v),
                        format!(
                            "dependency `{}` must be a version string or a table",
                            key.name
                        ),
                    ));
                }
            };
            out.push(Dependency {
                ecosystem: Ecosystem::Cargo,
                name,
                version: req,
                exact: false,
                license: None,
                location: loc(path, text, Span::new(key.span.start, key.span.end)),
            });
        }
    }
    // toml-span keeps tables sorted by key; findings read best in file order.
    out.sort_by_key(|d| (d.location.line, d.location.column));
    Ok(out)
}

pub(crate) fn lock(path: &str, text: &str) -> Result<Vec<Dependency>, VetError> {
    let root = parse_toml(path, text)?;
    let mut out = Vec::new();
    let Some(packages) = table(&root).and_then(|t| get(t, "package")) else {
        return Ok(out);
    };
    let ValueInner::Array(items) = packages.as_ref() else {
        return Err(bad(
            path,
            text,
            span(packages),
            "`package` must be an array of tables",
        ));
    };
    for item in items {
        let Some(t) = table(item) else {
            return Err(bad(
                path,
                text,
                span(item),
                "each `[[package]]` must be a table",
            ));
        };
        // Workspace members have no source: they are the project, not a dependency.
        if get(t, "source").is_none() {
            continue;
        }
        let (Some(name), Some(version)) = (
            get(t, "name").and_then(str_of),
            get(t, "version").and_then(str_of),
        ) else {
            return Err(bad(
                path,
                text,
                span(item),
                "a `[[package]]` without `name` or `version`",
            ));
        };
        out.push(Dependency {
            ecosystem: Ecosystem::Cargo,
            name: name.to_string(),
            version: version.to_string(),
            exact: true,
            license: None,
            location: loc(path, text, span(item)),
        });
    }
    Ok(out)
}

/// The user's Cargo home (`$CARGO_HOME`, else `~/.cargo`).
pub fn default_cargo_home() -> Option<std::path::PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo")))
}

/// Where Cargo keeps unpacked registry sources: `$CARGO_HOME/registry/src/<index>/`.
fn registry_dirs(cargo_home: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(cargo_home.join("registry/src")) else {
        return Vec::new();
    };
    let mut dirs: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    dirs.sort();
    dirs
}

/// The license a crate's own `Cargo.toml` declares, when Cargo has its sources locally.
/// This is the user's Cargo cache, not the repository under review; a crate not in it
/// simply has no known license.
pub(crate) fn registry_license(
    cargo_home: &std::path::Path,
    name: &str,
    version: &str,
) -> Option<String> {
    // A name or version that could climb out of the cache is not a crate.
    if [name, version]
        .iter()
        .any(|s| s.contains(['/', '\\']) || s.contains(".."))
    {
        return None;
    }
    for dir in registry_dirs(cargo_home) {
        let path = dir.join(format!("{name}-{version}")).join("Cargo.toml");
        let Ok(bytes) = accord_fs::read_user_file(&path, 1 << 20) else {
            continue;
        };
        let text = String::from_utf8(bytes).ok()?;
        let root = toml_span::parse(&text).ok()?;
        let package = table(&root)
            .and_then(|t| get(t, "package"))
            .and_then(table)?;
        return get(package, "license").and_then(str_of).map(str::to_string);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_tables_and_renames() {
        let text = "[package]\nname='x'\n[dependencies]\nserde = '1'\nfoo = { package = 'bar', version = '0.2' }\nlocal = { path = '../l' }\n[target.'cfg(unix)'.dev-dependencies]\nlibc = { version = '0.2' }\n";
        let d = manifest("Cargo.toml", text).unwrap();
        let names: Vec<(&str, &str)> = d
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str()))
            .collect();
        assert_eq!(names, [("serde", "1"), ("bar", "0.2"), ("libc", "0.2")]);
        assert_eq!(d[1].location.line, 5);
    }

    #[test]
    fn lock_skips_workspace_members_and_reports_bad_toml() {
        let text = "version = 3\n[[package]]\nname = 'x'\nversion = '0.1.0'\n[[package]]\nname = 'smallvec'\nversion = '1.6.0'\nsource = 'registry+https://github.com/rust-lang/crates.io-index'\n";
        let d = lock("Cargo.lock", text).unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].name.as_str(), d[0].version.as_str()),
            ("smallvec", "1.6.0")
        );
        let e = lock("Cargo.lock", "[[package]]\nname = \n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("Cargo.lock:2:"), "{e}");
    }

    #[test]
    fn licenses_come_from_the_local_cargo_cache() {
        let home = tempfile::tempdir().unwrap();
        let dir = home
            .path()
            .join("registry/src/index.crates.io-1949cf8c6b5b557f/itoa-1.0.14");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            "[package]\nname = \"itoa\"\nversion = \"1.0.14\"\nlicense = \"MIT OR Apache-2.0\"\n",
        )
        .unwrap();
        let found = registry_license(home.path(), "itoa", "1.0.14");
        assert_eq!(found.as_deref(), Some("MIT OR Apache-2.0"));
        assert_eq!(registry_license(home.path(), "itoa", "1.0.15"), None);
        assert_eq!(registry_license(home.path(), "../itoa", "1.0.14"), None);
    }
}

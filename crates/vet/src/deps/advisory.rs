//! A local advisory database: a directory of OSV JSON files (the format OSV.dev serves and
//! RustSec exports its advisories in), one advisory per file, and/or RustSec's own
//! `crates/NAME/RUSTSEC-YYYY-NNNN.md` files (a ```` ```toml ```` front block), so a checkout of
//! `rustsec/advisory-db` works as it is.
//!
//! An OSV advisory affects a version when `affected[].versions` lists it, or when a range of
//! `affected[].ranges` (`SEMVER` or `ECOSYSTEM` events: `introduced`, `fixed`,
//! `last_affected`) contains it. A RustSec advisory affects every version that none of its
//! `patched` and `unaffected` requirements matches.

use super::Ecosystem;
use super::npm::json;
use crate::{VetError, read_text};
use accord_vcs::Tree;
use serde_json::Value;
use std::cmp::Ordering;

/// One affected package of one advisory.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Affected {
    ecosystem: String,
    name: String,
    versions: Vec<String>,
    /// (introduced, fixed, last_affected) intervals.
    ranges: Vec<(String, Option<String>, Option<String>)>,
    /// RustSec: versions matching none of these are affected.
    safe: Option<Vec<semver::VersionReq>>,
}

impl Affected {
    fn covers(&self, version: &str) -> bool {
        if let Some(safe) = &self.safe {
            return semver::Version::parse(version)
                .is_ok_and(|v| !safe.iter().any(|req| req.matches(&v)));
        }
        self.versions.iter().any(|v| v == version)
            || self.ranges.iter().any(|r| in_range(version, r))
    }
}

/// One advisory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advisory {
    /// `RUSTSEC-2021-0003`, `GHSA-…`, `PYSEC-…`.
    pub id: String,
    /// Other ids (`CVE-…`).
    pub aliases: Vec<String>,
    /// One line.
    pub summary: String,
    /// Versions that fix it.
    pub fixed: Vec<String>,
    /// The file it was read from.
    pub path: String,
    /// RustSec's `informational` kind (`unmaintained`, `unsound`, `notice`): a warning
    /// about the crate, not a vulnerability.
    pub informational: Option<String>,
    affected: Vec<Affected>,
}

/// Every advisory of the database.
#[derive(Debug, Clone, Default)]
pub struct Database {
    advisories: Vec<Advisory>,
}

impl Database {
    /// Reads every `*.json` under `dir` of `tree`. A directory that does not exist is an
    /// error: an audit against nothing would pass everything.
    pub fn load(tree: &dyn Tree, dir: &str) -> Result<Database, VetError> {
        let files: Vec<String> = tree
            .list(dir)?
            .into_iter()
            .filter(|p| p.ends_with(".json") || is_rustsec_file(p))
            .collect();
        if files.is_empty() {
            return Err(VetError::Missing {
                path: dir.to_string(),
                message: "the advisory database named by `dependencies.advisory_db` holds no OSV JSON or RustSec advisory file".to_string(),
            });
        }
        let mut advisories = Vec::new();
        for path in files {
            let Some(text) = read_text(tree, &path)? else {
                continue;
            };
            let advisory = if path.ends_with(".md") {
                parse_rustsec(&path, &text)?
            } else {
                parse(&path, &text)?
            };
            // A withdrawn advisory was a mistake; it affects nothing.
            if let Some(advisory) = advisory {
                advisories.push(advisory);
            }
        }
        Ok(Database { advisories })
    }

    /// Advisories that affect `name` at exactly `version`.
    pub fn affecting(&self, eco: Ecosystem, name: &str, version: &str) -> Vec<&Advisory> {
        self.advisories
            .iter()
            .filter(|a| {
                a.affected.iter().any(|x| {
                    x.ecosystem == eco.osv() && same_name(eco, &x.name, name) && x.covers(version)
                })
            })
            .collect()
    }

    /// Number of advisories.
    pub fn len(&self) -> usize {
        self.advisories.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.advisories.is_empty()
    }
}

fn same_name(eco: Ecosystem, a: &str, b: &str) -> bool {
    match eco {
        Ecosystem::PyPI => super::python::normalize(a) == super::python::normalize(b),
        _ => a == b,
    }
}

fn in_range(
    version: &str,
    (introduced, fixed, last): &(String, Option<String>, Option<String>),
) -> bool {
    let ge_intro = introduced == "0" || compare(version, introduced) != Ordering::Less;
    let below_fixed = fixed
        .as_ref()
        .is_none_or(|f| compare(version, f) == Ordering::Less);
    let upto_last = last
        .as_ref()
        .is_none_or(|l| compare(version, l) != Ordering::Greater);
    ge_intro && below_fixed && upto_last
}

/// Semantic versions compare as semver; anything else (PEP 440 releases) by its numeric
/// release segments, then as text.
pub fn compare(a: &str, b: &str) -> Ordering {
    if let (Ok(x), Ok(y)) = (semver::Version::parse(a), semver::Version::parse(b)) {
        return x.cmp(&y);
    }
    let nums = |s: &str| -> Vec<u64> {
        s.split('.')
            .map(|p| {
                p.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()
                    .unwrap_or(0)
            })
            .collect()
    };
    let (x, y) = (nums(a), nums(b));
    let len = x.len().max(y.len());
    for i in 0..len {
        let o = x.get(i).unwrap_or(&0).cmp(y.get(i).unwrap_or(&0));
        if o != Ordering::Equal {
            return o;
        }
    }
    a.cmp(b)
}

/// RustSec's files are `…/RUSTSEC-YYYY-NNNN.md`; the repository's README and the like are not.
fn is_rustsec_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.starts_with("RUSTSEC-") && name.ends_with(".md")
}

/// A RustSec advisory: TOML between ```` ```toml ```` and ```` ``` ````, then Markdown whose
/// first heading is the title.
fn parse_rustsec(path: &str, text: &str) -> Result<Option<Advisory>, VetError> {
    use super::cargo::{get, str_of, table};
    let start = text
        .find("```toml")
        .map(|i| i + "```toml".len())
        .ok_or_else(|| {
            super::bad(
                path,
                text,
                accord_model::Span::new(0, 0),
                "a RustSec advisory starts with a ```toml block",
            )
        })?;
    let len = text[start..].find("\n```").ok_or_else(|| {
        super::bad(
            path,
            text,
            accord_model::Span::new(start, start),
            "the ```toml block is not closed",
        )
    })?;
    let toml_text = &text[start..start + len];
    // Errors are reported in the file's coordinates: pad the block to its place.
    let padded = format!("{}{toml_text}", " ".repeat(start));
    let root = super::cargo::parse_toml(path, &padded)?;
    let top = table(&root);
    let advisory = top.and_then(|t| get(t, "advisory")).and_then(table);
    let field = |k: &str| {
        advisory
            .and_then(|a| get(a, k))
            .and_then(str_of)
            .map(str::to_string)
    };
    let missing = |what: &str| {
        super::bad(
            path,
            text,
            accord_model::Span::new(start, start),
            format!("RustSec advisory without `advisory.{what}`"),
        )
    };
    let id = field("id").ok_or_else(|| missing("id"))?;
    if field("withdrawn").is_some() {
        return Ok(None);
    }
    let package = field("package").ok_or_else(|| missing("package"))?;
    let reqs = |key: &str| -> Result<Vec<(String, semver::VersionReq)>, VetError> {
        let mut out = Vec::new();
        let list = top
            .and_then(|t| get(t, "versions"))
            .and_then(table)
            .and_then(|v| get(v, key));
        if let Some(toml_span::value::ValueInner::Array(items)) = list.map(|l| l.as_ref()) {
            for item in items {
                let text_req = str_of(item).unwrap_or_default();
                let req = semver::VersionReq::parse(text_req).map_err(|e| {
                    super::bad(
                        path,
                        text,
                        accord_model::Span::new(item.span.start, item.span.end),
                        format!("`{text_req}` is not a version requirement: {e}"),
                    )
                })?;
                out.push((text_req.to_string(), req));
            }
        }
        Ok(out)
    };
    let patched = reqs("patched")?;
    let unaffected = reqs("unaffected")?;
    let aliases = advisory
        .and_then(|a| get(a, "aliases"))
        .and_then(|v| match v.as_ref() {
            toml_span::value::ValueInner::Array(items) => Some(
                items
                    .iter()
                    .filter_map(|i| str_of(i).map(str::to_string))
                    .collect(),
            ),
            _ => None,
        })
        .unwrap_or_default();
    let title = text[start + len..]
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(str::trim)
        .map(str::to_string)
        .or_else(|| field("title"))
        .unwrap_or_else(|| "no summary".to_string());
    Ok(Some(Advisory {
        id,
        aliases,
        summary: title,
        fixed: patched.iter().map(|(t, _)| t.clone()).collect(),
        path: path.to_string(),
        informational: field("informational").map(|k| k.trim().to_string()),
        affected: vec![Affected {
            ecosystem: Ecosystem::Cargo.osv().to_string(),
            name: package,
            versions: Vec::new(),
            ranges: Vec::new(),
            safe: Some(
                patched
                    .into_iter()
                    .chain(unaffected)
                    .map(|(_, r)| r)
                    .collect(),
            ),
        }],
    }))
}

fn parse(path: &str, text: &str) -> Result<Option<Advisory>, VetError> {
    let doc = json(path, text)?;
    let v = &doc.value;
    let missing = |what: &str, pointer: &str| {
        super::bad(
            path,
            text,
            doc.span_of(pointer),
            format!("OSV advisory without {what}"),
        )
    };
    let id = v
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| missing("an `id`", ""))?;
    if v.get("withdrawn").is_some_and(|w| !w.is_null()) {
        return Ok(None);
    }
    let Some(Value::Array(affected)) = v.get("affected") else {
        return Err(missing("an `affected` array", ""));
    };
    let strs = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut fixed = Vec::new();
    let mut list = Vec::new();
    for (i, a) in affected.iter().enumerate() {
        let pkg = a.get("package");
        let (Some(eco), Some(name)) = (
            pkg.and_then(|p| p.get("ecosystem")).and_then(Value::as_str),
            pkg.and_then(|p| p.get("name")).and_then(Value::as_str),
        ) else {
            return Err(missing(
                "`package.ecosystem` and `package.name`",
                &format!("/affected/{i}"),
            ));
        };
        let mut ranges = Vec::new();
        for r in a
            .get("ranges")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            // GIT ranges name commits, which a package version cannot be compared with.
            if r.get("type").and_then(Value::as_str) == Some("GIT") {
                continue;
            }
            let mut introduced: Option<String> = None;
            for e in r
                .get("events")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(x) = e.get("introduced").and_then(Value::as_str) {
                    if let Some(open) = introduced.take() {
                        ranges.push((open, None, None));
                    }
                    introduced = Some(x.to_string());
                } else if let Some(x) = e.get("fixed").and_then(Value::as_str) {
                    fixed.push(x.to_string());
                    ranges.push((
                        introduced.take().unwrap_or_else(|| "0".into()),
                        Some(x.to_string()),
                        None,
                    ));
                } else if let Some(x) = e.get("last_affected").and_then(Value::as_str) {
                    ranges.push((
                        introduced.take().unwrap_or_else(|| "0".into()),
                        None,
                        Some(x.to_string()),
                    ));
                }
            }
            if let Some(open) = introduced {
                ranges.push((open, None, None));
            }
        }
        list.push(Affected {
            ecosystem: eco.to_string(),
            name: name.to_string(),
            versions: strs(a.get("versions")),
            ranges,
            safe: None,
        });
    }
    // RustSec's OSV export keeps the informational kind in `database_specific`.
    let informational = v
        .pointer("/database_specific/informational")
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok(Some(Advisory {
        id: id.to_string(),
        aliases: strs(v.get("aliases")),
        summary: v
            .get("summary")
            .or_else(|| v.get("details"))
            .and_then(Value::as_str)
            .unwrap_or("no summary")
            .lines()
            .next()
            .unwrap_or("")
            .to_string(),
        fixed,
        path: path.to_string(),
        informational,
        affected: list,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALLVEC: &str = r#"{"id": "RUSTSEC-2021-0003", "aliases": ["CVE-2021-25900"],
 "summary": "Buffer overflow in SmallVec::insert_many",
 "affected": [{"package": {"ecosystem": "crates.io", "name": "smallvec"},
   "ranges": [{"type": "SEMVER", "events": [{"introduced": "0.3.0"}, {"fixed": "0.6.14"}, {"introduced": "1.0.0"}, {"fixed": "1.6.1"}]}]}]}"#;

    fn db(files: &[(&str, &str)]) -> Database {
        Database {
            advisories: files
                .iter()
                .filter_map(|(p, t)| parse(p, t).unwrap())
                .collect(),
        }
    }

    #[test]
    fn ranges_and_listed_versions() {
        let d = db(&[("a.json", SMALLVEC)]);
        assert_eq!(d.affecting(Ecosystem::Cargo, "smallvec", "1.6.0").len(), 1);
        assert_eq!(d.affecting(Ecosystem::Cargo, "smallvec", "0.6.13").len(), 1);
        assert!(
            d.affecting(Ecosystem::Cargo, "smallvec", "1.6.1")
                .is_empty()
        );
        assert!(
            d.affecting(Ecosystem::Cargo, "smallvec", "0.7.0")
                .is_empty()
        );
        assert!(d.affecting(Ecosystem::Npm, "smallvec", "1.6.0").is_empty());
        let py = r#"{"id": "PYSEC-1", "affected": [{"package": {"ecosystem": "PyPI", "name": "PyYAML"}, "versions": ["5.3"]}]}"#;
        let d = db(&[("p.json", py)]);
        assert_eq!(d.affecting(Ecosystem::PyPI, "pyyaml", "5.3").len(), 1);
    }

    #[test]
    fn malformed_advisories_name_the_file_and_line() {
        let e = parse("adv/x.json", "{\"id\": \"X\",\n \"affected\": [{}]}")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("adv/x.json:2:"), "{e}");
        let e = parse("adv/x.json", "{\"id\": \n}").unwrap_err().to_string();
        assert!(e.contains("invalid JSON"), "{e}");
    }

    #[test]
    fn pep440_releases_compare_numerically() {
        assert_eq!(compare("2.10.0", "2.9"), Ordering::Greater);
        assert_eq!(compare("1.0.0", "1.0.0"), Ordering::Equal);
    }

    const RUSTSEC_MD: &str = "```toml\n[advisory]\nid = \"RUSTSEC-2021-0003\"\npackage = \"smallvec\"\ndate = \"2021-01-08\"\naliases = [\"CVE-2021-25900\"]\n\n[versions]\npatched = [\">= 0.6.14, < 1.0.0\", \">= 1.6.1\"]\nunaffected = [\"< 0.6.3\"]\n```\n\n# Buffer overflow in SmallVec::insert_many\n\nA bug in the SmallVec::insert_many method...\n";

    #[test]
    fn rustsec_markdown_advisories() {
        let a = parse_rustsec("crates/smallvec/RUSTSEC-2021-0003.md", RUSTSEC_MD)
            .unwrap()
            .unwrap();
        assert_eq!(a.summary, "Buffer overflow in SmallVec::insert_many");
        assert_eq!(a.aliases, ["CVE-2021-25900"]);
        let d = Database {
            advisories: vec![a],
        };
        assert_eq!(d.affecting(Ecosystem::Cargo, "smallvec", "1.6.0").len(), 1);
        assert_eq!(d.affecting(Ecosystem::Cargo, "smallvec", "0.6.13").len(), 1);
        assert!(
            d.affecting(Ecosystem::Cargo, "smallvec", "1.6.1")
                .is_empty()
        );
        assert!(
            d.affecting(Ecosystem::Cargo, "smallvec", "0.6.2")
                .is_empty()
        );
        assert!(
            d.affecting(Ecosystem::Cargo, "smallvec", "0.6.14")
                .is_empty()
        );
        let bad = RUSTSEC_MD.replace(">= 1.6.1", ">= one");
        let e = parse_rustsec("x/RUSTSEC-1.md", &bad)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x/RUSTSEC-1.md:9:"), "{e}");
        assert!(is_rustsec_file("crates/a/RUSTSEC-2020-0001.md"));
        let withdrawn = RUSTSEC_MD.replace("date = ", "withdrawn = \"2021-02-01\"\ndate = ");
        assert!(
            parse_rustsec("x/RUSTSEC-1.md", &withdrawn)
                .unwrap()
                .is_none()
        );
        assert!(!is_rustsec_file("README.md"));
    }
}

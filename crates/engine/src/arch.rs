//! The architecture of one tree: which pack depends on which, read from contracts, from the
//! imports in the packs' source (`accord_surface::imports`) and from their package
//! manifests; and what is wrong with it (imports across a boundary, cycles, upstream
//! flows, unguarded optional packs, consumers the code contradicts).
//!
//! Every file is read through the guarded file layer (`accord_vcs::WorkingTree`, which
//! respects `.gitignore` like git): nothing outside the root is listed or read, and a
//! relative import that climbs above the root resolves to no pack. A file is parsed only
//! when its text mentions another pack's package name (or, in JS/TS, climbs with `../`),
//! so a tree where packs keep to themselves costs one substring scan per file.

use crate::EngineError;
use crate::rules::{
    CONSUMER_DECLARED_UNUSED, CONSUMER_UNDECLARED_USE, OPTIONAL_DEPENDENCY_UNGUARDED,
    PACK_BOUNDARY_DEPENDENCY, PACK_BOUNDARY_IMPORT, PACK_CYCLE, PIPELINE_BACKWARDS,
};
use accord_model::arch::{Edge, EdgeKind, PackGraph, Reference, Site, Usage};
use accord_model::contract::{Contract, InterfaceKind};
use accord_model::manifest::{Manifest, Pack, same_pack_name};
use accord_model::{Finding, Location, Span};
use accord_surface::imports::{SourceKind, imports};
use accord_vcs::{Tree, WorkingTree};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What the architecture pass found.
#[derive(Debug, Clone, Default)]
pub struct ArchReport {
    /// The pack graph.
    pub graph: PackGraph,
    /// Boundary, cycle, direction, optional and consumer findings.
    pub findings: Vec<Finding>,
    /// Every import of one pack's code by another, accepted or not: the evidence of who a
    /// change to a symbol impacts.
    pub usages: Vec<Usage>,
    /// Pack → the language families of its source (`rust`, `js`, `python`): where a
    /// consumer's use of a provider can be seen at all.
    pub languages: BTreeMap<String, BTreeSet<&'static str>>,
}

/// The language family of a source file: imports are only seen within one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Family {
    Rust,
    Js,
    Python,
}

impl Family {
    fn as_str(self) -> &'static str {
        match self {
            Family::Rust => "rust",
            Family::Js => "js",
            Family::Python => "python",
        }
    }
}

fn family(kind: SourceKind) -> Family {
    match kind {
        SourceKind::Rust => Family::Rust,
        SourceKind::Python => Family::Python,
        SourceKind::TypeScript | SourceKind::Tsx | SourceKind::JavaScript => Family::Js,
    }
}

/// The names under which a pack's code can be imported.
#[derive(Debug, Default)]
struct Identities {
    /// Rust crate name (`-` as `_`) → pack.
    crates: BTreeMap<String, usize>,
    /// npm package name → pack.
    npm: BTreeMap<String, usize>,
    /// Python top-level import name → pack.
    python: BTreeMap<String, usize>,
    /// Distribution / package names as package managers write them (normalised) → pack.
    dists: BTreeMap<(Family, String), usize>,
}

/// A package-manager dependency as written.
struct DepDecl {
    family: Family,
    name: String,
    location: Location,
    guarded: bool,
}

/// Analyses the tree under `root` against `manifest` and the tree's contracts.
pub fn analyze(
    root: &Path,
    manifest: &Manifest,
    manifest_text: &str,
    contracts: &[Contract],
) -> Result<ArchReport, EngineError> {
    let packs =
        accord_policy::PackMap::new(manifest, manifest_text).map_err(EngineError::policy)?;
    let tree = WorkingTree::new(root);
    let files = pack_files(&tree, manifest, &packs)?;

    let read = |path: &str| -> Option<String> {
        tree.read(path)
            .ok()
            .flatten()
            .and_then(|b| String::from_utf8(b).ok())
    };

    // Identities and dependency declarations, from the package manifests of each pack.
    let mut ids = Identities::default();
    let mut deps: Vec<(usize, DepDecl)> = Vec::new();
    let mut families: BTreeMap<usize, BTreeSet<Family>> = BTreeMap::new();
    for (path, owner) in &files {
        let name = path.rsplit('/').next().unwrap_or(path);
        if let Some(kind) = SourceKind::of(path) {
            families.entry(*owner).or_default().insert(family(kind));
        }
        match name {
            "Cargo.toml" | "package.json" | "pyproject.toml" => {
                if let Some(text) = read(path) {
                    package_manifest(path, name, &text, *owner, &mut ids, &mut deps);
                }
            }
            "__init__.py" => {
                // A package directory whose parent is no package is importable by its name.
                let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
                let parent = dir.rsplit_once('/').map_or("", |(p, _)| p);
                let top = dir.rsplit('/').next().unwrap_or(dir);
                let parent_init = if parent.is_empty() {
                    "__init__.py".to_string()
                } else {
                    format!("{parent}/__init__.py")
                };
                // …when that parent is on `sys.path` (the root, a `src/` folder, a project
                // folder or the pack's own folder). Below a PEP 420 namespace package
                // (`src/opentelemetry/exporter/zipkin/json/`) the leaf's name is not
                // importable alone, and taking it would make every `import json` a use.
                let on_path = parent.is_empty()
                    || parent.rsplit('/').next() == Some("src")
                    || ["pyproject.toml", "setup.py", "setup.cfg"]
                        .iter()
                        .any(|m| files.contains_key(&format!("{parent}/{m}")))
                    || manifest.packs[*owner]
                        .paths
                        .iter()
                        .any(|g| g.trim_end_matches("/**").trim_end_matches('/') == parent);
                // A `tests` or `benchmarks` package names no pack's API: every pack has one.
                if !top.is_empty()
                    && !accord_surface::is_not_api_dir(top)
                    && !files.contains_key(&parent_init)
                    && on_path
                {
                    ids.python.entry(top.to_string()).or_insert(*owner);
                }
            }
            _ => {}
        }
    }

    // Tokens whose presence makes a file worth parsing.
    let tokens: Vec<(String, usize)> = ids
        .crates
        .iter()
        .chain(&ids.npm)
        .chain(&ids.python)
        .map(|(t, p)| (t.clone(), *p))
        .collect();

    let sources: Vec<(&String, usize, SourceKind)> = files
        .iter()
        .filter_map(|(path, owner)| SourceKind::of(path).map(|k| (path, *owner, k)))
        .collect();
    let mut sites: Vec<(usize, usize, Site)> = sources
        .par_iter()
        .flat_map_iter(|(path, owner, kind)| {
            let found = read(path)
                .filter(|text| worth_parsing(text, *owner, *kind, &tokens))
                .map(|text| cross_pack_imports(path, *owner, *kind, &text, &ids, &packs, manifest))
                .unwrap_or_default();
            found.into_iter()
        })
        .collect();
    sites.sort_by(|a, b| {
        (&a.2.location.path, a.2.location.line, a.2.location.column).cmp(&(
            &b.2.location.path,
            b.2.location.line,
            b.2.location.column,
        ))
    });

    let mut edges: BTreeMap<(usize, usize, EdgeKind), Vec<Site>> = BTreeMap::new();
    let mut findings = Vec::new();
    let mut usages = Vec::new();
    let name = |i: usize| manifest.packs[i].name.clone();

    for (consumer, provider, site) in sites {
        usages.push(Usage {
            provider: name(provider),
            consumer: name(consumer),
            site: site.clone(),
        });
        edges
            .entry((provider, consumer, EdgeKind::Import))
            .or_default()
            .push(site);
    }
    for (consumer, dep) in deps {
        let Some(&provider) = ids.dists.get(&(dep.family, normalize_dist(&dep.name))) else {
            continue;
        };
        if provider == consumer {
            continue;
        }
        edges
            .entry((provider, consumer, EdgeKind::Dependency))
            .or_default()
            .push(Site {
                location: dep.location,
                detail: dep.name,
                names: Vec::new(),
                guarded: dep.guarded,
                uses: Vec::new(),
            });
    }

    // Boundaries and optional packs, for code edges.
    for ((provider, consumer, kind), sites) in &edges {
        let (p, c) = (&manifest.packs[*provider], &manifest.packs[*consumer]);
        let allowed = allows(c, p);
        let by_contract = code_contract_lists(contracts, p, c);
        for site in sites {
            if !allowed && by_contract.is_none() {
                let (rule, what) = match kind {
                    EdgeKind::Dependency => (&PACK_BOUNDARY_DEPENDENCY, "depends on the package"),
                    _ => (&PACK_BOUNDARY_IMPORT, "imports"),
                };
                findings.push(
                    Finding::of(
                        rule,
                        format!(
                            "pack `{}` {what} `{}` of pack `{}`",
                            c.name, site.detail, p.name
                        ),
                    )
                    .at(site.location.clone())
                    .with_logical_path(format!("{}->{}:{}", c.name, p.name, site.detail))
                    .with_help(format!(
                        "integrate through a contract of `{}`, or declare the exception: `allow_imports = [\"{}\"]` in [packs.{}]",
                        p.name, p.name, c.name
                    )),
                );
            } else if allowed && by_contract == Some(false) {
                findings.push(
                    Finding::of(
                        &CONSUMER_UNDECLARED_USE,
                        format!(
                            "pack `{}` uses `{}` of pack `{}`, whose code contract does not list it as a consumer",
                            c.name, site.detail, p.name
                        ),
                    )
                    .at(site.location.clone())
                    .with_logical_path(format!("{}->{}:{}", c.name, p.name, site.detail))
                    .with_help(format!("add `{}` to the contract's consumers", c.name)),
                );
            }
            // Two optional packs come and go together; a core pack must survive without one.
            let optional = |pack: &Pack| pack.tier.as_deref() == Some("optional");
            if optional(p) && !optional(c) && !site.guarded {
                findings.push(
                    Finding::of(
                        &OPTIONAL_DEPENDENCY_UNGUARDED,
                        format!(
                            "pack `{}` reaches optional pack `{}` through `{}` without a guard",
                            c.name, p.name, site.detail
                        ),
                    )
                    .at(site.location.clone())
                    .with_logical_path(format!("{}->{}:{}", c.name, p.name, site.detail))
                    .with_help(
                        "import it inside try/except ImportError (Python), try or import() (JS/TS), under #[cfg(feature)] (Rust), or declare the dependency optional",
                    ),
                );
            }
        }
    }

    // Contract edges.
    for contract in contracts {
        let Some(provider) = pack_index(manifest, &contract.provider) else {
            continue;
        };
        for consumer in &contract.consumers {
            let Some(consumer) = pack_index(manifest, consumer) else {
                continue;
            };
            if consumer == provider {
                continue;
            }
            edges
                .entry((provider, consumer, EdgeKind::Contract))
                .or_default()
                .push(Site {
                    location: Location::file(&contract.path),
                    detail: contract.name.trim().to_string(),
                    names: Vec::new(),
                    guarded: false,
                    uses: Vec::new(),
                });
        }
    }

    findings.extend(declared_unused(manifest, contracts, &edges, &families));
    let graph_edges: Vec<Edge> = edges
        .iter()
        .map(|((p, c, kind), sites)| Edge {
            provider: name(*p),
            consumer: name(*c),
            kind: *kind,
            allowed: *kind != EdgeKind::Contract
                && allows(&manifest.packs[*c], &manifest.packs[*p]),
            sites: sites.clone(),
        })
        .collect();
    let cycles = cycles(manifest.packs.len(), &edges);
    for (cycle, members) in &cycles {
        findings.push(cycle_finding(manifest, cycle, members, &edges));
    }
    findings.extend(backwards(manifest, &edges));
    Ok(ArchReport {
        graph: PackGraph {
            packs: manifest.packs.iter().map(|p| p.name.clone()).collect(),
            edges: graph_edges,
            cycles: cycles
                .iter()
                .map(|(c, _)| c.iter().map(|&i| name(i)).collect())
                .collect(),
        },
        findings,
        usages,
        languages: families
            .iter()
            .map(|(p, f)| (name(*p), f.iter().map(|f| f.as_str()).collect()))
            .collect(),
    })
}

/// Attaches to each code-surface finding the uses of its symbol by other packs (as related
/// locations and impacted packs) and to its contract's evidence, so the decision names the
/// call sites. A BREAKING change nobody outside its pack uses says so; with
/// `consider_usage` it is treated as RISKY, but only when every declared consumer writes
/// the provider's language (a use from another language cannot be seen in source).
pub fn attach_usages(
    report: &ArchReport,
    findings: &mut [Finding],
    evidence: &mut accord_policy::ChangeEvidence,
    consider_usage: bool,
) {
    const SHOWN: usize = 20;
    for item in &mut evidence.contracts {
        let provider = item.provider.clone();
        let provider_langs = report.languages.get(&provider);
        if provider_langs.is_none() {
            continue;
        }
        let observable = item.consumers.iter().all(|c| {
            report
                .languages
                .iter()
                .find(|(name, _)| same_pack_name(name, c))
                .is_some_and(|(_, l)| provider_langs.is_some_and(|p| !p.is_disjoint(l)))
        });
        for finding in findings.iter_mut() {
            if finding.contract.as_deref() != Some(item.name.as_str()) {
                continue;
            }
            let names = symbol_names(&finding.logical_path);
            if names.is_empty() {
                continue;
            }
            let uses: Vec<&Usage> = report
                .usages
                .iter()
                .filter(|u| u.provider == provider)
                .filter(|u| {
                    u.site
                        .names
                        .iter()
                        .any(|n| n == "*" || names.iter().any(|s| s == n))
                })
                .collect();
            if uses.is_empty() {
                if finding.class == accord_model::Class::Breaking {
                    let symbol = names.last().cloned().unwrap_or_default();
                    let mut note =
                        format!("no pack other than `{provider}` imports `{symbol}` in source");
                    if consider_usage && observable {
                        note.push_str("; [policy] consider_usage treats the change as RISKY");
                        *finding = finding.clone().with_class(accord_model::Class::Risky);
                    } else if !observable {
                        note.push_str(" (a consumer in another language is not seen)");
                    }
                    finding.help = Some(match finding.help.take() {
                        Some(help) => format!("{help}; {note}"),
                        None => note,
                    });
                }
                continue;
            }
            // The references to the symbol's names where the file has them, else the import.
            let mut places: Vec<(Location, String)> = Vec::new();
            for u in &uses {
                let refs: Vec<&Reference> = u
                    .site
                    .uses
                    .iter()
                    .filter(|r| names.contains(&r.name))
                    .collect();
                if refs.is_empty() {
                    places.push((
                        u.site.location.clone(),
                        format!("imported by pack `{}` (`{}`)", u.consumer, u.site.detail),
                    ));
                }
                for r in refs {
                    places.push((
                        r.location.clone(),
                        format!("`{}` used by pack `{}`", r.name, u.consumer),
                    ));
                }
            }
            for (location, message) in places.iter().take(SHOWN) {
                *finding = finding.clone().related(location.clone(), message.clone());
            }
            if places.len() > SHOWN {
                finding.help = Some(format!(
                    "{}{} more use(s) in the decision's evidence",
                    finding
                        .help
                        .as_deref()
                        .map(|h| format!("{h}; "))
                        .unwrap_or_default(),
                    places.len() - SHOWN
                ));
            }
            for u in &uses {
                if !finding.impacted.contains(&u.consumer) {
                    finding.impacted.push(u.consumer.clone());
                }
                // The evidence keeps only the references to changed symbols.
                let refs = u.site.uses.iter().filter(|r| names.contains(&r.name));
                match item
                    .usages
                    .iter_mut()
                    .find(|e| e.site.location == u.site.location)
                {
                    Some(existing) => {
                        for r in refs {
                            if !existing.site.uses.contains(r) {
                                existing.site.uses.push(r.clone());
                            }
                        }
                    }
                    None => {
                        let mut kept = (*u).clone();
                        kept.site.uses = refs.cloned().collect();
                        item.usages.push(kept);
                    }
                }
            }
        }
    }
}

/// The names a use of the symbol behind a code finding's logical path may import:
/// `pm_core::decision::decide/strict` → `decision`, `decide`;
/// `opshelm_agents.triage.Report.field` → `triage`, `Report`, `field`;
/// `./decisions:Decision.actions` → `Decision`, `actions`.
fn symbol_names(logical_path: &str) -> Vec<String> {
    let symbol = logical_path.split('/').next().unwrap_or("");
    let (symbol, skip) = match logical_path.split_once(':') {
        // TypeScript: `module:Symbol.member`; the module is not a name.
        Some((module, rest)) if !module.is_empty() && !rest.starts_with(':') => {
            (rest.split('/').next().unwrap_or(""), 0)
        }
        _ => (symbol, 1),
    };
    symbol
        .split("::")
        .flat_map(|s| s.split('.'))
        .filter(|s| !s.is_empty())
        .skip(skip)
        .map(str::to_string)
        .collect()
}

/// Files of every pack (path → first owning pack), listed under each glob's literal prefix.
fn pack_files(
    tree: &WorkingTree,
    manifest: &Manifest,
    packs: &accord_policy::PackMap,
) -> Result<BTreeMap<String, usize>, EngineError> {
    let mut prefixes: BTreeSet<String> = BTreeSet::new();
    for pack in &manifest.packs {
        for glob in pack.paths.iter().chain(&pack.tests) {
            prefixes.insert(accord_model::ownership::literal_prefix(glob));
        }
    }
    // A prefix below another is listed with it.
    let kept: Vec<&String> = prefixes
        .iter()
        .filter(|p| {
            !prefixes
                .iter()
                .any(|q| *q != **p && (q.is_empty() || p.starts_with(&format!("{q}/"))))
        })
        .collect();
    let mut files = BTreeMap::new();
    for prefix in kept {
        for path in tree.list(prefix)? {
            let owners = packs.packs_of(&path);
            if let Some(index) = owners.first().and_then(|o| pack_index(manifest, o)) {
                files.insert(path, index);
            }
        }
    }
    Ok(files)
}

fn pack_index(manifest: &Manifest, name: &str) -> Option<usize> {
    manifest.packs.iter().position(|p| p.answers_to(name))
}

fn allows(consumer: &Pack, provider: &Pack) -> bool {
    consumer
        .allow_imports
        .iter()
        .any(|name| provider.answers_to(name))
}

/// `Some(true)`: `provider` has a code contract listing `consumer`; `Some(false)`: it has
/// code contracts, none listing it; `None`: it has no code contract.
fn code_contract_lists(contracts: &[Contract], provider: &Pack, consumer: &Pack) -> Option<bool> {
    let mut any = false;
    for c in contracts {
        if c.interface.kind == Some(InterfaceKind::Code) && provider.answers_to(&c.provider) {
            any = true;
            if c.consumers.iter().any(|n| consumer.answers_to(n)) {
                return Some(true);
            }
        }
    }
    any.then_some(false)
}

fn worth_parsing(text: &str, owner: usize, kind: SourceKind, tokens: &[(String, usize)]) -> bool {
    (family(kind) == Family::Js && text.contains("../"))
        || tokens
            .iter()
            .any(|(t, p)| *p != owner && text.contains(t.as_str()))
}

/// The imports of one file that resolve into another pack, as (owner, provider, site).
fn cross_pack_imports(
    path: &str,
    owner: usize,
    kind: SourceKind,
    text: &str,
    ids: &Identities,
    packs: &accord_policy::PackMap,
    manifest: &Manifest,
) -> Vec<(usize, usize, Site)> {
    // A file that does not parse is the surface extractor's finding, not a boundary's.
    let Ok(found) = imports(kind, text) else {
        return Vec::new();
    };
    let index = accord_model::LineIndex::new(text);
    let mut out = Vec::new();
    for import in found {
        let target = match family(kind) {
            Family::Rust => ids.crates.get(&import.spec).copied(),
            Family::Python => {
                let top = import.spec.split('.').next().unwrap_or("");
                if top.is_empty() {
                    None
                } else {
                    ids.python.get(top).copied()
                }
            }
            Family::Js => {
                if import.spec.starts_with('.') {
                    resolve_relative(path, &import.spec).and_then(|resolved| {
                        [resolved.clone(), format!("{resolved}/index")]
                            .iter()
                            .find_map(|p| packs.packs_of(p).first().cloned())
                            .and_then(|n| pack_index(manifest, &n))
                    })
                } else {
                    ids.npm.get(&npm_package(&import.spec)).copied()
                }
            }
        };
        let Some(target) = target.filter(|t| *t != owner) else {
            continue;
        };
        let location =
            Location::from_span_indexed(path, text, &index, Span::new(import.start, import.end));
        out.push((
            owner,
            target,
            Site {
                location,
                detail: import.spec,
                names: import.names,
                guarded: import.guarded,
                uses: import
                    .uses
                    .into_iter()
                    .map(|r| Reference {
                        name: r.name,
                        location: Location::from_span_indexed(
                            path,
                            text,
                            &index,
                            Span::new(r.start, r.end),
                        ),
                    })
                    .collect(),
            },
        ));
    }
    out
}

/// `dir/of/file` + `../x` → `dir/x`, lexically; `None` when it climbs above the root.
pub(crate) fn resolve_relative(file: &str, spec: &str) -> Option<String> {
    let mut parts: Vec<&str> = file.split('/').collect();
    parts.pop();
    for part in spec.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// `@scope/pkg/sub` → `@scope/pkg`; `pkg/sub` → `pkg`.
fn npm_package(spec: &str) -> String {
    let mut parts = spec.split('/');
    match (parts.next(), parts.next()) {
        (Some(scope), Some(name)) if scope.starts_with('@') => format!("{scope}/{name}"),
        (Some(name), _) => name.to_string(),
        _ => String::new(),
    }
}

/// Package names compare as their ecosystems do: case-insensitive, `-`, `_` and `.` alike.
fn normalize_dist(name: &str) -> String {
    name.to_ascii_lowercase().replace(['-', '.'], "_")
}

fn table_get<'a, 'de>(
    table: &'a toml_span::value::Table<'de>,
    key: &str,
) -> Option<&'a toml_span::Value<'de>> {
    table.iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
}

/// Reads a package manifest's own name (an identity of `owner`) and its dependencies.
fn package_manifest(
    path: &str,
    file: &str,
    text: &str,
    owner: usize,
    ids: &mut Identities,
    deps: &mut Vec<(usize, DepDecl)>,
) {
    let at =
        |span: toml_span::Span| Location::from_span(path, text, Span::new(span.start, span.end));
    match file {
        "package.json" => {
            let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
                return;
            };
            if let Some(name) = value.get("name").and_then(|n| n.as_str()) {
                ids.npm.entry(name.to_string()).or_insert(owner);
                ids.dists
                    .entry((Family::Js, normalize_dist(name)))
                    .or_insert(owner);
            }
            for (field, guarded) in [
                ("dependencies", false),
                ("devDependencies", false),
                ("peerDependencies", true),
                ("optionalDependencies", true),
            ] {
                let Some(map) = value.get(field).and_then(|m| m.as_object()) else {
                    continue;
                };
                for name in map.keys() {
                    // serde_json keeps no spans: the line of the quoted key locates it.
                    let needle = format!("\"{name}\"");
                    let location = match text.find(&needle) {
                        Some(i) => Location::from_span(path, text, Span::new(i, i + needle.len())),
                        None => Location::file(path),
                    };
                    deps.push((
                        owner,
                        DepDecl {
                            family: Family::Js,
                            name: name.clone(),
                            location,
                            guarded,
                        },
                    ));
                }
            }
        }
        _ => {
            let Ok(value) = toml_span::parse(text) else {
                return;
            };
            let Some(root) = value.as_table() else {
                return;
            };
            if file == "Cargo.toml" {
                let package_name = table_get(root, "package")
                    .and_then(|p| p.as_table())
                    .and_then(|p| table_get(p, "name"))
                    .and_then(|n| n.as_str());
                let lib_name = table_get(root, "lib")
                    .and_then(|p| p.as_table())
                    .and_then(|p| table_get(p, "name"))
                    .and_then(|n| n.as_str());
                if let Some(name) = package_name {
                    ids.dists
                        .entry((Family::Rust, normalize_dist(name)))
                        .or_insert(owner);
                }
                if let Some(name) = lib_name.or(package_name) {
                    ids.crates.entry(name.replace('-', "_")).or_insert(owner);
                }
                let mut tables: Vec<&toml_span::value::Table<'_>> = vec![root];
                if let Some(targets) = table_get(root, "target").and_then(|t| t.as_table()) {
                    tables.extend(targets.values().filter_map(|t| t.as_table()));
                }
                for t in tables {
                    for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
                        let Some(list) = table_get(t, section).and_then(|d| d.as_table()) else {
                            continue;
                        };
                        for (key, spec) in list {
                            let detail = spec.as_table();
                            let real = detail
                                .and_then(|d| table_get(d, "package"))
                                .and_then(|p| p.as_str())
                                .unwrap_or(&key.name);
                            let optional = detail
                                .and_then(|d| table_get(d, "optional"))
                                .and_then(|o| o.as_bool())
                                .unwrap_or(false);
                            deps.push((
                                owner,
                                DepDecl {
                                    family: Family::Rust,
                                    name: real.to_string(),
                                    location: at(key.span),
                                    guarded: optional,
                                },
                            ));
                        }
                    }
                }
            } else {
                let project = table_get(root, "project").and_then(|p| p.as_table());
                if let Some(name) = project
                    .and_then(|p| table_get(p, "name"))
                    .and_then(|n| n.as_str())
                {
                    ids.dists
                        .entry((Family::Python, normalize_dist(name)))
                        .or_insert(owner);
                }
                let mut lists: Vec<(&toml_span::Value<'_>, bool)> = Vec::new();
                if let Some(list) = project.and_then(|p| table_get(p, "dependencies")) {
                    lists.push((list, false));
                }
                if let Some(extras) = project
                    .and_then(|p| table_get(p, "optional-dependencies"))
                    .and_then(|o| o.as_table())
                {
                    lists.extend(extras.values().map(|v| (v, true)));
                }
                // Poetry names its own project and declares dependencies as tables keyed by
                // distribution name (`lib-a = { path = "../a" }`), the main one and groups.
                let poetry = table_get(root, "tool")
                    .and_then(|t| t.as_table())
                    .and_then(|t| table_get(t, "poetry"))
                    .and_then(|p| p.as_table());
                if let Some(name) = poetry
                    .and_then(|p| table_get(p, "name"))
                    .and_then(|n| n.as_str())
                {
                    ids.dists
                        .entry((Family::Python, normalize_dist(name)))
                        .or_insert(owner);
                }
                let mut poetry_tables: Vec<&toml_span::value::Table<'_>> = Vec::new();
                if let Some(p) = poetry {
                    for key in ["dependencies", "dev-dependencies"] {
                        if let Some(t) = table_get(p, key).and_then(|t| t.as_table()) {
                            poetry_tables.push(t);
                        }
                    }
                    if let Some(groups) = table_get(p, "group").and_then(|g| g.as_table()) {
                        poetry_tables.extend(
                            groups
                                .values()
                                .filter_map(|g| g.as_table())
                                .filter_map(|g| table_get(g, "dependencies"))
                                .filter_map(|d| d.as_table()),
                        );
                    }
                }
                for table in poetry_tables {
                    for (key, spec) in table {
                        if key.name == "python" {
                            continue;
                        }
                        let optional = spec
                            .as_table()
                            .and_then(|d| table_get(d, "optional"))
                            .and_then(|o| o.as_bool())
                            .unwrap_or(false);
                        deps.push((
                            owner,
                            DepDecl {
                                family: Family::Python,
                                name: key.name.to_string(),
                                location: at(key.span),
                                guarded: optional,
                            },
                        ));
                    }
                }
                for (list, guarded) in lists {
                    for item in list.as_array().into_iter().flatten() {
                        let Some(req) = item.as_str() else {
                            continue;
                        };
                        // PEP 508: the name ends where a version, extra or marker starts.
                        let name: String = req
                            .trim()
                            .chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
                            .collect();
                        deps.push((
                            owner,
                            DepDecl {
                                family: Family::Python,
                                name,
                                location: at(item.span),
                                guarded,
                            },
                        ));
                    }
                }
            }
        }
    }
}

type Edges = BTreeMap<(usize, usize, EdgeKind), Vec<Site>>;

/// Declared consumers of a code contract whose code (in the provider's language family)
/// never imports the provider.
fn declared_unused(
    manifest: &Manifest,
    contracts: &[Contract],
    edges: &Edges,
    families: &BTreeMap<usize, BTreeSet<Family>>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for contract in contracts {
        if contract.interface.kind != Some(InterfaceKind::Code) {
            continue;
        }
        let Some(provider) = pack_index(manifest, &contract.provider) else {
            continue;
        };
        let Some(provider_families) = families.get(&provider) else {
            continue;
        };
        for name in &contract.consumers {
            let Some(consumer) = pack_index(manifest, name) else {
                continue;
            };
            let shares = families
                .get(&consumer)
                .is_some_and(|f| !f.is_disjoint(provider_families));
            let uses = [EdgeKind::Import, EdgeKind::Dependency]
                .iter()
                .any(|k| edges.contains_key(&(provider, consumer, *k)));
            if shares && !uses && consumer != provider {
                out.push(
                    Finding::of(
                        &CONSUMER_DECLARED_UNUSED,
                        format!(
                            "`{}` names `{}` as a consumer, but no code of `{}` imports `{}`",
                            contract.name.trim(),
                            name,
                            manifest.packs[consumer].name,
                            manifest.packs[provider].name
                        ),
                    )
                    .at(Location::file(&contract.path))
                    .with_contract(contract.name.trim().to_string())
                    .with_logical_path(format!("consumers/{name}")),
                );
            }
        }
    }
    out
}

/// Every cycle of the graph: each strongly connected set of two or more packs, as a closed
/// walk through it starting at its first pack in manifest order.
fn cycles(n: usize, edges: &Edges) -> Vec<(Vec<usize>, BTreeSet<usize>)> {
    let mut graph = petgraph::graph::DiGraph::<usize, ()>::new();
    let nodes: Vec<_> = (0..n).map(|i| graph.add_node(i)).collect();
    let pairs: BTreeSet<(usize, usize)> = edges.keys().map(|(p, c, _)| (*p, *c)).collect();
    for (p, c) in &pairs {
        graph.add_edge(nodes[*p], nodes[*c], ());
    }
    let mut out: Vec<(Vec<usize>, BTreeSet<usize>)> = petgraph::algo::tarjan_scc(&graph)
        .into_iter()
        .filter(|scc| scc.len() > 1)
        .map(|scc| {
            let members: BTreeSet<usize> = scc.iter().map(|ix| graph[*ix]).collect();
            (walk_cycle(&members, &pairs), members)
        })
        .collect();
    out.sort();
    out
}

/// A closed walk from the smallest member back to itself, inside `members` (BFS, so the
/// shortest cycle through that pack).
fn walk_cycle(members: &BTreeSet<usize>, pairs: &BTreeSet<(usize, usize)>) -> Vec<usize> {
    let start = *members.iter().next().unwrap_or(&0);
    let mut previous: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        for &(_, next) in pairs.range((at, 0)..=(at, usize::MAX)) {
            if !members.contains(&next) {
                continue;
            }
            if next == start {
                let mut path = vec![start];
                let mut cur = at;
                while cur != start {
                    path.push(cur);
                    cur = previous[&cur];
                }
                path.push(start);
                let len = path.len();
                path[1..len - 1].reverse();
                return path;
            }
            if let std::collections::btree_map::Entry::Vacant(e) = previous.entry(next) {
                e.insert(at);
                queue.push_back(next);
            }
        }
    }
    members.iter().copied().collect()
}

/// The first site of any edge from `p` to `c`, code edges first (they carry spans).
fn first_site(edges: &Edges, p: usize, c: usize) -> Option<(&Site, EdgeKind)> {
    [EdgeKind::Import, EdgeKind::Dependency, EdgeKind::Contract]
        .into_iter()
        .find_map(|k| {
            edges
                .get(&(p, c, k))
                .and_then(|s| s.first())
                .map(|s| (s, k))
        })
}

fn cycle_finding(
    manifest: &Manifest,
    cycle: &[usize],
    members: &BTreeSet<usize>,
    edges: &Edges,
) -> Finding {
    let names: Vec<&str> = cycle
        .iter()
        .map(|&i| manifest.packs[i].name.as_str())
        .collect();
    let mut text = names.join(" → ");
    if members.len() + 1 > cycle.len() {
        let all: Vec<&str> = members
            .iter()
            .map(|&i| manifest.packs[i].name.as_str())
            .collect();
        text.push_str(&format!(
            " (all of {} depend on each other)",
            all.join(", ")
        ));
    }
    let mut finding = Finding::of(&PACK_CYCLE, format!("the pack graph has a cycle: {text}"))
        .with_logical_path(format!("cycle/{}", names.join("/")))
        .with_help("break one edge of the cycle; `accord graph` shows them all");
    let sites: Vec<(&Site, EdgeKind, usize, usize)> = cycle
        .windows(2)
        .filter_map(|pair| {
            first_site(edges, pair[0], pair[1]).map(|(s, k)| (s, k, pair[0], pair[1]))
        })
        .collect();
    // Point at code when the cycle has any: that is where it is usually broken.
    if let Some((site, ..)) = sites
        .iter()
        .find(|(_, k, ..)| *k != EdgeKind::Contract)
        .or(sites.first())
    {
        finding = finding.at(site.location.clone());
    }
    for (site, kind, p, c) in sites {
        let why = format!(
            "{} → {} ({}: {})",
            manifest.packs[p].name,
            manifest.packs[c].name,
            kind.as_str(),
            site.detail
        );
        finding = finding.related(site.location.clone(), why);
    }
    finding
}

/// The position of a pack in each pipeline that names it (or its `stage`).
fn stage_of(pack: &Pack, stages: &[String]) -> Option<usize> {
    stages.iter().position(|s| {
        pack.answers_to(s)
            || pack
                .stage
                .as_deref()
                .is_some_and(|own| same_pack_name(own, s))
    })
}

fn backwards(manifest: &Manifest, edges: &Edges) -> Vec<Finding> {
    let mut out = Vec::new();
    for (pipeline, stages) in &manifest.pipelines {
        for ((p, c, kind), sites) in edges {
            let (provider, consumer) = (&manifest.packs[*p], &manifest.packs[*c]);
            let (Some(from), Some(to)) = (stage_of(provider, stages), stage_of(consumer, stages))
            else {
                continue;
            };
            if from <= to {
                continue;
            }
            let Some(site) = sites.first() else {
                continue;
            };
            out.push(
                Finding::of(
                    &PIPELINE_BACKWARDS,
                    format!(
                        "{} `{}` flows upstream in pipeline `{pipeline}`: `{}` (stage {}) provides to `{}` (stage {})",
                        kind.as_str(),
                        site.detail,
                        provider.name,
                        from + 1,
                        consumer.name,
                        to + 1
                    ),
                )
                .at(site.location.clone())
                .with_logical_path(format!("{pipeline}/{}->{}/{}", provider.name, consumer.name, kind.as_str()))
                .with_help(format!(
                    "the pipeline runs {}; reverse the integration or move the pack to its stage",
                    stages.join(" → ")
                )),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbol_names_drop_the_package_and_keep_members() {
        assert_eq!(
            symbol_names("pm_core::decision::decide/strict"),
            ["decision", "decide"]
        );
        assert_eq!(
            symbol_names("opshelm_agents.triage.summarize_thread"),
            ["triage", "summarize_thread"]
        );
        assert_eq!(
            symbol_names("./decisions:Decision.actions"),
            ["Decision", "actions"]
        );
    }

    #[test]
    fn relative_specifiers_never_climb_above_the_root() {
        assert_eq!(
            resolve_relative("packs/a/src/x.ts", "../../b/y").as_deref(),
            Some("packs/b/y")
        );
        assert_eq!(resolve_relative("a/x.ts", "../../../etc/passwd"), None);
        assert_eq!(npm_package("@scope/pkg/sub"), "@scope/pkg");
        assert_eq!(npm_package("pkg/sub"), "pkg");
    }
}

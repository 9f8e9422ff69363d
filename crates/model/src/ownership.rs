//! Which pack owns a path: the one reading of the `paths` and `tests` globs of `accord.toml`,
//! used by policy (packs and tests a change touched) and by the migration rules alike.

use crate::Span;
use crate::manifest::Manifest;
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

/// A glob of a pack that does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobError {
    /// The pack declaring it.
    pub pack: String,
    /// `paths` or `tests`.
    pub field: &'static str,
    /// The glob as written.
    pub glob: String,
    /// What is wrong with it.
    pub message: String,
    /// The pack's span in `accord.toml`.
    pub span: Span,
}

impl std::fmt::Display for GlobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pack `{}`: invalid glob `{}` in `{}`: {}",
            self.pack, self.glob, self.field, self.message
        )
    }
}

/// The folder a glob starts with before its first wildcard (`packs/a/src/**/*.rs` →
/// `packs/a/src`; `**/*.ts` → the empty string, the whole repository): where to start
/// walking for the files it may match.
pub fn literal_prefix(glob: &str) -> String {
    glob.split('/')
        .take_while(|part| !part.contains(['*', '?', '[', '{']))
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// Maps repository paths to the packs that own them, with each pack's `paths` and `tests`
/// globs. `*` stops at `/`, `**` crosses directories, and a plain directory (`packs/mmos`
/// or `packs/mmos/`) owns everything below it.
///
/// ```
/// use accord_model::manifest::{Manifest, Pack};
/// use accord_model::ownership::PackMap;
///
/// let mut manifest = Manifest::default();
/// manifest.packs.push(Pack { name: "mmos".into(), paths: vec!["packs/mmos".into()],
///     tests: vec!["tests/mmos_*.py".into()], ..Pack::default() });
/// let map = PackMap::new(&manifest).unwrap();
/// assert_eq!(map.packs_of("packs/mmos/src/a.py"), ["mmos"]);
/// assert_eq!(map.tests_of("tests/mmos_a.py"), ["mmos"]);
/// assert!(map.packs_of("tests/sub/mmos_a.py").is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct PackMap {
    packs: Vec<(String, GlobSet, GlobSet)>,
}

fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
}

fn add_pattern(builder: &mut GlobSetBuilder, pattern: &str) -> Result<(), globset::Error> {
    let pattern = pattern.trim().trim_start_matches("./");
    let trimmed = pattern.trim_end_matches('/');
    builder.add(glob(trimmed)?);
    if !trimmed.contains(['*', '?', '[', '{']) || pattern.ends_with('/') {
        builder.add(glob(&format!("{trimmed}/**"))?);
    }
    Ok(())
}

impl PackMap {
    /// Compiles the globs of every pack; every bad glob is reported.
    pub fn new(manifest: &Manifest) -> Result<PackMap, Vec<GlobError>> {
        let mut errors = Vec::new();
        let mut packs = Vec::new();
        for pack in &manifest.packs {
            let mut sets = Vec::new();
            for (field, patterns) in [("paths", &pack.paths), ("tests", &pack.tests)] {
                let mut builder = GlobSetBuilder::new();
                for pattern in patterns {
                    if let Err(e) = add_pattern(&mut builder, pattern) {
                        errors.push(GlobError {
                            pack: pack.name.clone(),
                            field,
                            glob: pattern.clone(),
                            message: e.kind().to_string(),
                            span: pack.span,
                        });
                    }
                }
                sets.push(builder.build().unwrap_or_else(|_| GlobSet::empty()));
            }
            let tests = sets.pop().unwrap_or_else(GlobSet::empty);
            let paths = sets.pop().unwrap_or_else(GlobSet::empty);
            packs.push((pack.name.clone(), paths, tests));
        }
        if errors.is_empty() {
            Ok(PackMap { packs })
        } else {
            Err(errors)
        }
    }

    /// Packs whose `paths` or `tests` globs match `path` (a pack's tests are part of the pack).
    pub fn packs_of(&self, path: &str) -> Vec<String> {
        self.packs
            .iter()
            .filter(|(_, paths, tests)| paths.is_match(path) || tests.is_match(path))
            .map(|(name, _, _)| name.clone())
            .collect()
    }

    /// Packs whose `tests` globs match `path`.
    pub fn tests_of(&self, path: &str) -> Vec<String> {
        self.packs
            .iter()
            .filter(|(_, _, tests)| tests.is_match(path))
            .map(|(name, _, _)| name.clone())
            .collect()
    }
}

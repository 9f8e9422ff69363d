//! The contract registry: one entry per exported symbol (seed 003 §2.1).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Lifecycle of a contract entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Stability {
    /// May change in any release.
    Experimental,
    /// Changes follow the approval policy.
    #[default]
    Stable,
    /// Kept for an overlap window, then removed.
    Deprecated,
}

/// One exported symbol and the promises made about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractEntry {
    /// Symbol with its module path.
    pub symbol: String,
    /// `python`, `rust` or `typescript`.
    pub language: String,
    /// Parameters as `name: type = default` text.
    pub params: Vec<String>,
    /// Return type text.
    pub returns: Option<String>,
    /// Declared side effects.
    pub side_effects: Vec<String>,
    /// Lifecycle.
    pub stability: Stability,
    /// Owning team.
    pub owners: Vec<String>,
    /// Packs that call it.
    pub consumers: Vec<String>,
    /// Tests proving the contract.
    pub tests: Vec<String>,
}

/// Why the registry could not be loaded or saved.
#[derive(Debug)]
pub enum RegistryError {
    /// The file could not be read or written.
    Io {
        /// The registry file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A line of the registry is malformed.
    Parse {
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistryError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            RegistryError::Parse { line, message } => write!(f, "line {line}: {message}"),
        }
    }
}

impl std::error::Error for RegistryError {}

/// Every contract entry of the repository, by symbol.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    entries: BTreeMap<String, ContractEntry>,
    /// Registry version, bumped with every approved change.
    pub version: u32,
}

impl Registry {
    /// An empty registry at version 1.
    pub fn new() -> Registry {
        Registry { entries: BTreeMap::new(), version: 1 }
    }

    /// Loads the registry at `path`.
    ///
    /// # Errors
    ///
    /// [`RegistryError::Io`] when the file cannot be read, [`RegistryError::Parse`] when a
    /// line is not `symbol<TAB>language`.
    pub fn load(path: &Path) -> Result<Registry, RegistryError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| RegistryError::Io { path: path.to_path_buf(), source })?;
        let mut registry = Registry::new();
        for (i, line) in text.lines().enumerate() {
            let (symbol, language) = line.split_once('\t').ok_or(RegistryError::Parse {
                line: i + 1,
                message: "expected `symbol<TAB>language`".to_string(),
            })?;
            registry.insert(ContractEntry {
                symbol: symbol.to_string(),
                language: language.to_string(),
                params: Vec::new(),
                returns: None,
                side_effects: Vec::new(),
                stability: Stability::Stable,
                owners: Vec::new(),
                consumers: Vec::new(),
                tests: Vec::new(),
            });
        }
        Ok(registry)
    }

    /// Adds or replaces an entry; returns the one it replaced.
    pub fn insert(&mut self, entry: ContractEntry) -> Option<ContractEntry> {
        self.entries.insert(entry.symbol.clone(), entry)
    }

    /// The entry of `symbol`, if registered.
    pub fn lookup(&self, symbol: &str) -> Option<&ContractEntry> {
        self.entries.get(symbol)
    }

    /// Entries consumed by `pack`.
    pub fn consumed_by<'a>(&'a self, pack: &'a str) -> impl Iterator<Item = &'a ContractEntry> + 'a {
        self.entries.values().filter(move |e| e.consumers.iter().any(|c| c == pack))
    }

    /// Marks `symbol` deprecated in favour of `replacement`.
    ///
    /// # Panics
    ///
    /// Panics when `symbol` is not registered.
    pub fn deprecate(&mut self, symbol: &str, replacement: &str) {
        let entry = self.entries.get_mut(symbol).expect("registered symbol");
        entry.stability = Stability::Deprecated;
        entry.side_effects.push(format!("replaced by {replacement}"));
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Writes the registry as JSON lines.
    ///
    /// # Errors
    ///
    /// [`RegistryError::Io`] when the file cannot be written.
    #[cfg(feature = "json")]
    pub fn save_json(&self, path: &Path) -> Result<(), RegistryError> {
        let text: String = self.entries.keys().map(|k| format!("{{\"symbol\":\"{k}\"}}\n")).collect();
        std::fs::write(path, text).map_err(|source| RegistryError::Io { path: path.to_path_buf(), source })
    }
}

//! The pack graph: who depends on whom, from contracts, real imports and package-manager
//! declarations, and where each dependency is written. Edges point the way data and
//! code flow, provider → consumer, so a pipeline reads left to right.

use crate::Location;
use serde::{Deserialize, Serialize};

/// What makes one pack depend on another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// A contract names the provider and the consumer.
    Contract,
    /// Source code of the consumer imports the provider's code.
    Import,
    /// The consumer's package manifest (Cargo.toml, package.json, pyproject.toml) declares
    /// a dependency on the provider's package.
    Dependency,
}

impl EdgeKind {
    /// The kebab-case name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Contract => "contract",
            EdgeKind::Import => "import",
            EdgeKind::Dependency => "dependency",
        }
    }
}

/// One place that makes an edge: an import statement, a dependency line, a contract file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// Where it is written.
    pub location: Location,
    /// What is written there: the import specifier, the dependency name, the contract name.
    pub detail: String,
    /// Names taken from the provider (`*` for a glob or namespace; empty: the whole module).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// Behind a guard (`try`, `#[cfg]`, an optional dependency): the consumer runs without it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub guarded: bool,
    /// Where the importing file refers to the imported names (calls, types, re-exports).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uses: Vec<Reference>,
}

/// A reference to an imported name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// The name.
    pub name: String,
    /// Where.
    pub location: Location,
}

/// A dependency of `consumer` on `provider`, with every place that makes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    /// The pack depended upon (data and code flow from it).
    pub provider: String,
    /// The dependent pack.
    pub consumer: String,
    /// What makes it.
    pub kind: EdgeKind,
    /// Declared in the consumer's `allow_imports` (imports and dependencies only): an
    /// accepted exception, shown so it stays reviewable.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allowed: bool,
    /// Every place that makes it, in path order.
    pub sites: Vec<Site>,
}

/// The graph of one tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackGraph {
    /// Every declared pack (key names), in manifest order.
    pub packs: Vec<String>,
    /// Edges sorted by provider, consumer, kind.
    pub edges: Vec<Edge>,
    /// Each cycle (a strongly connected set of two or more packs), in a stable order.
    pub cycles: Vec<Vec<String>>,
}

/// A use of one pack's code by another pack, as evidence of who a change impacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// The pack whose code is used.
    pub provider: String,
    /// The pack that uses it.
    pub consumer: String,
    /// The import.
    pub site: Site,
}

//! accord-contract: the user's files, read with spans.
//!
//! - [`manifest`]: `accord.toml` → [`accord_model::manifest::Manifest`]; every mistake is a
//!   [`Diagnostic`] pointing into the file (unknown key, wrong type, duplicate pack, bad glob).
//! - [`doc`]: YAML and JSON → `serde_json::Value` plus the byte span of every node, safe on
//!   hostile input (depth and alias limits, never panics).
//! - [`contract`]: contract files in every shape seeds 000 and 001 show →
//!   [`accord_model::contract::Contract`].
//! - [`registry`]: the contracts directory, parsed in parallel; unreadable files become
//!   `registry-parse-error` findings so one bad file never hides the others.
//! - [`rules`]: the registry lint, one file per rule.
//! - [`init`]: pack detection and the commented manifest `accord init` writes.
//! - `conformance`: artifacts checked against their contracts.
//! - [`governance`]: `[governance]`, CODEOWNERS and the generated documents, checked for staleness.
//!
//! Nothing here prints; findings are data and failures are typed errors.
//!
//! ```
//! use accord_contract::{lint_registry, parse_contract, parse_manifest, SourceMap};
//!
//! let toml = "[packs.mmos]\ndisplay_name = \"MMOS\"\n[packs.creator-os]\ndisplay_name = \"CreatorOS\"\n";
//! let manifest = parse_manifest("accord.toml", toml).unwrap();
//! let path = "contracts/mmos-creator-os-v1.0.0.yaml";
//! let text = "contract:\n  name: MMOS → CreatorOS\n  version: \"1.0.0\"\n  status: gold\n  provider: MMOS\n  consumer: CreatorOS\n  breaking_changes_history:\n    - version: \"1.0.0\"\n";
//! let contract = parse_contract(path, text).unwrap();
//!
//! let mut sources = SourceMap::new();
//! sources.insert(path, text);
//! let findings = lint_registry(&manifest, &[contract], &sources);
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].rule, "registry-unknown-status");
//! assert_eq!((findings[0].location.line, findings[0].location.column), (4, 11));
//! ```

pub mod conformance;
pub mod contract;
mod diagnostic;
pub mod doc;
pub mod governance;
pub mod init;
pub mod manifest;
pub mod reference;
pub mod registry;
pub mod rules;

pub use contract::{ContractError, parse_contract};
pub use diagnostic::{Diagnostic, did_you_mean};
pub use init::{
    DetectedPack, Detection, InitCode, PackSource, Skipped, detect, detect_packs,
    render_init_manifest,
};
pub use manifest::{ManifestError, find_manifest, parse_manifest};
pub use registry::{Registry, RegistryError, SourceMap, is_contract_file, load_registry};
pub use rules::{lint_registry, rules};

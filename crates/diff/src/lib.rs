//! Change classification for Accord: what changed between two versions of a contract
//! (or of a JSON Schema), how it affects consumers (SAFE / RISKY / BREAKING, seed 003
//! §4) and which semver bump it requires (seed 000 "Contract Versioning").
//!
//! - [`pair_contracts`] pairs the contracts of two revisions by identity (provider,
//!   consumers, name), never by file name;
//! - [`diff_pair`] / [`diff_contracts`] run the `contract-change` rules on a pair, with the
//!   manifest, today's date and schema documents passed in a [`DiffContext`] (this crate
//!   does no I/O and never reads the clock);
//! - [`schema::schema_compat`] classifies two JSON Schemas under a compatibility mode
//!   and content model (`schema-change` rules);
//! - [`check_project_version`] holds `project.version` to the contracts' bump;
//! - [`rules`] lists every rule for `accord rules`, `accord explain` and SARIF.
//!
//! ```
//! use accord_diff::{diff_contracts, required_bump, DiffContext};
//! use accord_model::contract::{Contract, Section, Status};
//! use accord_model::Bump;
//!
//! let section = |name: &str| Section { name: name.into(), level: Some(2), ..Section::default() };
//! let mut old = Contract {
//!     path: "contracts/mmos-creator-os-v1.0.0.yaml".into(),
//!     name: "MMOS → CreatorOS Voice Integration".into(),
//!     version: "1.0.0".into(),
//!     status: Some(Status::Stable),
//!     provider: "MMOS".into(),
//!     consumers: vec!["CreatorOS".into()],
//!     ..Contract::default()
//! };
//! old.interface.required_sections = vec![section("Cognitive Patterns"), section("Communication Style")];
//! let mut new = old.clone();
//! new.version = "1.1.0".into();
//! new.interface.required_sections.pop();
//!
//! let findings = diff_contracts(&old, &new, &DiffContext::default());
//! let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
//! assert_eq!(rules, ["required-removed", "version-bump-insufficient"]);
//! assert_eq!(findings[0].impacted, ["CreatorOS"]);
//! assert_eq!(required_bump(&findings), Bump::Major);
//! ```

pub mod code;
mod context;
mod delta;
mod engine;
mod pair;
mod rules;
pub mod schema;

pub use context::DiffContext;
pub use engine::{diff_contracts, diff_pair, required_bump};
pub use pair::{Pair, pair_contracts};
pub use rules::project_version_bump_insufficient::check_project_version;
pub use rules::rules;

//! The shared model of Accord: the vocabulary every other crate speaks.
//!
//! Nothing here performs I/O. Parsers turn files into these types, rule engines turn
//! pairs of them into [`Finding`]s, policy turns findings into decisions, and
//! reporters render them.
//!
//! ```
//! use accord_model::{Class, Bump, Finding, Location};
//!
//! let finding = Finding::new("registry-bad-status", Class::Breaking, Bump::None, "status `gold` is not a lifecycle state")
//!     .at(Location::new("contracts/a-b-v1.0.0.yaml", 4, 11))
//!     .with_contract("A → B")
//!     .with_logical_path("contract.status");
//! assert_eq!(finding.class, Class::Breaking);
//! assert_eq!(finding.fingerprint.len(), 16);
//! ```

pub mod arch;
mod class;
pub mod contract;
pub mod date;
pub mod decision;
pub mod display;
mod finding;
mod location;
pub mod manifest;
pub mod mermaid;
pub mod ownership;
pub mod redact;
pub mod rule;
pub mod schema;
pub mod surface;
pub mod type_text;
pub mod version;

pub use class::{Bump, Class, Level};
pub use decision::{
    Decision, EpicClass, Outcome, RequiredAction, RequiredReviewer, ReviewEvidence,
};
pub use finding::{Finding, Related, fingerprint};
pub use location::{LineIndex, Location, Span};
pub use rule::{RuleMeta, RuleSet};

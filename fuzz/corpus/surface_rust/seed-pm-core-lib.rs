//! OpsHelm governance core (seed 003): the contract registry, the classification of a
//! contract change as SAFE, RISKY or BREAKING, and the policy decision taken on it.

pub mod classify;
pub mod decision;
pub mod registry;

pub use classify::{classify_change, Severity, SignatureChange};
pub use decision::{decide, Decision, Outcome, RequiredAction};
pub use registry::{ContractEntry, Registry, RegistryError, Stability};

/// Version of the registry format this crate reads and writes.
pub const REGISTRY_FORMAT: u32 = 2;

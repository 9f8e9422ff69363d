//! Accord's pipeline, as a library: a repository, a base revision and a head (a revision or
//! the working tree) go in; findings, the evidence of the change and a policy decision come
//! out, as data. `accord check`, `accord decision verify` and any later consumer (an editor,
//! a service) call these functions; the CLI only parses arguments and renders.
//!
//! ```no_run
//! use accord_engine::{Request, Workspace, judge};
//!
//! let ws = Workspace::load(None, Some(std::path::Path::new(".")))?;
//! let today = time::OffsetDateTime::now_utc().date();
//! let request = Request { base: "origin/main", head: None, pr: None, today };
//! let judged = judge(&ws, request, &Default::default())?;
//! println!("{}", judged.result.decision.outcome);
//! # Ok::<(), accord_engine::EngineError>(())
//! ```
//!
//! The steps, each owned by its crate: the head's tree is checked (registry, conformance,
//! code drift — [`check_tree`]); both revisions are read from git objects and their
//! contracts, migrations and committed code surfaces compared; policy decides from the
//! findings and the evidence; [`write_record`] keeps the decision, [`verify_record`]
//! recomputes it from the revisions it names.

pub mod arch;
mod compare;
mod error;
mod gates;
pub mod governance;
pub mod init;
mod judge;
mod record;
mod release;
pub mod rules;
pub mod security;
pub mod testsmith;
mod tree;
mod vet;
mod window;
mod workspace;

pub use compare::{Comparison, Side};
pub use error::{ConfigError, EngineError};
pub use gates::{GateRun, run_gates};
pub use judge::{Checked, Judged, Request, check, judge};
pub use record::{
    Verification, Written, build_record, clean_head_commit, verify_record, write_record,
};
pub use tree::{TreeReport, check_tree, surface_drift, surface_options, under_root};
pub use vet::{audit_change, vet_config, vet_tree};
pub use workspace::Workspace;

use accord_model::RuleSet;

/// Every rule Accord knows, across all rule crates, grouped as the crates declare them.
pub fn catalog() -> RuleSet {
    RuleSet::new(&[
        accord_contract::rules(),
        accord_contract::conformance::rules(),
        accord_diff::rules(),
        accord_diff::code::rules(),
        accord_surface::rules::rules(),
        accord_sql::rules(),
        accord_policy::rules(),
        accord_gate::rules(),
        accord_vet::rules(),
        rules::rules(),
        accord_contract::governance::governance_rules(),
    ])
}

use crate::context::DiffContext;
use crate::engine::locate;
use accord_model::contract::{Contract, Status};
use accord_model::{Finding, Span};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a contract that is no longer in the registry at the new revision (no
    /// contract with the same provider, consumers and name). Removing a contract that was
    /// already `retired` is the last step of its lifecycle and is not reported.
    ///
    /// ## Why is this bad?
    /// Its consumers lose the interface they integrate through, with no notice.
    ///
    /// ## Example
    /// `contracts/mmos-creator-os-v1.0.0.yaml` (status `stable`) deleted.
    ///
    /// ## How to fix
    /// Deprecate, then retire, then remove — or restore the file. Renaming provider,
    /// consumer or name also looks like a removal plus an addition.
    pub static CONTRACT_REMOVED = {
        id: "contract-removed",
        group: "contract-change",
        class: Breaking,
        bump: Major,
        summary: "a contract was removed from the registry",
    }
}

pub(crate) fn check(old: &Contract, ctx: &DiffContext, out: &mut Vec<Finding>) {
    if old.status == Some(Status::Retired) {
        return;
    }
    let status = old
        .status
        .map_or(old.status_text.clone(), |s| s.to_string());
    out.push(
        Finding::of(
            &CONTRACT_REMOVED,
            format!(
                "{} (status `{status}`) was removed from the registry",
                old.display()
            ),
        )
        .at(locate(&old.path, ctx.old_text, Span::default()))
        .with_contract(old.name.trim())
        .with_logical_path("contract")
        .with_help("deprecate and retire a contract before removing it"),
    );
}

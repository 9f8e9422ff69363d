use crate::context::DiffContext;
use crate::engine::locate;
use accord_model::contract::Contract;
use accord_model::{Finding, Span};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a contract present at the new revision only.
    ///
    /// ## Why is this bad?
    /// It is not: a new integration breaks nobody. Reported so reviewers see new
    /// integrations (seed 000's decision tree treats a new integration between packs as
    /// system-level work).
    ///
    /// ## Example
    /// `contracts/etl-mmos-v1.0.0.yaml` added.
    ///
    /// ## How to fix
    /// Nothing to fix.
    pub static CONTRACT_ADDED = {
        id: "contract-added",
        group: "contract-change",
        class: Safe,
        bump: Minor,
        summary: "a new contract was added to the registry",
    }
}

pub(crate) fn check(new: &Contract, ctx: &DiffContext, out: &mut Vec<Finding>) {
    out.push(
        Finding::of(
            &CONTRACT_ADDED,
            format!("{} was added to the registry", new.display()),
        )
        .at(locate(&new.path, ctx.new_text, Span::default()))
        .with_contract(new.name.trim())
        .with_logical_path("contract"),
    );
}

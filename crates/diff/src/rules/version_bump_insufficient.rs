use crate::engine::{Cx, required_bump};
use accord_model::contract::Status;
use accord_model::version::{VersionStep, step};
use accord_model::{Bump, Finding};

accord_model::declare_rule! {
    /// ## What it does
    /// Compares the version change a contract declares with the bump its changes require
    /// (the largest `required_bump` of the other findings for that contract), and reports
    /// a declared change that is smaller, or a version that went down. The finding carries
    /// the required bump, so this rule declares none of its own.
    ///
    /// Only contracts that were `stable` (or later) at the old revision are held to
    /// semver: seed 000 says a stable contract "follows semver", while draft and
    /// experimental ones "may change frequently". Below 1.0.0 a MINOR step counts as
    /// MAJOR and a PATCH step as MINOR, and any step to a pre-release clears any
    /// requirement (the Cargo convention, `accord_model::version`).
    ///
    /// ## Why is this bad?
    /// The version is how consumers know whether they must act. A breaking change shipped
    /// as a MINOR release reaches them as "backward compatible".
    ///
    /// ## Example
    /// ```yaml
    /// # old: version "1.0.0", required section "Communication Style"
    /// # new: version "1.1.0", the section removed  → MAJOR required, MINOR declared
    /// ```
    ///
    /// ## How to fix
    /// Set the version to at least the required bump (e.g. 2.0.0), or undo the change.
    pub static VERSION_BUMP_INSUFFICIENT = {
        id: "version-bump-insufficient",
        group: "contract-change",
        class: Breaking,
        bump: None,
        summary: "the declared version change is smaller than the changes require",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    if matches!(cx.old.status, Some(Status::Draft | Status::Experimental)) {
        return;
    }
    let required = required_bump(out);
    let Some(declared) = step(&cx.old.version, &cx.new.version) else {
        return;
    };
    let message = match declared {
        VersionStep::Down => format!(
            "version of {} went down from {} to {}",
            cx.new.name.trim(),
            cx.old.version.trim(),
            cx.new.version.trim()
        ),
        VersionStep::Up(d) if !d.satisfies(required) => format!(
            "{} requires a {required} version bump but {} → {} is a {d} bump",
            cx.new.name.trim(),
            cx.old.version.trim(),
            cx.new.version.trim(),
        ),
        VersionStep::Same if required > Bump::None => format!(
            "{} requires a {required} version bump but the version stays {}",
            cx.new.name.trim(),
            cx.new.version.trim()
        ),
        VersionStep::Up(_) | VersionStep::Same => return,
    };
    out.push(
        Finding::new(
            VERSION_BUMP_INSUFFICIENT.id,
            VERSION_BUMP_INSUFFICIENT.class,
            required,
            message,
        )
        .at(crate::engine::locate(
            &cx.new.path,
            cx.ctx.new_text,
            cx.new_span("/contract/version"),
        ))
        .with_contract(cx.new.name.trim())
        .with_logical_path("version")
        .with_help(format!("bump the version by at least {required}")),
    );
}

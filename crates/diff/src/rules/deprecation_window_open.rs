use crate::context::DiffContext;
use crate::engine::{Cx, locate};
use accord_model::contract::{Contract, Status};
use accord_model::date::parse_date;
use accord_model::{Finding, Span};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a contract retired, or removed from the registry, before the `sunset` date
    /// of its deprecation. Needs today's date (passed in by the caller) and a sunset date;
    /// a free-text window ("2 releases") cannot be judged and is left to review.
    ///
    /// ## Why is this bad?
    /// The window is the time consumers were promised to migrate (seed 003 §5.2: "remove
    /// only after consumers are migrated"). Ending it early breaks that promise.
    ///
    /// ## Example
    /// ```yaml
    /// # today: 2025-11-01
    /// # old                            # new
    /// status: "deprecated"             status: "retired"
    /// deprecation:                     deprecation:
    ///   sunset: "2026-01-01"             sunset: "2026-01-01"
    /// ```
    ///
    /// ## How to fix
    /// Wait for the sunset date, or get every consumer's sign-off and record an approval.
    pub static DEPRECATION_WINDOW_OPEN = {
        id: "deprecation-window-open",
        group: "contract-change",
        class: Breaking,
        bump: Major,
        summary: "a contract was retired or removed before its deprecation window closed",
    }
}

/// The sunset date still ahead of today, if any.
fn open_until<'c>(today: Option<&str>, contracts: &[&'c Contract]) -> Option<&'c str> {
    let today = parse_date(today?)?;
    contracts.iter().find_map(|c| {
        let sunset = c.deprecation.sunset.as_deref()?;
        (parse_date(sunset)? > today).then_some(sunset.trim())
    })
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    if cx.new.status != Some(Status::Retired) || cx.old.status == Some(Status::Retired) {
        return;
    }
    if let Some(sunset) = open_until(cx.ctx.today.as_deref(), &[cx.new, cx.old]) {
        out.push(cx.finding(
            &DEPRECATION_WINDOW_OPEN,
            format!(
                "{} was retired before its deprecation window closes on {sunset}",
                cx.new.display()
            ),
            "status",
            cx.new_span("/contract/status"),
        ));
    }
}

pub(crate) fn check_removed(old: &Contract, ctx: &DiffContext, out: &mut Vec<Finding>) {
    if old.status == Some(Status::Retired) {
        return;
    }
    if let Some(sunset) = open_until(ctx.today.as_deref(), &[old]) {
        out.push(
            Finding::of(
                &DEPRECATION_WINDOW_OPEN,
                format!(
                    "{} was removed from the registry before its deprecation window closes on {sunset}",
                    old.display()
                ),
            )
            .at(locate(&old.path, ctx.old_text, Span::default()))
            .with_contract(old.name.trim())
            .with_logical_path("contract"),
        );
    }
}

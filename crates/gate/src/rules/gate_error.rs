accord_model::declare_rule! {
    /// ## What it does
    /// Reports a gate that could not be evaluated: its report is missing, unreadable or not
    /// JSON; the selector matches nothing or runs into a missing field; a matched value is a
    /// string, a boolean, null, or a number that is not finite.
    ///
    /// ## Why is this bad?
    /// A gate that cannot read its number must never count as passed: a renamed field or a
    /// benchmark that stopped writing its report would otherwise switch the gate off silently.
    ///
    /// ## Example
    /// ```text
    /// perf/budget_summary.json:14:22: `/cold_load/p95` is the string "fast", not a number
    /// ```
    ///
    /// ## How to fix
    /// Produce the report before `accord check` runs, or fix the selector in `accord.toml`
    /// so it names numbers the report contains.
    pub static GATE_ERROR = {
        id: "gate-error",
        group: "gate",
        class: Breaking,
        bump: None,
        summary: "a metric gate could not be evaluated (missing report, bad selector, non-numeric value)",
    }
}

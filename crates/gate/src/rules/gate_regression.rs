accord_model::declare_rule! {
    /// ## What it does
    /// Reports a gate whose value regressed against its baseline by more than
    /// `regression_fail` percent (default 20 %, seed 002: "more than 20 % over budget
    /// blocks"). Lower is better for `<`/`<=` gates, higher for `>`/`>=`, any drift for `==`.
    ///
    /// ## Why is this bad?
    /// A value can stay under its threshold while getting much worse; the baseline catches the
    /// step before the budget is gone.
    ///
    /// ## Example
    /// ```toml
    /// [gates.cold-load]
    /// report = "perf/budget_summary.json"
    /// selector = "/cold_load/samples_ms"
    /// aggregate = "p95"
    /// comparison = "<"
    /// threshold = 200
    /// unit = "ms"
    /// baseline = "perf/baseline.json"
    /// regression_fail = 20
    /// # baseline p95 120 ms, now 150 ms: +25 % → gate-regression
    /// ```
    ///
    /// ## How to fix
    /// Investigate and fix before merging. If the new value is the new normal, update the
    /// baseline report in a reviewed change.
    pub static GATE_REGRESSION = {
        id: "gate-regression",
        group: "gate",
        class: Breaking,
        bump: None,
        summary: "a metric regressed against its baseline by more than regression_fail percent",
    }
}

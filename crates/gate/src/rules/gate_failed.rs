accord_model::declare_rule! {
    /// ## What it does
    /// Reports a `[gates.NAME]` whose measured value breaks its threshold: the number the
    /// selector reads from the report (after aggregation) does not satisfy `comparison threshold`.
    ///
    /// ## Why is this bad?
    /// A gate is a promise the project made about a metric (a conformance pass rate, a p95
    /// latency budget). Merging while it is broken ships the regression the gate exists to stop.
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
    /// # the report's p95 is 231 ms → gate-failed
    /// ```
    ///
    /// ## How to fix
    /// Bring the metric back under its threshold. If the threshold itself is wrong, change it
    /// in `accord.toml` in a reviewed change; `severity = "warning"` makes a gate advisory.
    pub static GATE_FAILED = {
        id: "gate-failed",
        group: "gate",
        class: Breaking,
        bump: None,
        summary: "a metric gate's value breaks its threshold",
    }
}

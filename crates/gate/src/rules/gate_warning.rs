accord_model::declare_rule! {
    /// ## What it does
    /// Reports an advisory gate (`severity = "warning"`) whose measured value breaks its
    /// threshold.
    ///
    /// ## Why is this bad?
    /// Advisory gates track metrics the project is not ready to enforce yet (a pass rate being
    /// raised release by release). The miss is shown so the trend is seen; it does not block.
    ///
    /// ## Example
    /// ```toml
    /// [gates.scenario-pass-rate]
    /// report = "conformance/scenario_conformance.json"
    /// selector = "/pass_rate"
    /// comparison = ">="
    /// threshold = 90
    /// unit = "%"
    /// severity = "warning"
    /// # the report says 86.5 → gate-warning
    /// ```
    ///
    /// ## How to fix
    /// Improve the metric, or once it is met reliably, drop `severity` so the gate blocks.
    pub static GATE_WARNING = {
        id: "gate-warning",
        group: "gate",
        class: Risky,
        bump: None,
        summary: "an advisory metric gate's value breaks its threshold",
    }
}

//! Mermaid flowcharts: the one renderer behind `accord graph --format mermaid` (the pack graph
//! from contracts, imports and dependencies) and the dependency graph document `accord docs`
//! writes (contracts only), so both draw packs, arrows and labels the same way.
//!
//! ```
//! use accord_model::mermaid::{Arrow, Flowchart};
//!
//! let mut chart = Flowchart::default();
//! chart.node("mmos", "MMOS");
//! chart.node("creator-os", "CreatorOS");
//! chart.edge("mmos", Arrow::Solid, "Voice v1.0.0", "creator-os");
//! assert_eq!(
//!     chart.render(),
//!     "flowchart LR\n    mmos[\"MMOS\"]\n    creator_os[\"CreatorOS\"]\n    mmos -->|\"Voice v1.0.0\"| creator_os\n"
//! );
//! ```

/// How an edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrow {
    /// `-->`: a live contract.
    Solid,
    /// `-.->`: an import, or a deprecated contract.
    Dotted,
    /// `==>`: a package dependency.
    Thick,
}

impl Arrow {
    fn as_str(self) -> &'static str {
        match self {
            Arrow::Solid => "-->",
            Arrow::Dotted => "-.->",
            Arrow::Thick => "==>",
        }
    }
}

/// A left-to-right flowchart, rendered in the order nodes and edges were added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flowchart {
    nodes: Vec<(String, String)>,
    edges: Vec<(String, Arrow, String, String)>,
    comments: Vec<String>,
}

impl Flowchart {
    /// Adds a node `name` shown as `label`.
    pub fn node(&mut self, name: &str, label: &str) {
        self.nodes.push((node_id(name), label.to_string()));
    }

    /// Adds an edge from `from` to `to`.
    pub fn edge(&mut self, from: &str, arrow: Arrow, label: &str, to: &str) {
        self.edges
            .push((node_id(from), arrow, label.to_string(), node_id(to)));
    }

    /// Adds a `%%` comment line after the edges.
    pub fn comment(&mut self, text: &str) {
        self.comments.push(text.replace('\n', " "));
    }

    /// The Mermaid text. Labels are quoted (`(allowed)` would otherwise open a node shape),
    /// with `"` turned into `'`, which Mermaid cannot escape inside a quoted label.
    pub fn render(&self) -> String {
        let quoted = |s: &str| s.replace('"', "'").replace('\n', " ");
        let mut out = String::from("flowchart LR\n");
        for (id, label) in &self.nodes {
            out.push_str(&format!("    {id}[\"{}\"]\n", quoted(label)));
        }
        for (from, arrow, label, to) in &self.edges {
            out.push_str(&format!(
                "    {from} {}|\"{}\"| {to}\n",
                arrow.as_str(),
                quoted(label)
            ));
        }
        for c in &self.comments {
            out.push_str(&format!("    %% {c}\n"));
        }
        out
    }
}

/// A Mermaid node id for a pack name: ASCII letters and digits, anything else `_`
/// (`creator-os` → `creator_os`).
pub fn node_id(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_break_out_of_their_quotes_or_line() {
        let mut chart = Flowchart::default();
        chart.node("a b", "say \"hi\"\nthere");
        chart.edge("a b", Arrow::Thick, "x\"|y", "c");
        chart.comment("cycle 1: a → c\nflowchart");
        assert_eq!(
            chart.render(),
            "flowchart LR\n    a_b[\"say 'hi' there\"]\n    a_b ==>|\"x'|y\"| c\n    %% cycle 1: a → c flowchart\n"
        );
    }
}

//! Runs the contract-change rules over a pair and stamps what every finding of a contract
//! shares: the contract name, the impacted consumers and the semver verdict.

use crate::context::DiffContext;
use crate::delta::{ElemChange, element_changes};
use crate::pair::Pair;
use crate::rules::{self, Run};
use crate::schema::{Compatibility, ContentModel, schema_compat_transitive};
use accord_model::contract::{Contract, SchemaSpec};
use accord_model::manifest::normalize_pack_name;
use accord_model::{Bump, Finding, Location, RuleMeta, Span};

/// Everything a contract-change rule sees about one changed pair.
pub(crate) struct Cx<'a> {
    pub old: &'a Contract,
    pub new: &'a Contract,
    pub ctx: &'a DiffContext<'a>,
    pub changes: Vec<ElemChange>,
    old_lines: Locator<'a>,
    new_lines: Locator<'a>,
}

impl Cx<'_> {
    /// A finding of `rule` about this contract, placed in the new file.
    pub fn finding(
        &self,
        rule: &RuleMeta,
        message: impl Into<String>,
        logical_path: &str,
        span: Span,
    ) -> Finding {
        Finding::of(rule, message)
            .at(self.new_lines.locate(&self.new.path, span))
            .with_contract(self.new.name.trim())
            .with_logical_path(logical_path)
    }

    /// Where something sat in the old file (for "was declared here").
    pub fn old_location(&self, span: Span) -> Location {
        self.old_lines.locate(&self.old.path, span)
    }

    /// The span of `pointer` in the new file.
    pub fn new_span(&self, pointer: &str) -> Span {
        self.new.span_of(pointer)
    }
}

/// Places spans in one file's text, indexing its lines on first use: a contract or schema
/// with thousands of findings must not rescan the file from the start for each.
pub(crate) struct Locator<'t> {
    text: Option<&'t str>,
    lines: std::cell::OnceCell<accord_model::LineIndex>,
}

impl<'t> Locator<'t> {
    pub(crate) fn new(text: Option<&'t str>) -> Locator<'t> {
        Locator {
            text,
            lines: std::cell::OnceCell::new(),
        }
    }

    /// What [`locate`] gives for this text.
    pub(crate) fn locate(&self, path: &str, span: Span) -> Location {
        match self.text {
            Some(text) if span != Span::default() => {
                let lines = self
                    .lines
                    .get_or_init(|| accord_model::LineIndex::new(text));
                Location::from_span_indexed(path, text, lines, span)
            }
            text => locate(path, text, span),
        }
    }
}

/// A location from a span, with line:column when the file text is at hand.
pub(crate) fn locate(path: &str, text: Option<&str>, span: Span) -> Location {
    if span == Span::default() {
        return Location::file(path);
    }
    match text {
        Some(text) => Location::from_span(path, text, span),
        None => Location {
            path: path.to_string(),
            line: 0,
            column: 0,
            span: Some(span),
            revision: None,
        },
    }
}

/// Classifies the change from `old` to `new`, two versions of the same contract (same
/// [`Contract::identity`]).
///
/// Every finding names the contract, the consumers it hits (`impacted`) and the packs
/// downstream of them in a pipeline (`impacted_indirect`). The semver rules run last,
/// over the findings of the other rules.
pub fn diff_contracts(old: &Contract, new: &Contract, ctx: &DiffContext) -> Vec<Finding> {
    // Same document, same schema: nothing can have changed, and most pairs of a large
    // registry are like this.
    if old.raw != serde_json::Value::Null && old.raw == new.raw && ctx.old_schema == ctx.new_schema
    {
        return Vec::new();
    }
    let cx = Cx {
        old,
        new,
        ctx,
        changes: element_changes(old, new),
        old_lines: Locator::new(ctx.old_text),
        new_lines: Locator::new(ctx.new_text),
    };
    let mut out = Vec::new();
    for check in rules::stage(|run| match run {
        Run::Changed(check) => Some(check),
        _ => None,
    }) {
        check(&cx, &mut out);
    }
    out.extend(schema_findings(old, new, ctx));
    for check in rules::stage(|run| match run {
        Run::Semver(check) => Some(check),
        _ => None,
    }) {
        check(&cx, &mut out);
    }
    stamp_impact(&mut out, new, ctx);
    out
}

/// Classifies one [`Pair`]: an added or removed contract, or a changed one.
pub fn diff_pair(pair: &Pair<'_>, ctx: &DiffContext) -> Vec<Finding> {
    match pair {
        Pair::Changed { old, new } => diff_contracts(old, new, ctx),
        Pair::Added(new) => {
            let mut out = Vec::new();
            for check in rules::stage(|run| match run {
                Run::Added(check) => Some(check),
                _ => None,
            }) {
                check(new, ctx, &mut out);
            }
            stamp_impact(&mut out, new, ctx);
            out
        }
        Pair::Removed(old) => {
            let mut out = Vec::new();
            for check in rules::stage(|run| match run {
                Run::Removed(check) => Some(check),
                _ => None,
            }) {
                check(old, ctx, &mut out);
            }
            stamp_impact(&mut out, old, ctx);
            out
        }
    }
}

/// The bump a set of findings requires: the largest of theirs.
pub fn required_bump(findings: &[Finding]) -> Bump {
    findings
        .iter()
        .map(|f| f.required_bump)
        .max()
        .unwrap_or(Bump::None)
}

/// The schema document of one side: inline, or loaded by the caller from its file.
fn schema_of<'v>(
    c: &'v Contract,
    loaded: Option<&'v serde_json::Value>,
) -> Option<&'v serde_json::Value> {
    match &c.interface.schema {
        Some(SchemaSpec::Inline(v)) => Some(v),
        Some(SchemaSpec::File(_)) => loaded,
        _ => None,
    }
}

fn schema_findings(old: &Contract, new: &Contract, ctx: &DiffContext) -> Vec<Finding> {
    let (Some(o), Some(n)) = (
        schema_of(old, ctx.old_schema.as_ref()),
        schema_of(new, ctx.new_schema.as_ref()),
    ) else {
        return Vec::new();
    };
    if o == n {
        return Vec::new();
    }
    let mode = new
        .compatibility
        .as_deref()
        .and_then(Compatibility::parse)
        .unwrap_or_default();
    let model = new
        .content_model
        .as_deref()
        .and_then(ContentModel::parse)
        .unwrap_or_default();
    let mut history: Vec<serde_json::Value> = ctx.earlier_schemas.clone();
    history.push(o.clone());
    let verdict = schema_compat_transitive(&history, n, mode, model);
    let (path, text, base) = match &new.interface.schema {
        Some(SchemaSpec::File(file)) => (resolve_relative(&new.path, file), None, None),
        _ => (
            new.path.clone(),
            ctx.new_text,
            Some("/contract/interface/schema"),
        ),
    };
    let lines = Locator::new(text);
    verdict
        .findings
        .into_iter()
        .map(|f| {
            let pointer = f.logical_path.clone();
            let span = base.map_or(Span::default(), |b| new.span_of(&format!("{b}{pointer}")));
            f.at(lines.locate(&path, span))
                .with_contract(new.name.trim())
                .with_logical_path(format!("interface.schema{pointer}"))
        })
        .collect()
}

/// `file` relative to the directory of `contract_path`, with `/` separators.
pub(crate) fn resolve_relative(contract_path: &str, file: &str) -> String {
    let mut parts: Vec<&str> = contract_path.split('/').collect();
    parts.pop();
    for seg in file.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Adds the consumers of `contract` (as the manifest names them) and the packs downstream
/// of them in pipelines to every finding.
fn stamp_impact(findings: &mut [Finding], contract: &Contract, ctx: &DiffContext) {
    let direct: Vec<String> = contract
        .consumers
        .iter()
        .map(|c| match ctx.manifest.and_then(|m| m.pack(c)) {
            Some(pack) => pack.name.clone(),
            None => c.trim().to_string(),
        })
        .collect();
    let mut indirect: Vec<String> = Vec::new();
    if let Some(m) = ctx.manifest {
        for consumer in &contract.consumers {
            for pack in m.downstream_of(consumer) {
                let name = m.pack(&pack).map_or(pack.clone(), |p| p.name.clone());
                let is_direct = direct
                    .iter()
                    .any(|d| normalize_pack_name(d) == normalize_pack_name(&name));
                if !is_direct && !indirect.contains(&name) {
                    indirect.push(name);
                }
            }
        }
    }
    for f in findings {
        if f.impacted.is_empty() {
            f.impacted = direct.clone();
        }
        if f.impacted_indirect.is_empty() {
            f.impacted_indirect = indirect.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_file_paths_resolve_next_to_the_contract() {
        assert_eq!(
            resolve_relative("contracts/a-b-v1.yaml", "../schemas/x.json"),
            "schemas/x.json"
        );
        assert_eq!(resolve_relative("a.yaml", "./s/x.json"), "s/x.json");
    }
}

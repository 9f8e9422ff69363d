//! What every rule needs to know about the contract it checks for, computed once per
//! contract (never per artifact): the contract text for "required by" spans, the expected
//! kind and format, and the compiled JSON Schema.

use super::pattern::Want;
use accord_model::contract::{Contract, Format};
use accord_model::{Finding, Location, RuleMeta, Span};
use std::borrow::Cow;
use std::path::PathBuf;

/// Per-contract state shared read-only by the workers.
pub(crate) struct ContractCtx<'a> {
    pub(crate) contract: &'a Contract,
    /// The contract file's text, to turn requirement spans into line:column.
    pub(crate) text: Option<String>,
    pub(crate) want: Want,
    /// `interface.format`, when it names one.
    pub(crate) format: Option<Format>,
    /// True when `interface.encoding` declares UTF-8.
    pub(crate) utf8: bool,
    pub(crate) max_file_size: u64,
    pub(crate) schema: Option<jsonschema::Validator>,
    /// Canonical repository root.
    pub(crate) root: PathBuf,
    /// For a directory contract, the YAML/JSON entry whose fields `required_fields` lists.
    pub(crate) data_file: Option<String>,
}

/// The artifact being checked, with its text when it has been read.
pub(crate) struct Artifact<'t> {
    /// Repository-relative path.
    pub(crate) rel: &'t str,
    pub(crate) text: &'t str,
}

impl Artifact<'_> {
    /// A location inside the artifact.
    pub(crate) fn at(&self, span: Span) -> Location {
        Location::from_span(self.rel, self.text, span)
    }

    /// The first character of the artifact, for things that are missing from it.
    pub(crate) fn start(&self) -> Location {
        self.at(Span::new(0, 0))
    }
}

impl ContractCtx<'_> {
    /// The span of the first of `pointers` the contract has, else the nearest ancestor of
    /// the first.
    pub(crate) fn span(&self, pointers: &[&str]) -> Span {
        pointers
            .iter()
            .find_map(|p| self.contract.spans.get(*p).copied())
            .unwrap_or_else(|| {
                self.contract
                    .span_of(pointers.first().copied().unwrap_or(""))
            })
    }

    /// A place in the contract file.
    pub(crate) fn contract_location(&self, span: Span) -> Location {
        match &self.text {
            Some(text) => Location::from_span(&self.contract.path, text, span),
            None => Location::file(&self.contract.path),
        }
    }

    /// The span of `interface.location`.
    pub(crate) fn location_span(&self) -> Span {
        self.span(&["/contract/interface/location", "/interface/location"])
    }

    /// The contract's `interface.location`, as written.
    pub(crate) fn location(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.contract.interface.location.as_deref().unwrap_or(""))
    }

    /// A finding about an artifact, linked back to the requirement that it violates.
    pub(crate) fn finding(
        &self,
        rule: &RuleMeta,
        message: impl Into<String>,
        at: Location,
        requirement: Span,
        logical_path: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        // Artifact data reaches findings (values, keys, parse errors): whatever looks like a
        // secret is hidden here, once for every conformance rule.
        let message = accord_model::redact::redact(&message.into());
        let logical_path = accord_model::redact::redact(&logical_path.into());
        let help = accord_model::redact::redact(&help.into());
        Finding::of(rule, message)
            .at(at)
            .related(
                self.contract_location(requirement),
                format!("required by contract {}", self.contract.display()),
            )
            .with_contract(self.contract.name.clone())
            .with_logical_path(logical_path)
            .with_help(help)
            .with_impacted(self.contract.consumers.iter().cloned())
    }
}

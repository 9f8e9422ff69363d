//! Fixtures for the rule tests: a temporary repository and contracts built in code, so each
//! rule is tested without depending on the contract parser.

use super::{ConformanceOptions, ConformanceReport, check_conformance};
use accord_model::contract::{Contract, Field, Format, Interface, InterfaceKind, Section, Status};
use accord_model::manifest::Manifest;
use accord_model::{Finding, Span};
use std::path::Path;

pub(crate) struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    pub(crate) fn new() -> Repo {
        Repo {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Repo {
        let path = self.root().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(path, bytes).expect("write fixture");
        self
    }

    pub(crate) fn mkdir(&self, rel: &str) -> &Repo {
        std::fs::create_dir_all(self.root().join(rel)).expect("mkdir");
        self
    }

    pub(crate) fn check(&self, contracts: &[Contract]) -> ConformanceReport {
        self.check_with_limit(contracts, Manifest::default().limits.max_file_size)
    }

    pub(crate) fn check_with_limit(&self, contracts: &[Contract], limit: u64) -> ConformanceReport {
        let mut manifest = Manifest::default();
        manifest.limits.max_file_size = limit;
        check_conformance(
            self.root(),
            &manifest,
            contracts,
            &ConformanceOptions::default(),
        )
        .expect("conformance runs")
    }
}

/// A stable file contract on `location`.
pub(crate) fn contract(location: &str, format: Option<Format>) -> Contract {
    Contract {
        path: "contracts/mmos-creator-os-v1.0.0.yaml".into(),
        name: "MMOS → CreatorOS Voice Integration".into(),
        version: "1.0.0".into(),
        status_text: "stable".into(),
        status: Some(Status::Stable),
        provider: "MMOS".into(),
        consumers: vec!["CreatorOS".into()],
        interface: Interface {
            kind: Some(InterfaceKind::File),
            format,
            location: Some(location.into()),
            encoding: Some("UTF-8".into()),
            ..Interface::default()
        },
        ..Contract::default()
    }
}

pub(crate) fn section(name: &str, level: Option<u8>) -> Section {
    Section {
        name: name.into(),
        level,
        span: Span::default(),
        ..Section::default()
    }
}

pub(crate) fn field(name: &str) -> Field {
    Field {
        name: name.into(),
        ..Field::default()
    }
}

/// The findings of one rule.
pub(crate) fn fired<'r>(report: &'r ConformanceReport, rule: &str) -> Vec<&'r Finding> {
    report.findings.iter().filter(|f| f.rule == rule).collect()
}

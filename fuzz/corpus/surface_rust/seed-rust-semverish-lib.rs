//! Parser and evaluator for semantic versions (shaped like the `semver` crate).
#![no_std]

mod error;
mod impls;
pub mod parse;

pub use crate::error::Error;
pub use crate::parse::{Prerelease as Pre, *};

/// A version `MAJOR.MINOR.PATCH[-PRE][+BUILD]`.
#[derive(Clone, Eq, PartialEq, Ord, PartialOrd, Hash, Debug)]
pub struct Version {
    /// Incompatible API changes.
    pub major: u64,
    /// Backwards-compatible additions.
    pub minor: u64,
    /// Backwards-compatible fixes.
    pub patch: u64,
    /// Pre-release identifier.
    pub pre: Pre,
    /// Build metadata; ignored in comparisons.
    pub build: BuildMetadata,
}

/// Build metadata after `+`.
#[derive(Default, Clone, Eq, PartialEq, Hash, Debug)]
pub struct BuildMetadata {
    identifier: u64,
}

/// A comparator such as `>=1.2.0`.
#[derive(Clone, Eq, PartialEq, Hash, Debug)]
#[non_exhaustive]
pub struct Comparator {
    /// The operator.
    pub op: Op,
    /// Major part.
    pub major: u64,
    /// Minor part, when given.
    pub minor: Option<u64>,
}

/// Comparison operators.
#[derive(Copy, Clone, Eq, PartialEq, Hash, Debug)]
#[non_exhaustive]
pub enum Op {
    /// `=`
    Exact,
    /// `>`
    Greater,
    /// `>=`
    GreaterEq,
    /// `^`
    Caret,
    /// `~`
    Tilde,
}

impl Version {
    /// The version `major.minor.patch` with no pre-release or build.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Version { major, minor, patch, pre: Pre::EMPTY, build: BuildMetadata { identifier: 0 } }
    }

    /// Parses a version.
    ///
    /// # Errors
    ///
    /// Returns [`Error`] when `text` is not a valid version.
    pub fn parse(text: &str) -> Result<Self, Error> {
        parse::version(text)
    }

    #[doc(hidden)]
    pub fn __internal_bump(&mut self) {
        self.patch += 1;
    }
}

/// Matches versions against comparators.
pub trait Matches {
    /// True when `version` satisfies `self`.
    fn matches(&self, version: &Version) -> bool;
    /// True when pre-releases may match.
    fn allow_pre(&self) -> bool {
        false
    }
}

/// Shorthand for `Version::parse(...).unwrap()` in tests.
#[macro_export]
macro_rules! version {
    ($s:expr) => {
        $crate::Version::parse($s).unwrap()
    };
}

#[cfg(feature = "serde")]
/// Serializes versions as strings.
pub fn to_string_serde(v: &Version) -> alloc::string::String {
    let _ = v;
    unimplemented!()
}

#[deprecated(since = "1.0.20", note = "use Version::parse")]
/// Old name of [`Version::parse`].
pub fn parse_version(text: &str) -> Result<Version, Error> {
    Version::parse(text)
}

pub(crate) fn internal_helper() {}

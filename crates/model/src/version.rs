//! The one reading of version numbers: what a step from one version to another promises.
//!
//! Semantic Versioning leaves 0.y.z open; Cargo's SemVer reference and npm's caret close it,
//! and most packages live there, so Accord follows them everywhere (contracts, packages,
//! the project version):
//!
//! - `x.y.z` with `x ≥ 1`: the major, minor and patch positions mean what they say.
//! - `0.y.z` with `y ≥ 1`: `y` is the major position and `z` the minor one
//!   (0.8.9 → 0.9.0 may break; 0.8.9 → 0.8.10 may add).
//! - `0.0.z`: every release may break.
//! - A pre-release (`2.0.0-rc.1`) promises nothing: caret requirements never select one
//!   by accident, so moving to a pre-release, or between pre-releases of one version,
//!   clears any requirement.
//!
//! ```
//! use accord_model::{Bump, version::{step, VersionStep}};
//!
//! assert_eq!(step("1.2.3", "2.0.0"), Some(VersionStep::Up(Bump::Major)));
//! assert_eq!(step("0.8.9", "0.9.0"), Some(VersionStep::Up(Bump::Major)));
//! assert_eq!(step("0.8.9", "0.8.10"), Some(VersionStep::Up(Bump::Minor)));
//! assert!(Bump::Major.satisfies(Bump::Minor));
//! ```

use crate::Bump;
use std::cmp::Ordering;
use std::fmt;

/// A parsed `MAJOR.MINOR.PATCH[-PRE][+BUILD]`; build metadata is ignored for ordering, as
/// semver requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The first number.
    pub major: u64,
    /// The second number.
    pub minor: u64,
    /// The third number.
    pub patch: u64,
    /// Dot-separated pre-release identifiers (`rc.1` → `["rc", "1"]`); empty for a release.
    pub pre: Vec<String>,
}

impl Version {
    /// Parses `1.2.3`, `v1.2.3`, `1.2.3-rc.1+build`; tolerates surrounding space and a
    /// leading `v`. Anything else (`1.2`, `one`, leading zeros) is `None`.
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim().trim_start_matches(['v', 'V']);
        let text = text.split_once('+').map_or(text, |(core, _build)| core);
        let (core, pre) = match text.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (text, None),
        };
        let mut numbers = core.split('.').map(number);
        let (major, minor, patch) = (numbers.next()??, numbers.next()??, numbers.next()??);
        if numbers.next().is_some() {
            return None;
        }
        let pre = match pre {
            None => Vec::new(),
            Some(pre) => {
                let ids: Vec<String> = pre.split('.').map(str::to_string).collect();
                let valid = |id: &String| {
                    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                };
                if !ids.iter().all(valid) {
                    return None;
                }
                ids
            }
        };
        Some(Version {
            major,
            minor,
            patch,
            pre,
        })
    }

    /// A pre-release (`1.0.0-alpha`).
    pub fn is_prerelease(&self) -> bool {
        !self.pre.is_empty()
    }
}

fn number(text: &str) -> Option<u64> {
    if text.is_empty() || (text.len() > 1 && text.starts_with('0')) {
        return None;
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                // A pre-release sorts before its release.
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => compare_pre(&self.pre, &other.pre),
            })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn compare_pre(a: &[String], b: &[String]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let order = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            (Err(_), Err(_)) => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre.join("."))?;
        }
        Ok(())
    }
}

/// What moving from one version to another declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionStep {
    /// Forward, allowing changes up to this bump (0.x convention applied).
    Up(Bump),
    /// The same version.
    Same,
    /// Backwards.
    Down,
}

/// The step from `old` to `new`, or `None` when either is not a version.
pub fn step(old: &str, new: &str) -> Option<VersionStep> {
    let (old, new) = (Version::parse(old)?, Version::parse(new)?);
    Some(step_between(&old, &new))
}

/// The step between two parsed versions.
pub fn step_between(old: &Version, new: &Version) -> VersionStep {
    match new.cmp(old) {
        Ordering::Less => return VersionStep::Down,
        Ordering::Equal => return VersionStep::Same,
        Ordering::Greater => {}
    }
    if new.is_prerelease() {
        return VersionStep::Up(Bump::Major);
    }
    let bump = if new.major != old.major {
        Bump::Major
    } else if old.major == 0 && old.minor == 0 {
        // 0.0.z: every release may break.
        Bump::Major
    } else if new.minor != old.minor {
        if old.major == 0 {
            Bump::Major
        } else {
            Bump::Minor
        }
    } else if new.patch != old.patch {
        if old.major == 0 {
            Bump::Minor
        } else {
            Bump::Patch
        }
    } else {
        // Only the pre-release went away (2.0.0-rc.1 → 2.0.0): the release of what the
        // pre-release already announced, which promised nothing.
        Bump::Major
    };
    VersionStep::Up(bump)
}

/// The bump `old → new` declares: `Bump::None` when it does not move forward or either is
/// not a version.
pub fn declared_bump(old: &str, new: &str) -> Bump {
    match step(old, new) {
        Some(VersionStep::Up(bump)) => bump,
        _ => Bump::None,
    }
}

/// The smallest version after `old` that declares `bump` (what a user should type).
pub fn next_version(old: &str, bump: Bump) -> Option<String> {
    let old = Version::parse(old)?;
    let (major, minor, patch) = (old.major, old.minor, old.patch);
    let next = match (bump, major, minor) {
        (Bump::None, ..) => return Some(old.to_string()),
        (_, 0, 0) => format!("0.0.{}", patch + 1),
        (Bump::Major, 0, _) => format!("0.{}.0", minor + 1),
        (_, 0, _) => format!("0.{minor}.{}", patch + 1),
        (Bump::Major, ..) => format!("{}.0.0", major + 1),
        (Bump::Minor, ..) => format!("{major}.{}.0", minor + 1),
        (Bump::Patch, ..) => format!("{major}.{minor}.{}", patch + 1),
    };
    Some(next)
}

impl Bump {
    /// Whether a release declaring `self` may carry a change that requires `required`.
    pub fn satisfies(self, required: Bump) -> bool {
        self >= required
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn up(old: &str, new: &str) -> Bump {
        match step(old, new) {
            Some(VersionStep::Up(b)) => b,
            other => panic!("{old} → {new}: {other:?}"),
        }
    }

    #[test]
    fn above_one_positions_mean_what_they_say() {
        assert_eq!(up("1.2.3", "2.0.0"), Bump::Major);
        assert_eq!(up("1.2.3", "1.3.0"), Bump::Minor);
        assert_eq!(up("1.2.3", "1.2.4"), Bump::Patch);
        assert_eq!(step("1.2.3", "1.2.3"), Some(VersionStep::Same));
        assert_eq!(step("1.2.3", "1.2.2"), Some(VersionStep::Down));
    }

    #[test]
    fn zero_minor_is_the_breaking_position() {
        assert_eq!(up("0.8.9", "0.9.0"), Bump::Major);
        assert_eq!(up("0.8.9", "0.8.10"), Bump::Minor);
        assert_eq!(up("0.8.9", "1.0.0"), Bump::Major);
    }

    #[test]
    fn zero_zero_every_release_may_break() {
        assert_eq!(up("0.0.3", "0.0.4"), Bump::Major);
    }

    #[test]
    fn prereleases_promise_nothing() {
        assert_eq!(up("1.2.3", "1.2.4-rc.1"), Bump::Major);
        assert_eq!(up("2.0.0-rc.1", "2.0.0-rc.2"), Bump::Major);
        assert_eq!(up("2.0.0-rc.1", "2.0.0"), Bump::Major);
        assert_eq!(step("2.0.0", "2.0.0-rc.1"), Some(VersionStep::Down));
        assert_eq!(
            step("1.0.0-alpha.2", "1.0.0-alpha.10").unwrap(),
            VersionStep::Up(Bump::Major)
        );
    }

    #[test]
    fn build_metadata_and_prefixes() {
        assert_eq!(step("v1.0.0", "1.0.0+build.5"), Some(VersionStep::Same));
        assert_eq!(step("1.0", "1.0.1"), None);
        assert_eq!(step("01.0.0", "1.0.1"), None);
        assert_eq!(step("1.0.0-", "1.0.1"), None);
    }

    #[test]
    fn next_versions_follow_the_convention() {
        assert_eq!(next_version("1.2.3", Bump::Major).as_deref(), Some("2.0.0"));
        assert_eq!(next_version("1.2.3", Bump::Minor).as_deref(), Some("1.3.0"));
        assert_eq!(next_version("0.8.9", Bump::Major).as_deref(), Some("0.9.0"));
        assert_eq!(
            next_version("0.8.9", Bump::Minor).as_deref(),
            Some("0.8.10")
        );
        assert_eq!(next_version("0.0.3", Bump::Patch).as_deref(), Some("0.0.4"));
        for (old, bump) in [
            ("1.2.3", Bump::Major),
            ("0.8.9", Bump::Minor),
            ("0.0.1", Bump::Major),
        ] {
            let next = next_version(old, bump).unwrap();
            assert!(declared_bump(old, &next).satisfies(bump), "{old} → {next}");
        }
    }
}

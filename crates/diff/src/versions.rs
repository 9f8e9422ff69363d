//! Semver arithmetic and dates, shared by the lifecycle and version rules.

use accord_model::Bump;
use semver::Version;

/// What a version change declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Declared {
    /// The version went up by this much (in effect: see [`declared`]).
    Up(Bump),
    /// The version went down.
    Down,
}

/// Parses `1.2.3`, tolerating a leading `v` and surrounding space.
pub(crate) fn parse(text: &str) -> Option<Version> {
    Version::parse(text.trim().trim_start_matches(['v', 'V'])).ok()
}

/// The bump from `old` to `new`, or `None` when either is not semver.
///
/// Below 1.0.0 the Cargo convention applies (semver §4 leaves 0.y.z open): a MINOR step
/// may break and counts as MAJOR, a PATCH step counts as MINOR.
pub(crate) fn declared(old: &str, new: &str) -> Option<Declared> {
    let (o, n) = (parse(old)?, parse(new)?);
    let bump = if n < o {
        return Some(Declared::Down);
    } else if n.major != o.major {
        Bump::Major
    } else if n.minor != o.minor {
        if o.major == 0 {
            Bump::Major
        } else {
            Bump::Minor
        }
    } else if n.patch != o.patch {
        if o.major == 0 && o.minor == 0 {
            Bump::Major
        } else if o.major == 0 {
            Bump::Minor
        } else {
            Bump::Patch
        }
    } else if n != o {
        // Only the pre-release or build changed: worth a patch at most.
        Bump::Patch
    } else {
        Bump::None
    };
    Some(Declared::Up(bump))
}

/// An ISO `YYYY-MM-DD` date as a comparable tuple; anything else is `None`.
pub(crate) fn iso_date(text: &str) -> Option<(u32, u32, u32)> {
    let text = text.trim();
    let date = text.get(..10)?;
    let mut parts = date.split('-');
    let y: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_follow_semver_above_one() {
        assert_eq!(declared("1.0.0", "2.0.0"), Some(Declared::Up(Bump::Major)));
        assert_eq!(declared("1.0.0", "1.1.0"), Some(Declared::Up(Bump::Minor)));
        assert_eq!(declared("1.0.0", "1.0.1"), Some(Declared::Up(Bump::Patch)));
        assert_eq!(declared("1.0.0", "1.0.0"), Some(Declared::Up(Bump::None)));
        assert_eq!(declared("1.1.0", "1.0.9"), Some(Declared::Down));
        assert_eq!(declared("one", "1.0.0"), None);
    }

    #[test]
    fn below_one_a_minor_step_may_break() {
        assert_eq!(declared("0.1.0", "0.2.0"), Some(Declared::Up(Bump::Major)));
        assert_eq!(declared("0.1.0", "0.1.1"), Some(Declared::Up(Bump::Minor)));
    }

    #[test]
    fn dates_are_validated() {
        assert_eq!(iso_date("2025-10-27"), Some((2025, 10, 27)));
        assert_eq!(iso_date("2025-13-01"), None);
        assert_eq!(iso_date("soon"), None);
    }
}

//! Deprecation windows counted in releases (seed 002): before 1.0 a deprecated API keeps
//! warning for at least one minor release; from 1.0 on, for two minor releases, and it goes
//! only in the next major. A command-line flag warns for one minor release, before and after
//! 1.0 ([`check_flag_removal`]).
//!
//! The history is data: for each release (tag) that shipped the symbol or the contract, its
//! version and whether it was deprecated there. The engine reads it from the committed code
//! surfaces and the contract files at the release tags; a file it cannot read there becomes a
//! `deprecation-history-unreadable` note rather than a silent gap.

use crate::rules::{
    CLI_FLAG_REMOVAL_BEFORE_DEPRECATION_WINDOW, DEPRECATION_HISTORY_UNREADABLE,
    REMOVAL_BEFORE_DEPRECATION_WINDOW,
};
use accord_model::{Finding, Location};
use semver::Version;

/// One release that shipped the symbol.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct Shipped {
    /// The release's version.
    pub version: Version,
    /// Whether the symbol was deprecated in it.
    pub deprecated: bool,
}

/// Minor releases a deprecation must ship in before removal.
pub fn window(removal: &Version) -> u64 {
    if removal.major == 0 { 1 } else { 2 }
}

/// The release the current deprecation started in (the first of the last unbroken run of
/// releases shipping it deprecated), and the minor release lines (`major.minor`) it shipped
/// in, oldest first.
pub fn deprecated_since(history: &[Shipped]) -> Option<(Version, Vec<(u64, u64)>)> {
    let mut sorted: Vec<&Shipped> = history.iter().collect();
    sorted.sort_by(|a, b| a.version.cmp(&b.version));
    let mut start = None;
    for (i, s) in sorted.iter().enumerate() {
        if !s.deprecated {
            start = None;
        } else if start.is_none() {
            start = Some(i);
        }
    }
    let start = start?;
    let mut lines: Vec<(u64, u64)> = Vec::new();
    for s in &sorted[start..] {
        let line = (s.version.major, s.version.minor);
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    Some((sorted[start].version.clone(), lines))
}

/// The earliest version that may remove a symbol deprecated in `since` (`None`: never
/// deprecated in a release, so the window has not started; counted from the next release).
pub fn earliest_removal(since: Option<&Version>, removal: &Version) -> Version {
    let from = since
        .cloned()
        .unwrap_or_else(|| Version::new(removal.major, removal.minor, 0));
    if from.major == 0 {
        Version::new(0, from.minor + window(&from), 0)
    } else {
        Version::new(from.major + 1, 0, 0)
    }
}

/// How a subject's life ends in the change under review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Gone from the surface or the registry.
    Removed,
    /// Still there, but its status says it is no longer supported (a contract `retired`).
    Retired,
}

impl Ending {
    fn as_str(self) -> &'static str {
        match self {
            Ending::Removed => "removed",
            Ending::Retired => "retired",
        }
    }
}

/// What ends: `name` is shown in backticks, after `kind` when there is one ("contract").
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// The symbol path or the contract name.
    pub name: &'a str,
    /// What it is, for the message ("contract"); `None` for a code symbol.
    pub kind: Option<&'a str>,
    /// Removed or retired.
    pub ending: Ending,
}

/// `removal-before-deprecation-window` when removing `symbol` in `removal` comes before its
/// window is over; `None` when the removal is allowed.
pub fn check_removal(
    symbol: &str,
    history: &[Shipped],
    removal: &Version,
    at: Location,
) -> Option<Finding> {
    check_end(
        Subject {
            name: symbol,
            kind: None,
            ending: Ending::Removed,
        },
        history,
        removal,
        at,
    )
}

/// `removal-before-deprecation-window` when ending `subject` (removing it, or retiring a
/// contract) in `removal` comes before its window is over; `None` when it is allowed.
pub fn check_end(
    subject: Subject<'_>,
    history: &[Shipped],
    removal: &Version,
    at: Location,
) -> Option<Finding> {
    let needed = window(removal);
    let since = deprecated_since(history);
    let (problem, since_version) = match &since {
        None => ("was never deprecated in a release".to_string(), None),
        Some((v, lines)) => {
            // A patch release in the removal's own minor line is no minor release of warning.
            let lines: Vec<(u64, u64)> = lines
                .iter()
                .copied()
                .filter(|l| *l < (removal.major, removal.minor))
                .collect();
            let shipped = lines.len() as u64;
            let post_same_major = removal.major > 0 && removal.major == v.major;
            if shipped >= needed && !post_same_major {
                return None;
            }
            let lines_text: Vec<String> = lines.iter().map(|(a, b)| format!("{a}.{b}")).collect();
            let mut why =
                format!("was deprecated in {v} and warned for {shipped} minor release(s)");
            if !lines_text.is_empty() {
                why.push_str(&format!(" ({})", lines_text.join(", ")));
            }
            if shipped < needed {
                why.push_str(&format!(", fewer than {needed}"));
            }
            if post_same_major {
                why.push_str(&format!(
                    ", and after 1.0 removal waits for the next major ({}.0.0)",
                    v.major + 1
                ));
            }
            (why, Some(v.clone()))
        }
    };
    let earliest = earliest_removal(since_version.as_ref(), removal);
    let rule_text = if removal.major == 0 {
        "before 1.0 a deprecated API warns for at least one minor release"
    } else {
        "after 1.0 a deprecated API warns for two minor releases and goes only in the next major"
    };
    let name = subject.name;
    let what = match subject.kind {
        Some(kind) => format!("{kind} `{name}`"),
        None => format!("`{name}`"),
    };
    let ended = subject.ending.as_str();
    let help = match (subject.ending, since_version.is_none()) {
        (Ending::Removed, true) => format!(
            "restore {what}, mark it deprecated (naming its replacement) and release; remove it in {earliest} at the earliest"
        ),
        (Ending::Removed, false) => format!("restore {what} until {earliest}"),
        (Ending::Retired, true) => format!(
            "set {what} to `deprecated` (naming its replacement) and release; retire it in {earliest} at the earliest"
        ),
        (Ending::Retired, false) => {
            format!("keep {what} `deprecated` (not retired) until {earliest}")
        }
    };
    Some(
        Finding::of(
            &REMOVAL_BEFORE_DEPRECATION_WINDOW,
            format!(
                "{what} is {ended} in {removal} but {problem}: {rule_text}; earliest removal {earliest}"
            ),
        )
        .with_logical_path(format!("{name}/deprecation-window"))
        .at(at)
        .with_help(help),
    )
}

/// Minor releases a deprecated command-line flag must ship in before removal. Seed 002 says
/// "CLI flag removal: 1 minor release deprecation window" and, unlike its API policy, asks
/// for no major release; before 1.0 its one-minor-release rule for deprecated APIs gives the
/// same count, so one window serves both.
pub const FLAG_WINDOW: u64 = 1;

/// `cli-flag-removal-before-deprecation-window` when removing the flag `flag` (or the
/// subcommand, when `command`) in `removal` comes before it warned for [`FLAG_WINDOW`] minor
/// release(s); `None` when the removal is allowed. `history` holds the releases that shipped
/// it.
pub fn check_flag_removal(
    flag: &str,
    command: bool,
    history: &[Shipped],
    removal: &Version,
    at: Location,
) -> Option<Finding> {
    let since = deprecated_since(history);
    let what = if command {
        format!("CLI command `{flag}`")
    } else {
        format!("CLI flag `{flag}`")
    };
    let (problem, from) = match &since {
        None => (
            "was never deprecated in a release".to_string(),
            Version::new(removal.major, removal.minor, 0),
        ),
        Some((v, lines)) => {
            // A patch release in the removal's own minor line is no minor release of warning.
            let lines: Vec<String> = lines
                .iter()
                .filter(|l| **l < (removal.major, removal.minor))
                .map(|(a, b)| format!("{a}.{b}"))
                .collect();
            if lines.len() as u64 >= FLAG_WINDOW {
                return None;
            }
            let mut why = format!(
                "was deprecated in {v} and warned for {} minor release(s)",
                lines.len()
            );
            if !lines.is_empty() {
                why.push_str(&format!(" ({})", lines.join(", ")));
            }
            why.push_str(&format!(", fewer than {FLAG_WINDOW}"));
            (why, v.clone())
        }
    };
    let earliest = Version::new(from.major, from.minor + FLAG_WINDOW, 0);
    let help = if since.is_none() {
        format!(
            "restore {what}, mark it deprecated (its help naming the replacement) and release; remove it in {earliest} at the earliest"
        )
    } else {
        format!("restore {what} (still deprecated) until {earliest}")
    };
    Some(
        Finding::of(
            &CLI_FLAG_REMOVAL_BEFORE_DEPRECATION_WINDOW,
            format!(
                "{what} is removed in {removal} but {problem}: a CLI flag is deprecated for at least one minor release before it goes; earliest removal {earliest}"
            ),
        )
        .with_logical_path(format!("{flag}/deprecation-window"))
        .at(at)
        .with_help(help),
    )
}

/// `deprecation-history-unreadable`: `file` of the change under review (`side`: "the head"
/// or "the base", not a release) could not be read (`reason`), and `consequence` says what
/// the count did instead.
pub fn change_unreadable(
    file: &str,
    side: &str,
    reason: &str,
    consequence: &str,
    at: Location,
) -> Finding {
    Finding::of(
        &DEPRECATION_HISTORY_UNREADABLE,
        format!("{file} at {side} cannot be read ({reason}): {consequence}"),
    )
    .with_logical_path(format!("{}/{file}", side.trim_start_matches("the ")))
    .at(at)
    .with_help(format!(
        "fix {file} so it parses; until then what it declares is not compared with the releases"
    ))
}

/// `deprecation-history-unreadable`: `what` (a file, read at release tag `tag`) could not be
/// read (`reason`), and `consequence` says what the count did instead. A note, so an unreadable
/// release never turns into a silent pass.
pub fn history_unreadable(
    what: &str,
    tag: &str,
    reason: &str,
    consequence: &str,
    at: Location,
) -> Finding {
    Finding::of(
        &DEPRECATION_HISTORY_UNREADABLE,
        format!("{what} at release tag `{tag}` cannot be read ({reason}): {consequence}"),
    )
    .with_logical_path(format!("{tag}/{what}"))
    .at(at)
    .with_help(format!(
        "deprecation windows are counted from the files committed at each release tag; the history of `{tag}` stays as it is, so check the removal by hand"
    ))
}

/// `deprecation-history-unreadable`: the repository is a shallow clone holding no release tag,
/// so no deprecation window can be counted — the releases may simply not have been fetched.
pub fn releases_not_fetched(at: Location) -> Finding {
    Finding::of(
        &DEPRECATION_HISTORY_UNREADABLE,
        "the repository is a shallow clone with no release tag: deprecation windows are not counted (the releases may exist and not have been fetched)",
    )
    .with_logical_path("releases")
    .at(at)
    .with_help("fetch the history and tags in CI (`fetch-depth: 0` for actions/checkout, or `git fetch --unshallow --tags`)")
}

/// `deprecation-history-unreadable`: `what` ends in this change, but the version of the
/// change is unknown (`reason`, read from `from`), so no release can be counted against it.
pub fn removal_version_unknown(what: &str, from: &str, reason: &str, at: Location) -> Finding {
    Finding::of(
        &DEPRECATION_HISTORY_UNREADABLE,
        format!(
            "{what} ends in this change, but its version is unknown ({from}: {reason}): its deprecation window is not checked"
        ),
    )
    .with_logical_path(format!("{what}/deprecation-window"))
    .at(at)
    .with_help(format!(
        "declare the version this change goes into in {from}, so the releases before it can be counted"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(items: &[(&str, bool)]) -> Vec<Shipped> {
        items
            .iter()
            .map(|(v, d)| Shipped {
                version: Version::parse(v).unwrap(),
                deprecated: *d,
            })
            .collect()
    }
    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn before_one_zero_one_minor_release_with_the_deprecation_is_enough() {
        let history = h(&[("0.2.0", false), ("0.3.0", true)]);
        assert!(check_removal("f", &history, &v("0.4.0"), Location::default()).is_none());
        // Deprecated only in unreleased code: the window has not started.
        let f = check_removal(
            "f",
            &h(&[("0.3.0", false)]),
            &v("0.4.0"),
            Location::default(),
        )
        .unwrap();
        assert!(
            f.message.contains("never deprecated in a release"),
            "{}",
            f.message
        );
        assert!(
            f.message.ends_with("earliest removal 0.5.0"),
            "{}",
            f.message
        );
    }

    #[test]
    fn after_one_zero_two_minors_and_a_major() {
        let history = h(&[("1.2.0", false), ("1.3.0", true), ("1.3.1", true)]);
        let f = check_removal("f", &history, &v("1.4.0"), Location::default()).unwrap();
        assert_eq!(
            f.message,
            "`f` is removed in 1.4.0 but was deprecated in 1.3.0 and warned for 1 minor release(s) (1.3), fewer than 2, and after 1.0 removal waits for the next major (2.0.0): after 1.0 a deprecated API warns for two minor releases and goes only in the next major; earliest removal 2.0.0"
        );
        let f = check_removal("f", &history, &v("2.0.0"), Location::default()).unwrap();
        assert!(f.message.contains("fewer than 2"), "{}", f.message);
        let history = h(&[("1.3.0", true), ("1.4.0", true)]);
        assert!(check_removal("f", &history, &v("2.0.0"), Location::default()).is_none());
        assert!(check_removal("f", &history, &v("1.5.0"), Location::default()).is_some());
    }

    #[test]
    fn a_deprecation_withdrawn_and_renewed_counts_from_the_renewal() {
        let history = h(&[("0.1.0", true), ("0.2.0", false), ("0.3.0", true)]);
        assert_eq!(deprecated_since(&history).unwrap().0, v("0.3.0"));
    }

    #[test]
    fn a_cli_flag_warns_for_one_minor_release_before_and_after_one_zero() {
        let at = Location::default;
        let history = h(&[("0.1.0", false), ("0.2.0", true)]);
        assert!(check_flag_removal("t --x", false, &history, &v("0.3.0"), at()).is_none());
        let f = check_flag_removal("t --x", false, &history, &v("0.2.1"), at()).unwrap();
        assert_eq!(
            f.message,
            "CLI flag `t --x` is removed in 0.2.1 but was deprecated in 0.2.0 and warned for 0 minor release(s), fewer than 1: a CLI flag is deprecated for at least one minor release before it goes; earliest removal 0.3.0"
        );
        // After 1.0 one minor release is still enough, and no major is needed.
        let history = h(&[("1.2.0", false), ("1.3.0", true)]);
        assert!(check_flag_removal("t --x", false, &history, &v("1.4.0"), at()).is_none());
        let f =
            check_flag_removal("t run", true, &h(&[("1.3.0", false)]), &v("1.4.0"), at()).unwrap();
        assert_eq!(
            f.message,
            "CLI command `t run` is removed in 1.4.0 but was never deprecated in a release: a CLI flag is deprecated for at least one minor release before it goes; earliest removal 1.5.0"
        );
    }

    #[test]
    fn a_contract_retired_before_its_window_names_both_versions() {
        let retired = Subject {
            name: "Billing",
            kind: Some("contract"),
            ending: Ending::Retired,
        };
        let history = h(&[("0.1.0", false), ("0.2.0", true)]);
        assert!(check_end(retired, &history, &v("0.3.0"), Location::default()).is_none());
        let f = check_end(retired, &history, &v("0.2.5"), Location::default()).unwrap();
        assert_eq!(
            f.message,
            "contract `Billing` is retired in 0.2.5 but was deprecated in 0.2.0 and warned for 0 minor release(s), fewer than 1: before 1.0 a deprecated API warns for at least one minor release; earliest removal 0.3.0"
        );
        assert!(
            f.help
                .as_deref()
                .unwrap()
                .starts_with("keep contract `Billing` `deprecated`")
        );
    }
}

//! Pack lifecycle (seed 000 "Evolution Process"): a pack is active, deprecated or retired;
//! deprecating it gives notice at least N months (default 3) before its removal and names the
//! consumers that must migrate; removing it before its announced date is refused.
//!
//! ```toml
//! [packs.etl-legacy.lifecycle]
//! status = "deprecated"          # active | deprecated | retired
//! deprecated_on = "2026-01-15"   # the notice
//! removal_on = "2026-05-01"      # at least `[governance] deprecation_notice_months` later
//! consumers = ["mmos"]           # every pack that consumes its contracts
//! replacement = "etl"
//! ```

use super::rules::governance_pack_lifecycle::GOVERNANCE_PACK_LIFECYCLE;
use super::rules::governance_pack_removed_early::GOVERNANCE_PACK_REMOVED_EARLY;
use accord_model::contract::Contract;
use accord_model::date::{format_date, parse_date};
use accord_model::manifest::{Manifest, Pack, RawSection};
use accord_model::{Finding, Location};
use time::Date;

/// The keys of `[packs.NAME.lifecycle]`.
const LIFECYCLE_KEYS: &[&str] = &[
    "status",
    "deprecated_on",
    "removal_on",
    "consumers",
    "replacement",
];

/// A pack's lifecycle status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackStatus {
    /// In use.
    Active,
    /// Announced for removal.
    Deprecated,
    /// No longer supported.
    Retired,
}

/// `[packs.NAME.lifecycle]`, read leniently: what cannot be read is reported by
/// [`check_lifecycle`].
#[derive(Debug, Clone)]
pub struct Lifecycle {
    /// Status (active when absent).
    pub status: Result<PackStatus, String>,
    /// The deprecation notice date.
    pub deprecated_on: Option<Result<Date, String>>,
    /// The announced removal date.
    pub removal_on: Option<Result<Date, String>>,
    /// Consumers named in the notice.
    pub consumers: Vec<String>,
    /// The table itself.
    pub raw: Option<RawSection>,
}

/// Reads the lifecycle of `pack`.
pub fn lifecycle(pack: &Pack) -> Lifecycle {
    let raw = pack.sections.get("lifecycle");
    let get = |k: &str| raw.and_then(|r| r.value.get(k));
    let status = match get("status").map(|v| v.as_str()) {
        None | Some(Some("active")) => Ok(PackStatus::Active),
        Some(Some("deprecated")) => Ok(PackStatus::Deprecated),
        Some(Some("retired")) => Ok(PackStatus::Retired),
        Some(other) => Err(format!(
            "status {} is not one of active, deprecated, retired",
            other.map_or("(not a string)".to_string(), |s| format!("`{s}`"))
        )),
    };
    let date = |k: &str| {
        get(k).map(|v| {
            v.as_str()
                .and_then(|s| parse_date(s.get(..10).unwrap_or(s)))
                .ok_or_else(|| format!("`{k}` = {v} is not a date (YYYY-MM-DD)"))
        })
    };
    Lifecycle {
        status,
        deprecated_on: date("deprecated_on"),
        removal_on: date("removal_on"),
        consumers: get("consumers")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        raw: raw.cloned(),
    }
}

/// `[governance] deprecation_notice_months`, default 3.
pub fn notice_months(manifest: &Manifest) -> u32 {
    manifest
        .sections
        .get("governance")
        .and_then(|g| g.value.get("deprecation_notice_months"))
        .and_then(|v| v.as_u64())
        .map_or(3, |n| n.min(1200) as u32)
}

/// `date` plus `months` (the same day of the month; `None` past the calendar).
fn add_months(date: Date, months: u32) -> Option<Date> {
    let index = date.year() * 12 + (date.month() as i32 - 1) + months as i32;
    let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8);
    let month = time::Month::try_from(month).ok()?;
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}

/// Packs that consume a contract `pack` provides, by manifest name.
fn consumers_of(manifest: &Manifest, pack: &Pack, contracts: &[Contract]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in contracts.iter().filter(|c| pack.answers_to(&c.provider)) {
        for consumer in &c.consumers {
            if let Some(p) = manifest.pack(consumer)
                && p.name != pack.name
                && !out.contains(&p.name)
            {
                out.push(p.name.clone());
            }
        }
    }
    out
}

/// Findings for every pack whose lifecycle is incomplete: an unknown status or date, a
/// deprecation without notice or removal date, a notice shorter than the configured months,
/// or consumers of its contracts the notice does not name. `manifest_text` places them.
pub fn check_lifecycle(
    manifest: &Manifest,
    manifest_text: &str,
    contracts: &[Contract],
) -> Vec<Finding> {
    let months = notice_months(manifest);
    let mut out = Vec::new();
    for pack in &manifest.packs {
        let life = lifecycle(pack);
        let at = |pointer: &str| {
            let span = life.raw.as_ref().map_or(pack.span, |r| r.span_of(pointer));
            Location::from_span(&manifest.path, manifest_text, span)
        };
        let mut problems: Vec<(String, &str)> = Vec::new();
        let status = match &life.status {
            Ok(s) => *s,
            Err(e) => {
                problems.push((e.clone(), "/status"));
                PackStatus::Active
            }
        };
        for (key, value) in [
            ("deprecated_on", &life.deprecated_on),
            ("removal_on", &life.removal_on),
        ] {
            if let Some(Err(e)) = value {
                problems.push((
                    e.clone(),
                    if key == "removal_on" {
                        "/removal_on"
                    } else {
                        "/deprecated_on"
                    },
                ));
            }
        }
        if status == PackStatus::Deprecated {
            let notice = life.deprecated_on.as_ref().and_then(|d| d.as_ref().ok());
            let removal = life.removal_on.as_ref().and_then(|d| d.as_ref().ok());
            match (notice, removal) {
                (None, _) if life.deprecated_on.is_none() => problems.push((
                    "is deprecated without `deprecated_on` (the date of the notice)".to_string(),
                    "/status",
                )),
                (_, None) if life.removal_on.is_none() => problems.push((
                    "is deprecated without `removal_on` (the announced removal date)".to_string(),
                    "/status",
                )),
                (Some(&n), Some(&r)) => {
                    if let Some(earliest) = add_months(n, months)
                        && r < earliest
                    {
                        problems.push((
                            format!(
                                "announces removal on {} but its notice of {} gives less than {months} months (earliest {})",
                                format_date(r),
                                format_date(n),
                                format_date(earliest)
                            ),
                            "/removal_on",
                        ));
                    }
                }
                _ => {}
            }
            let missing: Vec<String> = consumers_of(manifest, pack, contracts)
                .into_iter()
                .filter(|c| {
                    !life
                        .consumers
                        .iter()
                        .any(|named| manifest.pack(named).is_some_and(|p| &p.name == c))
                })
                .collect();
            if !missing.is_empty() {
                problems.push((
                    format!(
                        "is deprecated but its notice does not name consumer(s) {} of its contracts",
                        missing.join(", ")
                    ),
                    "/consumers",
                ));
            }
        }
        // A misspelt key would silently leave the pack without its notice.
        let unknown = life
            .raw
            .as_ref()
            .and_then(|r| r.value.as_object())
            .into_iter()
            .flat_map(|t| t.keys())
            .filter(|k| !LIFECYCLE_KEYS.contains(&k.as_str()));
        for key in unknown {
            let guess = crate::did_you_mean(key, LIFECYCLE_KEYS)
                .map(|k| format!("did you mean `{k}`?"))
                .unwrap_or_else(|| format!("expected one of {}", LIFECYCLE_KEYS.join(", ")));
            out.push(
                Finding::of(
                    &GOVERNANCE_PACK_LIFECYCLE,
                    format!(
                        "pack `{}` has an unknown key `{key}` in its lifecycle; {guess}",
                        pack.name
                    ),
                )
                .at(at(&format!("/{}", crate::doc::escape_token(key))))
                .with_logical_path(format!("packs.{}.lifecycle", pack.name)),
            );
        }
        for (message, pointer) in problems {
            out.push(
                Finding::of(
                    &GOVERNANCE_PACK_LIFECYCLE,
                    format!("pack `{}` {message}", pack.name),
                )
                .at(at(pointer))
                .with_logical_path(format!("packs.{}.lifecycle", pack.name))
                .with_help(format!(
                    "in [packs.{}.lifecycle]: status, deprecated_on, removal_on (≥ {months} months later) and the consumers told to migrate",
                    pack.name
                )),
            );
        }
    }
    out
}

/// A finding for each pack the change removes from the manifest before it went through
/// deprecation: not deprecated (or retired) at base, or removed before its `removal_on`.
pub fn check_removals(base: &Manifest, head: &Manifest, today: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    for pack in base.packs.iter().filter(|p| head.pack(&p.name).is_none()) {
        let life = lifecycle(pack);
        let removal = life
            .removal_on
            .as_ref()
            .and_then(|d| d.as_ref().ok())
            .copied();
        let problem = match (life.status, removal) {
            (Ok(PackStatus::Retired), _) => continue,
            (Ok(PackStatus::Deprecated), Some(r)) if r <= today => continue,
            (Ok(PackStatus::Deprecated), Some(r)) => {
                format!("before its announced removal on {}", format_date(r))
            }
            _ => "without a deprecation notice".to_string(),
        };
        out.push(
            Finding::of(
                &GOVERNANCE_PACK_REMOVED_EARLY,
                format!("the change removes pack `{}` {problem}", pack.name),
            )
            .at(Location::file(head.path.clone()))
            .with_logical_path(format!("packs.{}", pack.name))
            .with_help("deprecate the pack first ([packs.NAME.lifecycle] status = \"deprecated\", deprecated_on, removal_on, consumers) and remove it once removal_on has passed"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(lifecycle: &str) -> (Manifest, String) {
        let text = format!(
            "[packs.mmos]\ndisplay_name = \"MMOS\"\n[packs.etl]\ndisplay_name = \"ETL\"\n[packs.etl.lifecycle]\n{lifecycle}"
        );
        (
            crate::parse_manifest("accord.toml", &text).expect("manifest"),
            text,
        )
    }

    fn etl_to_mmos() -> Vec<Contract> {
        vec![Contract {
            provider: "ETL".to_string(),
            consumers: vec!["MMOS".to_string()],
            ..Contract::default()
        }]
    }

    fn messages(findings: &[Finding]) -> Vec<String> {
        findings.iter().map(|f| f.message.clone()).collect()
    }

    #[test]
    fn a_deprecation_needs_dates_three_months_apart_and_its_consumers_named() {
        let (m, t) = manifest(
            "status = \"deprecated\"\ndeprecated_on = \"2026-01-31\"\nremoval_on = \"2026-04-29\"\n",
        );
        assert_eq!(
            messages(&check_lifecycle(&m, &t, &etl_to_mmos())),
            [
                "pack `etl` announces removal on 2026-04-29 but its notice of 2026-01-31 gives less than 3 months (earliest 2026-04-30)",
                "pack `etl` is deprecated but its notice does not name consumer(s) mmos of its contracts",
            ]
        );
        let f = check_lifecycle(&m, &t, &etl_to_mmos());
        assert_eq!(f[0].location.line, 8);

        let (m, t) = manifest("status = \"deprecated\"\n");
        assert_eq!(
            messages(&check_lifecycle(&m, &t, &[])),
            ["pack `etl` is deprecated without `deprecated_on` (the date of the notice)"]
        );

        let (m, t) = manifest(
            "status = \"deprecated\"\ndeprecated_on = \"2026-01-31\"\nremoval_on = \"2026-04-30\"\nconsumers = [\"MMOS\"]\n",
        );
        assert!(check_lifecycle(&m, &t, &etl_to_mmos()).is_empty());
        let (m, t) = manifest("status = \"sunset\"\n");
        assert_eq!(check_lifecycle(&m, &t, &[]).len(), 1);
    }

    #[test]
    fn removing_a_pack_needs_its_deprecation_to_have_run_its_course() {
        let today = parse_date("2026-03-01").expect("date");
        let (head, _) = manifest("status = \"active\"\n");
        let head = Manifest {
            packs: head
                .packs
                .into_iter()
                .filter(|p| p.name == "mmos")
                .collect(),
            ..head
        };
        let (active, _) = manifest("status = \"active\"\n");
        assert_eq!(
            messages(&check_removals(&active, &head, today)),
            ["the change removes pack `etl` without a deprecation notice"]
        );
        let (early, _) = manifest("status = \"deprecated\"\nremoval_on = \"2026-04-30\"\n");
        assert_eq!(check_removals(&early, &head, today).len(), 1);
        let (due, _) = manifest("status = \"deprecated\"\nremoval_on = \"2026-02-28\"\n");
        assert!(check_removals(&due, &head, today).is_empty());
        let (retired, _) = manifest("status = \"retired\"\n");
        assert!(check_removals(&retired, &head, today).is_empty());
    }
}

//! The `registry-file-name` rule.
use crate::rules::Cx;
use accord_model::Finding;
use accord_model::manifest::normalize_pack_name;

accord_model::declare_rule! {
    /// ## What it does
    /// Checks that a contract's file name follows `{provider}-{consumer}-v{version}.yaml`
    /// and agrees with what the file says. Pack names are compared ignoring case and
    /// punctuation (`creator-os` = `CreatorOS`); the database is `db`.
    ///
    /// ## Why is this bad?
    /// People and tools find contracts by file name (seed 000 "Contract Repository").
    /// A file named `v1.0.0` that declares `1.1.0`, or named after the wrong packs, sends
    /// readers to the wrong promise.
    ///
    /// ## Example
    /// ```yaml
    /// # mmos-creator-os-v1.0.0.yaml
    /// contract:
    ///   version: "1.1.0"     # the file name says 1.0.0
    ///   provider: MMOS
    ///   consumer: CreatorOS
    /// ```
    ///
    /// ## How to fix
    /// Rename the file to the name shown in the finding (a new version is a new file), or
    /// correct `version`, `provider` or `consumer`. When the contract names a party that is
    /// no declared pack and the file name names one, the finding trusts the file name and
    /// points at the party to fix in the contract.
    pub static REGISTRY_FILE_NAME = {
        id: "registry-file-name",
        group: "registry",
        class: Risky,
        bump: None,
        summary: "the file name does not match the contract's provider, consumer and version",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for c in cx.contracts {
        let file = c.path.rsplit('/').next().unwrap_or(&c.path);
        let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        let provider = cx.slug(&c.provider);
        let consumers: Vec<String> = c.consumers.iter().map(|n| cx.slug(n)).collect();
        let expected = format!("{provider}-{}-v{}.yaml", consumers.join("-"), c.version);
        let (parties, version) = match stem.rsplit_once("-v") {
            Some((parties, version)) => (parties, Some(version)),
            None => (stem, None),
        };
        let wanted = normalize_pack_name(&format!("{provider}{}", consumers.join("")));
        let parties_ok = normalize_pack_name(parties) == wanted
            || consumers.iter().any(|one| {
                normalize_pack_name(&format!("{provider}{one}")) == normalize_pack_name(parties)
            });
        let version_ok = version == Some(c.version.as_str());
        if parties_ok && version_ok {
            continue;
        }
        if !parties_ok
            && let Some((pointer, role, written, pack)) = typo_named_right(cx, c, parties)
        {
            // The file name names a declared pack where the content names none: the
            // content has the typo, and renaming the file would spread it.
            out.push(
                cx.finding(
                    &REGISTRY_FILE_NAME,
                    c,
                    &pointer,
                    "file-name",
                    format!(
                        "file name `{file}` names pack `{pack}` where the contract's {role} is `{written}`, which is not a declared pack"
                    ),
                )
                .with_help(format!(
                    "fix the contract: `{role}: {pack}` (the file name is right)"
                )),
            );
            continue;
        }
        let (pointer, why) = if !version_ok {
            (
                "/contract/version",
                format!("declares version `{}`", c.version),
            )
        } else {
            (
                "/contract/provider",
                format!("connects `{}` to `{}`", c.provider, c.consumers.join(", ")),
            )
        };
        out.push(
            cx.finding(
                &REGISTRY_FILE_NAME,
                c,
                pointer,
                "file-name",
                format!("file name `{file}` does not match the contract, which {why}"),
            )
            .with_help(format!("rename the file to `{expected}`")),
        );
    }
}

/// When one party of `contract` is no declared pack and putting a declared pack in its
/// place makes the file name's `parties` match: (pointer, role, as written, the pack's key).
fn typo_named_right(
    cx: &Cx<'_>,
    contract: &accord_model::contract::Contract,
    parties: &str,
) -> Option<(String, &'static str, String, String)> {
    let wanted = normalize_pack_name(parties);
    let slugs: Vec<String> = std::iter::once(&contract.provider)
        .chain(&contract.consumers)
        .map(|n| cx.slug(n))
        .collect();
    let names: Vec<&String> = std::iter::once(&contract.provider)
        .chain(&contract.consumers)
        .collect();
    for (i, name) in names.iter().enumerate() {
        if cx.manifest.knows(name) {
            continue;
        }
        for pack in &cx.manifest.packs {
            let mut replaced = slugs.clone();
            replaced[i] = pack.name.clone();
            if normalize_pack_name(&replaced.concat()) == wanted {
                let (pointer, role) = if i == 0 {
                    ("/contract/provider".to_string(), "provider")
                } else {
                    (crate::rules::consumer_pointer(contract, i - 1), "consumer")
                };
                return Some((pointer, role, (*name).clone(), pack.name.clone()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{PACKS, contract, lint, of};

    #[test]
    fn fires_on_version_and_party_mismatch_only() {
        let body = contract("MMOS → CreatorOS", "1.0.0", "stable", "MMOS", "CreatorOS");
        let ok = lint(PACKS, &[("c/mmos-creator-os-v1.0.0.yaml", &body)]);
        assert!(of("registry-file-name", &ok).is_empty());
        let ok = lint(PACKS, &[("c/MMOS-CreatorOS-v1.0.0.yaml", &body)]);
        assert!(
            of("registry-file-name", &ok).is_empty(),
            "normalized names match"
        );
        let bad = lint(PACKS, &[("c/mmos-creator-os-v1.1.0.yaml", &body)]);
        let bad = of("registry-file-name", &bad);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].location.line, 3, "points at the version");
        assert!(
            bad[0]
                .help
                .as_deref()
                .unwrap()
                .contains("mmos-creator-os-v1.0.0.yaml")
        );
        let bad = lint(PACKS, &[("c/creator-os-mmos-v1.0.0.yaml", &body)]);
        assert_eq!(of("registry-file-name", &bad).len(), 1);
    }

    #[test]
    fn a_typo_in_the_content_is_fixed_in_the_content_not_by_renaming() {
        let body = contract("MMOS → CreatorOS", "1.0.0", "stable", "MMOS", "CreatorOSS");
        let bad = lint(PACKS, &[("c/mmos-creator-os-v1.0.0.yaml", &body)]);
        let bad = of("registry-file-name", &bad);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].location.line, 6, "points at the consumer");
        assert_eq!(
            bad[0].help.as_deref(),
            Some("fix the contract: `consumer: creator-os` (the file name is right)")
        );
        let body = contract("MMOS → CreatorOS", "1.0.0", "stable", "MMSO", "CreatorOS");
        let bad = lint(PACKS, &[("c/mmos-creator-os-v1.0.0.yaml", &body)]);
        let bad = of("registry-file-name", &bad);
        assert_eq!(bad[0].location.line, 5, "points at the provider");
        assert!(
            bad[0].message.contains("names pack `mmos`"),
            "{}",
            bad[0].message
        );
    }

    #[test]
    fn database_is_db() {
        let body = contract("MMOS → Database", "1.0.0", "stable", "MMOS", "Database");
        assert!(
            of(
                "registry-file-name",
                &lint(PACKS, &[("mmos-db-v1.0.0.yaml", &body)])
            )
            .is_empty()
        );
    }
}

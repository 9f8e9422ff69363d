//! Where the ledger is, as whoever runs Accord decides: `--ledger`, then `ACCORD_LEDGER`,
//! then `[ledger]` of the repository's own manifest (confined to the repository), then
//! `.accord/ledger.db`. Recording in CI (`CI=true`) refuses a location the repository chose,
//! since the change under review wrote that manifest.

use accord_model::manifest::Manifest;
use std::path::Path;

/// True when running in CI, where the repository must not choose where decisions go.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// The ledger location for this run.
pub fn target(
    manifest: &Manifest,
    manifest_text: &str,
    root: &Path,
    flag: Option<&str>,
    require_trusted: bool,
) -> anyhow::Result<accord_policy::LedgerTarget> {
    let env = |name: &str| std::env::var(name).ok();
    let cwd = std::env::current_dir()?;
    let settings = accord_policy::LedgerSettings {
        flag,
        env: &env,
        require_trusted,
        cwd: &cwd,
    };
    let (target, _origin) =
        accord_policy::LedgerTarget::resolve(&settings, manifest, manifest_text, root)?;
    Ok(target)
}

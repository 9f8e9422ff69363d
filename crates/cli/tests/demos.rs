//! The examples' demos announce decisions; each asserts its own and fails when Accord
//! decides otherwise, so a README that shows a DENY can never silently turn into an APPROVE.

mod common;

use common::repo_root;
use std::process::Command;

fn run_demo(example: &str) {
    let script = repo_root().join("examples").join(example).join("demo.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg(env!("CARGO_BIN_EXE_accord"))
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{} failed ({}):\n{}\n{}",
        script.display(),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn expansion_packs_demo_denies_the_breaking_minor_release() {
    run_demo("expansion-packs");
}

#[test]
fn opshelm_demo_approves_safe_conditions_risky_and_denies_breaking() {
    run_demo("opshelm");
}

#[test]
fn extension_platform_demo_rejects_gpl_branch_and_patch_and_the_advisory_hit() {
    run_demo("extension-platform");
}

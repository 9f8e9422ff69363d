//! The lockfile readers on real files, against an independent oracle: this workspace's own
//! `Cargo.lock` must give exactly the registry packages `cargo metadata` resolves.

use accord_vcs::WorkingTree;
use accord_vet::deps::{Ecosystem, collect};
use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn the_workspace_cargo_lock_matches_cargo_metadata() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let deps = collect(&WorkingTree::new(&root), &["Cargo.lock".to_string()], None).unwrap();
    let ours: BTreeSet<(String, String)> = deps
        .iter()
        .filter(|d| d.ecosystem == Ecosystem::Cargo && d.exact)
        .map(|d| (d.name.clone(), d.version.clone()))
        .collect();
    let out = std::process::Command::new(env!("CARGO"))
        .current_dir(&root)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        // Only this platform's packages are downloaded on a build machine.
        .args(["--filter-platform", &host_triple()])
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let oracle: BTreeSet<(String, String)> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !p["source"].is_null())
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["version"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(ours.len() > 100, "{}", ours.len());
    // cargo metadata lists only packages the current platform's resolve needs; the lockfile
    // holds every platform's. Everything metadata knows must be read, nothing invented.
    let missing: Vec<_> = oracle.difference(&ours).collect();
    assert!(missing.is_empty(), "not read from Cargo.lock: {missing:?}");
}

fn host_triple() -> String {
    let out = std::process::Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_string()
}

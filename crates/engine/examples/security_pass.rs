//! Times the architecture pass (boundaries, graph, usages), SecuritySentry's tree pass and the
//! whole tree check on one tree, interleaved round by round, in one process (bench/arch.sh):
//!
//!     cargo run --release -p accord-engine --example security_pass -- DIR [RUNS]
#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

use accord_contract::conformance::ConformanceOptions;
use std::path::Path;
use std::time::Instant;

fn median(v: &mut [u128]) -> u128 {
    v.sort_unstable();
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: security_pass DIR [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let ws = accord_engine::Workspace::at(&Path::new(&dir).join("accord.toml"))?;
    let registry = accord_contract::load_registry(&ws.root, &ws.manifest)?;
    let (mut arch, mut sec, mut check) = (Vec::new(), Vec::new(), Vec::new());
    let mut found = 0;
    for _ in 0..runs {
        let t = Instant::now();
        accord_engine::arch::analyze(
            &ws.root,
            &ws.manifest,
            &ws.manifest_text,
            &registry.contracts,
        )?;
        arch.push(t.elapsed().as_millis());
        let t = Instant::now();
        found = accord_engine::security::analyze(&ws, &registry.contracts)?.len();
        sec.push(t.elapsed().as_millis());
        let t = Instant::now();
        accord_engine::check(&ws, &ConformanceOptions::default())?;
        check.push(t.elapsed().as_millis());
    }
    println!("arch ms: {arch:?}");
    println!("security ms: {sec:?} ({found} findings)");
    println!("check ms: {check:?}");
    let (a, s, c) = (median(&mut arch), median(&mut sec), median(&mut check));
    let rest = c.saturating_sub(a + s).max(1);
    println!(
        "medians: arch {a} ms, security {s} ms, check {c} ms; security adds {:.1} %, boundaries + usage + security add {:.1} % to the rest of check ({rest} ms)",
        100.0 * s as f64 / rest as f64,
        100.0 * (a + s) as f64 / rest as f64
    );
    Ok(())
}

//! Times the secret scan (`accord_model::redact::secrets`) over every file under a directory,
//! as SecuritySentry's tree pass runs it (bench/arch.sh's tree: 20 MB of Rust, 117 MB of
//! surface snapshots):
//!
//!     cargo run --release -p accord-model --example redact_scan -- DIR [RUNS]
#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

use std::path::Path;
use std::time::Instant;

fn collect(dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            out.push(text);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: redact_scan DIR [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let mut texts = Vec::new();
    collect(Path::new(&dir), &mut texts)?;
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..runs {
        let t = Instant::now();
        found = texts
            .iter()
            .map(|t| accord_model::redact::secrets(t).len())
            .sum::<usize>();
        times.push(t.elapsed().as_millis());
    }
    times.sort_unstable();
    println!(
        "{} files, {bytes} bytes, {found} secrets; one thread, ms: {times:?} (median {}, {:.0} MB/s)",
        texts.len(),
        times[times.len() / 2],
        bytes as f64 / 1e3 / times[times.len() / 2].max(1) as f64
    );
    Ok(())
}

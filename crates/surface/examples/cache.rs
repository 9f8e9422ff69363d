//! One extraction with the per-file parse cache, as one `accord` run would do it (issue 4,
//! performance: "a re-run after editing one file of a 1 M-line tree re-parses one file").
//!
//!   cargo run --release -p accord-surface --example cache -- DIR LANG CACHE_DIR|-
//!
//! Prints one line: files, parsed, from_cache (of which stat_clean: neither read nor hashed),
//! whole_packages (1 when the package entry was the whole answer), moved_only (changed files whose edit only moved code, applied to the package entry), untrusted entries, symbols, wall time and peak resident memory of the extraction, and a hash
//! of the surface JSON (so runs with and without the cache can be compared). `-` disables the
//! cache.
#![allow(clippy::print_stdout)]

use accord_model::surface::Language;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::time::Instant;

// The allocator of the `accord` binary, so the times are the ones a user sees.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(lang), Some(cache)) = (
        args.first().map(PathBuf::from),
        args.get(1).and_then(|l| Language::parse(l)),
        args.get(2),
    ) else {
        println!("usage: cache DIR rust|typescript|javascript|python CACHE_DIR|-");
        std::process::exit(2);
    };
    let options = accord_surface::Options {
        cache_dir: (cache != "-").then(|| PathBuf::from(cache)),
        ..accord_surface::Options::default()
    };
    let t = Instant::now();
    let x = match accord_surface::extract(&dir, Some(lang), &options) {
        Ok(x) => x,
        Err(e) => {
            println!("extraction failed: {e}");
            std::process::exit(1);
        }
    };
    let ms = t.elapsed().as_secs_f64() * 1e3;
    // Peak resident memory of the extraction, before hashing the surface below adds its own.
    let peak_kb = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .unwrap_or(0);
    let json = accord_surface::snapshot::to_json(&x.surface);
    let digest = Sha256::digest(json.as_bytes());
    let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    println!(
        "files={} parsed={} from_cache={} stat_clean={} whole_packages={} moved_only={} skipped={} corrupt={} untrusted={} refused={} symbols={} time_ms={ms:.0} peak_mib={} surface_sha256={hash}",
        x.stats.files,
        x.stats.parsed,
        x.stats.from_cache,
        x.stats.stat_clean,
        x.stats.whole_packages,
        x.stats.moved_only,
        x.stats.skipped,
        x.stats.corrupt,
        x.stats.untrusted,
        x.stats.cache_refused,
        x.surface.symbols.len(),
        peak_kb / 1024,
    );
}

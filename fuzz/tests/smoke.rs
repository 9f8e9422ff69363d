//! The CI smoke run of every fuzz target, on the stable toolchain without libFuzzer.
//!
//! Each target replays its seed corpus (`corpus/<target>/seed-*`), then a bounded number of
//! mutations of those seeds (byte flips, insertions of the tokens parsers care about,
//! deletions, duplications, splices), from a fixed PRNG seed so a failure reproduces. A
//! panic is reported with the input written to `target/fuzz-smoke-failures/`, ready to be
//! replayed by `cargo fuzz run <target> <file>`.
//!
//! Bounds, from the environment: `FUZZ_SMOKE_RUNS` mutations per target (default 400),
//! `FUZZ_SMOKE_SECONDS` per target (default 20, whichever comes first), and
//! `FUZZ_SMOKE_SEED` for another sequence of mutations.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Fragments that open or close the structures of the formats under test.
const TOKENS: &[&[u8]] = &[
    b"\0",
    b"\n",
    b"\r",
    b"\r\n",
    b"\t",
    b" ",
    b"{",
    b"}",
    b"[",
    b"]",
    b"(",
    b")",
    b"<",
    b">",
    b"\"",
    b"'",
    b"`",
    b"\\",
    b"$$",
    b"$a$",
    b"E'",
    b"--",
    b"/*",
    b"*/",
    b"#",
    b"##",
    b"---",
    b"...",
    b"&a",
    b"*a",
    b"!!",
    b"|",
    b":",
    b"=",
    b"[[",
    b"]]",
    b",",
    b";",
    b"::",
    b"<<",
    b"\xc3\xa9",
    b"\xe2\x86\x92",
    b"\xef\xbb\xbf",
    b"\xf0\x9f\x92\xa5",
    b"\xff",
    b"\xc3",
    b"mod a;",
    b"pub ",
    b"impl ",
    b"export ",
    b"import ",
    b"from ",
    b"def ",
    b"class ",
    b"CREATE TABLE t (",
    b"ALTER TABLE ",
    b"BEGIN",
    b"END",
    b"$ref",
    b"\"type\"",
    b"properties",
    b"required",
    b"9999999999999999999999",
    b"-0.0e-400",
    b"\\u0000",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: enough to spread mutations, reproducible from the seed.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..=rng.below(4) {
        let len = input.len();
        let at = rng.below(len + 1);
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next() as u8;
            }
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                input.splice(at..at, token.iter().copied());
            }
            3 if len > 0 => {
                let end = (at + rng.below(32) + 1).min(len);
                input.drain(at.min(end)..end);
            }
            4 if len > 0 => {
                let start = rng.below(len);
                let end = (start + rng.below(64) + 1).min(len);
                let copy = input[start..end].to_vec();
                input.splice(at..at, copy);
            }
            5 if !seeds.is_empty() => {
                let other = &seeds[rng.below(seeds.len())];
                let start = rng.below(other.len() + 1);
                let end = (start + rng.below(256)).min(other.len());
                input.splice(at..at, other[start..end].iter().copied());
            }
            _ => {
                // Deep nesting: the recursion limits must hold.
                let token: &[u8] = [&b"["[..], b"{", b"(", b"- "][rng.below(4)];
                let depth = rng.below(400);
                let opened: Vec<u8> = token.iter().copied().cycle().take(depth).collect();
                input.splice(at..at, opened);
            }
        }
    }
    input.truncate(64 * 1024);
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = crate_dir().join("corpus").join(target);
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("seed-"))
        })
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

/// Runs `run` on `input`; on a panic, saves the input and fails naming it.
fn run_one(target: &str, what: &str, run: fn(&[u8]), input: &[u8]) {
    if catch_unwind(AssertUnwindSafe(|| run(input))).is_ok() {
        return;
    }
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate_dir().join("target"));
    let dir = target_dir.join("fuzz-smoke-failures");
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join(format!("{target}-{what}"));
    let _ = std::fs::write(&file, input);
    panic!(
        "fuzz target `{target}` panicked on {what}; input saved to {} \
         (replay: cd fuzz && cargo fuzz run {target} {})",
        file.display(),
        file.display()
    );
}

fn smoke(target: &str) {
    let run = accord_fuzz::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, f)| *f)
        .expect("a registered target");
    let seeds = seeds(target);
    assert!(
        !seeds.is_empty(),
        "corpus/{target}/ has no seed-* file: every target needs seeds"
    );
    for (path, bytes) in &seeds {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        run_one(target, &name, run, bytes);
    }
    let runs: usize = env_or("FUZZ_SMOKE_RUNS", 400);
    let budget = Duration::from_secs(env_or("FUZZ_SMOKE_SECONDS", 20));
    let seed: u64 = env_or("FUZZ_SMOKE_SEED", 0x5eed_acc0_4d00_f022);
    // One sequence per target, so adding a target does not change the others' inputs.
    let mut rng = Rng(seed
        ^ target.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        }));
    let only_bytes: Vec<Vec<u8>> = seeds.iter().map(|(_, b)| b.clone()).collect();
    let start = Instant::now();
    let mut done = 0;
    while done < runs && start.elapsed() < budget {
        let mut input = only_bytes[rng.below(only_bytes.len())].clone();
        mutate(&mut rng, &only_bytes, &mut input);
        run_one(target, &format!("mutation-{done}"), run, &input);
        done += 1;
    }
    // Visible with --nocapture; the count is what the smoke run proved.
    eprintln!(
        "{target}: {} seeds, {done} mutations in {:.1?}",
        seeds.len(),
        start.elapsed()
    );
}

#[test]
fn every_target_is_smoked() {
    // A target added to TARGETS without a test below would never run in CI.
    let tested = [
        "manifest",
        "contract",
        "schema_diff",
        "markdown",
        "sql",
        "surface_rust",
        "surface_ts",
        "surface_python",
        "cli_flags",
    ];
    let names: Vec<&str> = accord_fuzz::TARGETS.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, tested);
    for name in names {
        let bin = crate_dir().join("fuzz_targets").join(format!("{name}.rs"));
        assert!(bin.is_file(), "{} is missing", bin.display());
    }
}

#[test]
fn manifest() {
    smoke("manifest");
}

#[test]
fn contract() {
    smoke("contract");
}

#[test]
fn schema_diff() {
    smoke("schema_diff");
}

#[test]
fn markdown() {
    smoke("markdown");
}

#[test]
fn sql() {
    smoke("sql");
}

#[test]
fn surface_rust() {
    smoke("surface_rust");
}

#[test]
fn surface_ts() {
    smoke("surface_ts");
}

#[test]
fn surface_python() {
    smoke("surface_python");
}

/// The surface targets write their input as a package: the multi-file seeds must reach every
/// file, or the fuzzer would only ever exercise the "no entry point" error.
#[test]
fn surface_seeds_reach_every_module() {
    use accord_fuzz::Package;
    use accord_model::surface::Language;
    for (target, language, expected) in [
        ("surface_rust", Language::Rust, ["f", "A", "B"]),
        ("surface_ts", Language::TypeScript, ["f", "A", "C"]),
        ("surface_python", Language::Python, ["f", "A", "C"]),
    ] {
        let seed = std::fs::read(
            crate_dir()
                .join("corpus")
                .join(target)
                .join("seed-multi-file"),
        )
        .expect("the multi-file seed");
        let symbols = Package::new(language).run(&seed);
        // Symbol paths differ by language (`a::A`, `.:A`, `pkg.A`, overloads `f#1`): compare
        // the last segment.
        let names: Vec<&str> = symbols
            .iter()
            .map(|s| {
                let s = s.split('#').next().unwrap_or(s);
                s.rsplit([':', '.']).next().unwrap_or(s)
            })
            .collect();
        for name in expected {
            assert!(
                names.contains(&name),
                "{target}: no symbol `{name}` in {symbols:?}"
            );
        }
    }
}

#[test]
fn cli_flags() {
    smoke("cli_flags");
}

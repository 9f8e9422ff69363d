//! The `accord` binary: a thin shell around [`accord_cli::run`].

use std::io::Write;
use std::process::ExitCode;

// Parsing a large registry allocates millions of small nodes and spans; mimalloc cuts the
// allocator's share of `check --base` on 20 000 contracts (see docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = stderr.lock();
    let code = accord_cli::run(std::env::args_os(), &mut out, &mut err);
    // A closed pipe (`accord … | head`) is not a tool error.
    let _ = out.flush();
    ExitCode::from(code)
}

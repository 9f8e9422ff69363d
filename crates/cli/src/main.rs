//! The `accord` binary: a thin shell around [`accord_cli::run`].

use std::io::Write;
use std::process::ExitCode;

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

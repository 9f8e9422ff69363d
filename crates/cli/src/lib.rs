//! The `accord` command line: parses arguments, loads the repository, calls the library
//! crates and renders what they return. This is the only crate that prints, and it
//! prints only to the writers it is handed, so every command can be tested in-process.
//!
//! ```no_run
//! let mut out = Vec::new();
//! let mut err = Vec::new();
//! let code = accord_cli::run(["accord", "rules"], &mut out, &mut err);
//! assert_eq!(code, 0);
//! ```

mod catalog;
mod cli;
mod commands;
pub mod generated;
mod ledger;
mod output;
pub mod reference;
mod workspace;

pub use catalog::catalog;

use std::ffi::OsString;
use std::io::Write;

/// Exit code: nothing to report at error level.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings at error level, a DENY decision, or an incompatible change.
pub const EXIT_FAILED: u8 = 1;
/// Exit code: the tool could not run (bad manifest, I/O, bad arguments).
pub const EXIT_ERROR: u8 = 2;

/// Runs `accord` with `args` (the first is the program name), writing to `out` and `err`.
/// Returns the process exit code.
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    cli::run(args, out, err)
}

/// Whether `accord` accepts `args` (the first is the program name) as a command line,
/// without running anything: `Err` holds clap's message. The test of the CI recipes
/// (`docs/ci.md`) uses it so that a renamed command or flag fails a test, not a user's CI.
#[doc(hidden)]
pub fn accepts<I, T>(args: I) -> Result<(), String>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    cli::accepts(args)
}

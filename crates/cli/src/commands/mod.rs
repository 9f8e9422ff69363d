//! One module per subcommand.

pub mod check;
pub mod contracts;
pub mod explain;
pub mod init;
pub mod rules;
pub mod validate;

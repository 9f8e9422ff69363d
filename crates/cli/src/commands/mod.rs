//! One module per subcommand.

pub mod check;
pub mod contracts;
pub mod db;
pub mod decision;
pub mod diff;
pub mod explain;
pub mod generate;
pub mod init;
pub mod migrate;
pub mod rules;
pub mod schema;
pub mod surface;
pub mod validate;

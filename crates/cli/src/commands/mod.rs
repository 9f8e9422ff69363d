//! One module per subcommand.

pub mod approve;
pub mod check;
pub mod contracts;
pub mod db;
pub mod decision;
pub mod diff;
pub mod explain;
pub mod gate;
pub mod generate;
pub mod graph;
pub mod init;
pub mod migrate;
pub mod new;
pub mod rules;
pub mod schema;
pub mod surface;
pub mod tests;
pub mod validate;
pub mod vet;

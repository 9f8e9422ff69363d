//! The catalogue of every rule Accord knows, across all rule crates (tested once, for every
//! crate, in `crates/engine/tests/catalog.rs`).

pub use accord_engine::catalog;

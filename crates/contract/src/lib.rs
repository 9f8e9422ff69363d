//! accord-contract (placeholder, filled in by its owner).

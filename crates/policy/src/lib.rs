//! accord-policy (placeholder, filled in by its owner).

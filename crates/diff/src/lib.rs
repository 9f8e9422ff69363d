//! accord-diff (placeholder, filled in by its owner).

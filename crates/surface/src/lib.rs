//! accord-surface (placeholder, filled in by its owner).

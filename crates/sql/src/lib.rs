//! accord-sql (placeholder, filled in by its owner).

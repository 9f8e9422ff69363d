-- Epic: EPIC-001-unified-database
-- Pack: SuperAgentes
-- Shared table (seed 001): every pack may write it. The `migrations` table is Accord's
-- tracking table, created by `accord migrate apply` itself.

CREATE TABLE metadata (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO metadata (key, value) VALUES ('schema_version', '1.0.0');

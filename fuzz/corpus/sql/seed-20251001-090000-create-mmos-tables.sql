-- Epic: EPIC-001-unified-database
-- Packs affected: MMOS
-- Pack: SuperAgentes
-- MMOS owns minds, cognitive_specs and mind_fragments (seed 001 "Table Ownership Model").

CREATE TABLE minds (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    fidelity_score REAL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE cognitive_specs (
    id INTEGER PRIMARY KEY,
    mind_id INTEGER NOT NULL REFERENCES minds (id),
    version TEXT NOT NULL,
    spec_path TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (mind_id, version)
);

CREATE TABLE mind_fragments (
    id INTEGER PRIMARY KEY,
    mind_id INTEGER NOT NULL REFERENCES minds (id),
    kind TEXT NOT NULL,
    content TEXT NOT NULL,
    source_ref TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX mind_fragments_mind_id ON mind_fragments (mind_id);

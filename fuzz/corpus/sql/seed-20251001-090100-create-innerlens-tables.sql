-- Epic: EPIC-001-unified-database
-- Packs affected: InnerLens
-- Pack: SuperAgentes

CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    mind_slug TEXT NOT NULL,
    kind TEXT NOT NULL,
    uri TEXT NOT NULL,
    collected_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE fragments (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources (id),
    text TEXT NOT NULL,
    token_count INTEGER,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX fragments_source_id ON fragments (source_id);

-- Psychometric scores are SENSITIVE (seed 001 "Data Privacy").
CREATE TABLE big_five_profiles (
    id INTEGER PRIMARY KEY,
    mind_slug TEXT NOT NULL UNIQUE,
    openness REAL,
    conscientiousness REAL,
    extraversion REAL,
    agreeableness REAL,
    neuroticism REAL,
    confidence REAL,
    analyzed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Epic: EPIC-001-unified-database
-- Packs affected: CreatorOS
-- Pack: SuperAgentes

CREATE TABLE courses (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    mind_slug TEXT,
    status TEXT NOT NULL DEFAULT 'draft',
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE lessons (
    id INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES courses (id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    body_path TEXT,
    UNIQUE (course_id, position)
);

CREATE TABLE content_projects (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE content_pieces (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES content_projects (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    fidelity_score REAL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE audience_profiles (
    id INTEGER PRIMARY KEY,
    project_id INTEGER REFERENCES content_projects (id),
    name TEXT NOT NULL,
    description TEXT
);

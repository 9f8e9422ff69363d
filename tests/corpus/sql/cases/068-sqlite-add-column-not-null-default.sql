-- reason: constant default: accepted by SQLite
-- expect: none
-- dialect: sqlite
ALTER TABLE users ADD COLUMN tier TEXT NOT NULL DEFAULT 'free';

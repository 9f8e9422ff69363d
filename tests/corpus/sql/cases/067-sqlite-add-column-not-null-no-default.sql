-- reason: SQLite refuses NOT NULL without a default
-- expect: migration-sqlite-add-column-refused migration-not-null-without-default
-- dialect: sqlite
ALTER TABLE users ADD COLUMN tier TEXT NOT NULL;

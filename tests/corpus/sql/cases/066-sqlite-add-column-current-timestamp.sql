-- reason: SQLite refuses a non-constant default in ADD COLUMN
-- expect: migration-sqlite-add-column-refused
-- dialect: sqlite
ALTER TABLE users ADD COLUMN created_at TEXT DEFAULT CURRENT_TIMESTAMP;

-- reason: SQLite refuses a UNIQUE column in ADD COLUMN
-- expect: migration-sqlite-add-column-refused migration-unique-on-existing
-- dialect: sqlite
ALTER TABLE users ADD COLUMN handle TEXT UNIQUE;

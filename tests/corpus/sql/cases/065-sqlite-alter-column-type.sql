-- reason: SQLite has no ALTER COLUMN
-- expect: migration-sqlite-alter-refused
-- dialect: sqlite
ALTER TABLE users ALTER COLUMN age TYPE BIGINT;

-- reason: old code still uses the old name
-- expect: migration-rename-column
SET lock_timeout = '2s';
ALTER TABLE users RENAME COLUMN name TO full_name;

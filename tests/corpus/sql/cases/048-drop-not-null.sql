-- reason: readers that expect a value start seeing NULL
-- expect: migration-drop-not-null
SET lock_timeout = '2s';
ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;

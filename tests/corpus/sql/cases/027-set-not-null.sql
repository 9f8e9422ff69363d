-- reason: SET NOT NULL scans the table under ACCESS EXCLUSIVE and fails on NULLs
-- expect: migration-set-not-null
SET lock_timeout = '2s';
ALTER TABLE users ALTER COLUMN email SET NOT NULL;

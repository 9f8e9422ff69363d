-- reason: readers of the column break
-- expect: migration-drop-column
SET lock_timeout = '2s';
ALTER TABLE users DROP COLUMN legacy_flag;

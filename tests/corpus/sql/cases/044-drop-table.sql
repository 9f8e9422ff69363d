-- reason: readers and writers of the table break
-- expect: migration-drop-table
SET lock_timeout = '2s';
DROP TABLE IF EXISTS old_sessions;

-- reason: int to bigint rewrites the table and its indexes
-- expect: migration-type-change-rewrites
SET lock_timeout = '2s';
ALTER TABLE events ALTER COLUMN id TYPE BIGINT;

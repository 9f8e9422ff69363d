-- reason: history says numeric(10,2); a new scale rewrites
-- expect: migration-type-change-rewrites
SET lock_timeout = '2s';
ALTER TABLE prices ALTER COLUMN amount TYPE NUMERIC(10,4);

-- reason: timestamp to timestamptz rewrites (outside a UTC session)
-- expect: migration-type-change-rewrites
SET lock_timeout = '2s';
ALTER TABLE sessions ALTER COLUMN expires_at TYPE TIMESTAMPTZ;

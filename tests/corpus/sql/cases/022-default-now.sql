-- reason: now() is stable: stored once in the catalog since PostgreSQL 11
-- expect: none
SET lock_timeout = '2s';
ALTER TABLE jobs ADD COLUMN created_at TIMESTAMPTZ DEFAULT now();

-- reason: SET DEFAULT is a catalog change
-- expect: none
SET lock_timeout = '2s';
ALTER TABLE users ALTER COLUMN locale SET DEFAULT 'en';

-- reason: nullable column, lock and statement bounded
-- expect: none
SET lock_timeout = '2s';
SET statement_timeout = '5s';
ALTER TABLE users ADD COLUMN avatar_url TEXT;

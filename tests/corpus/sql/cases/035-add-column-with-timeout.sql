-- reason: nullable column, lock wait bounded
-- expect: none
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN bio TEXT;

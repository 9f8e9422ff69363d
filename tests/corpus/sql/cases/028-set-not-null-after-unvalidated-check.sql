-- reason: a NOT VALID check proves nothing: SET NOT NULL still scans
-- expect: migration-set-not-null
SET lock_timeout = '2s';
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;

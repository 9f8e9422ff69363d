-- reason: blocking unique build that fails on duplicates
-- expect: migration-index-not-concurrent migration-unique-on-existing
SET lock_timeout = '2s';
CREATE UNIQUE INDEX users_email_key ON users (email);

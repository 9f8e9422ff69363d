-- reason: ADD UNIQUE builds the index under ACCESS EXCLUSIVE and fails on duplicates
-- expect: migration-unique-on-existing
SET lock_timeout = '2s';
ALTER TABLE users ADD CONSTRAINT users_username_key UNIQUE (username);

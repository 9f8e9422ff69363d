-- reason: ADD PRIMARY KEY builds the index under ACCESS EXCLUSIVE
-- expect: migration-primary-key-without-index
SET lock_timeout = '2s';
ALTER TABLE events ADD PRIMARY KEY (id);

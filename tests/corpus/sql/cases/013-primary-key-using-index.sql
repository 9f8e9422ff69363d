-- reason: the safe PK pattern; the unique index still fails (and starts refusing writers) if duplicates exist
-- expect: migration-unique-on-existing
-- accord:no-transaction
SET lock_timeout = '2s';
CREATE UNIQUE INDEX CONCURRENTLY events_pkey_idx ON events (id);
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_pkey_idx;

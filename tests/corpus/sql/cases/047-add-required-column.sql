-- reason: NOT NULL without default fails on a non-empty table and breaks writers
-- expect: migration-not-null-without-default
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN channel TEXT NOT NULL;

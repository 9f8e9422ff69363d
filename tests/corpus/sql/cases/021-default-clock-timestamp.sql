-- reason: clock_timestamp() is volatile: rewrite
-- expect: migration-volatile-default
SET lock_timeout = '2s';
ALTER TABLE jobs ADD COLUMN enqueued_at TIMESTAMPTZ DEFAULT clock_timestamp();

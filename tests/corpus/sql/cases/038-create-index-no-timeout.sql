-- reason: blocking build and unbounded lock wait
-- expect: migration-index-not-concurrent migration-lock-timeout-missing
CREATE INDEX index_events_on_user_id ON events (user_id);

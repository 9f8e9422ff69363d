-- reason: CLUSTER rewrites the table under ACCESS EXCLUSIVE
-- expect: migration-statement-unchecked
SET lock_timeout = '2s';
CLUSTER events USING events_created_at_idx;

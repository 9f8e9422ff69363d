-- reason: valid PostgreSQL that sqlparser refused (issue 12); modelled on real downgrade migrations
-- expect: none
-- accord:no-transaction
SET lock_timeout = '2s';
DROP INDEX CONCURRENTLY IF EXISTS siret_idx;

-- reason: PostgreSQL refuses CONCURRENTLY inside BEGIN
-- expect: migration-concurrently-in-transaction
BEGIN;
DROP INDEX CONCURRENTLY IF EXISTS idx_old;
COMMIT;

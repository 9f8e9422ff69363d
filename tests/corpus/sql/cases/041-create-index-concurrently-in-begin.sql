-- reason: PostgreSQL refuses CONCURRENTLY inside BEGIN
-- expect: migration-concurrently-in-transaction
BEGIN;
CREATE INDEX CONCURRENTLY idx_users_email ON users (email);
COMMIT;

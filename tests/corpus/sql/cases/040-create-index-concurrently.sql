-- reason: concurrent build outside a transaction
-- expect: none
-- accord:no-transaction
SET lock_timeout = '2s';
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email ON users (email);

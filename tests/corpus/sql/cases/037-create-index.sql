-- reason: plain CREATE INDEX blocks writes for the whole build
-- expect: migration-index-not-concurrent
SET lock_timeout = '2s';
CREATE INDEX idx_orders_created_at ON orders (created_at);

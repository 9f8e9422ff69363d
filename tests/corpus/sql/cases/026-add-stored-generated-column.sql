-- reason: a stored generated column is computed for every row: rewrite
-- expect: migration-volatile-default
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN total_cents BIGINT GENERATED ALWAYS AS (quantity * unit_cents) STORED;

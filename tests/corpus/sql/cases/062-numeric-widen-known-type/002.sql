-- reason: history says numeric(10,2); raising precision at the same scale needs no rewrite
-- expect: none
SET lock_timeout = '2s';
ALTER TABLE prices ALTER COLUMN amount TYPE NUMERIC(14,2);

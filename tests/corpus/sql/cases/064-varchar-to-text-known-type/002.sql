-- reason: history says text; text to unbounded varchar is binary-coercible
-- expect: none
SET lock_timeout = '2s';
ALTER TABLE labels ALTER COLUMN name TYPE VARCHAR;

-- reason: an identity column is filled row by row
-- expect: migration-volatile-default
SET lock_timeout = '2s';
ALTER TABLE legacy_rows ADD COLUMN row_id BIGINT GENERATED ALWAYS AS IDENTITY;

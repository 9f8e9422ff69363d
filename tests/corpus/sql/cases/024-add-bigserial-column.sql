-- reason: a serial column is filled from nextval() row by row
-- expect: migration-volatile-default
SET lock_timeout = '2s';
ALTER TABLE legacy_rows ADD COLUMN row_id BIGSERIAL;

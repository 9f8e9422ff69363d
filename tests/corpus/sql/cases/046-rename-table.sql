-- reason: old code still uses the old name
-- expect: migration-rename-table
SET lock_timeout = '2s';
ALTER TABLE customers RENAME TO clients;

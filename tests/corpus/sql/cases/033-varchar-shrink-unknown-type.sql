-- reason: shrinking varchar rewrites and may fail
-- expect: migration-type-change-rewrites migration-type-narrowed migration-varchar-field
SET lock_timeout = '2s';
ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(50);

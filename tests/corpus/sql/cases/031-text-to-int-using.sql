-- reason: text to integer rewrites
-- expect: migration-type-change-rewrites migration-type-narrowed migration-prefer-bigint
SET lock_timeout = '2s';
ALTER TABLE products ALTER COLUMN sku TYPE INTEGER USING sku::integer;

-- reason: volatile default rewrites the table
-- expect: migration-volatile-default
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN public_id UUID DEFAULT gen_random_uuid();

-- reason: random() is volatile: rewrite
-- expect: migration-volatile-default
SET lock_timeout = '2s';
ALTER TABLE experiments ADD COLUMN bucket DOUBLE PRECISION DEFAULT random();

-- reason: constant default with NOT NULL is a catalog change since PostgreSQL 11
-- expect: none
SET lock_timeout = '2s';
ALTER TABLE accounts ADD COLUMN status TEXT NOT NULL DEFAULT 'active';

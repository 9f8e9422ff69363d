-- reason: named PK constraint builds the index under ACCESS EXCLUSIVE
-- expect: migration-primary-key-without-index
SET lock_timeout = '2s';
ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);

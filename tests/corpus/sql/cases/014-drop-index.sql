-- reason: plain DROP INDEX takes ACCESS EXCLUSIVE on the table
-- expect: migration-drop-index-not-concurrent
SET lock_timeout = '2s';
DROP INDEX idx_users_email;
